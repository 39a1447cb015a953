/**
 * A bounds-checked little-endian reader over a GGUF file's bytes. Every read checks that the
 * bytes exist first, so truncation anywhere is a `GGUF_CORRUPT` error naming the offset, and
 * every count read from the file is checked against a limit and against the bytes left before
 * anything is allocated from it.
 */
import { NoctemError, type ErrorCode } from '../core/index.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads fields in order from a file's bytes. */
export class GgufCursor {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #at = 0;

  /** @param bytes - the whole file */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The offset of the next read, in bytes. */
  get offsetBytes(): number {
    return this.#at;
  }

  /** Bytes not read yet. */
  get remainingBytes(): number {
    return this.#bytes.length - this.#at;
  }

  /**
   * Throws unless `count` more bytes exist.
   * @param count - bytes, ≥ 0
   * @param what - the field, for the message
   * @throws {NoctemError} GGUF_CORRUPT when the file ends first
   */
  need(count: number, what: string): void {
    if (count > this.remainingBytes) this.fail('GGUF_CORRUPT', `${what} runs past the end of the file`);
  }

  /** Reads a u8. */
  u8(what: string): number {
    this.need(1, what);
    return this.#view.getUint8(this.#at++);
  }

  /** Reads a u32. */
  u32(what: string): number {
    this.need(4, what);
    const value = this.#view.getUint32(this.#at, true);
    this.#at += 4;
    return value;
  }

  /** Reads a u64. */
  u64(what: string): bigint {
    this.need(8, what);
    const value = this.#view.getBigUint64(this.#at, true);
    this.#at += 8;
    return value;
  }

  /**
   * Reads a fixed-width field with `read` and moves past it.
   * @param width - bytes
   * @param what - the field, for the message
   * @param read - reads the value at an offset of the file's DataView
   */
  fixed<T>(width: number, what: string, read: (view: DataView, at: number) => T): T {
    this.need(width, what);
    const value = read(this.#view, this.#at);
    this.#at += width;
    return value;
  }

  /**
   * Reads a u64 count and checks it against a limit and against the bytes left.
   * @param what - the counted thing, for the message
   * @param countMax - the named limit's value
   * @param itemBytesMin - the fewest bytes one item takes in the file
   * @returns the count as a safe integer
   * @throws {NoctemError} GGUF_LIMIT above the limit, GGUF_CORRUPT when the items cannot fit
   */
  count(what: string, countMax: number, itemBytesMin: number): number {
    const raw = this.u64(`the ${what} count`);
    if (raw > BigInt(countMax)) this.fail('GGUF_LIMIT', `it declares ${raw} ${what}, more than the limit of ${countMax}`);
    const count = Number(raw);
    if (count * itemBytesMin > this.remainingBytes) this.fail('GGUF_CORRUPT', `its ${count} ${what} cannot fit in the bytes left`);
    return count;
  }

  /**
   * Reads a GGUF string (u64 length, UTF-8 bytes) and checks it is valid UTF-8.
   * @param what - the field, for the message
   * @param bytesMax - the named limit on its length
   * @throws {NoctemError} GGUF_LIMIT when longer, GGUF_CORRUPT when truncated or not UTF-8
   */
  string(what: string, bytesMax: number): string {
    const length = this.u64(`the length of ${what}`);
    if (length > BigInt(bytesMax)) this.fail('GGUF_LIMIT', `${what} is ${length} bytes long, more than the limit of ${bytesMax}`);
    this.need(Number(length), what);
    const bytes = this.#bytes.subarray(this.#at, this.#at + Number(length));
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch (error) {
      // TextDecoder throws TypeError on malformed UTF-8: translated to the file's integrity error.
      this.fail('GGUF_CORRUPT', `${what} is not valid UTF-8`, error);
    }
    this.#at += bytes.length;
    return text;
  }

  /**
   * Throws a reader error naming the current offset.
   * @param code - a GGUF error code
   * @param reason - what is wrong, completing "Cannot read the GGUF file: "
   * @param cause - the foreign error translated, if any
   */
  fail(code: ErrorCode, reason: string, cause?: unknown): never {
    throw new NoctemError(code, `Cannot read the GGUF file: ${reason} (at byte ${this.#at})`, {
      details: { offsetBytes: this.#at }, ...(cause === undefined ? {} : { cause }),
    });
  }
}
