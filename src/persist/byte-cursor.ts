/**
 * Little-endian byte cursors for the home checkpoint codecs: {@link ByteSink} grows as it is
 * written; {@link ByteSource} reads untrusted bytes and turns every read past the end into a
 * FORMAT_CORRUPT error instead of a RangeError.
 */
import { NoctemError } from '../core/index.ts';

/** A growable little-endian byte buffer. */
export class ByteSink {
  #bytes = new Uint8Array(256);
  #view = new DataView(this.#bytes.buffer);
  #length = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** Appends one byte. */
  u8(value: number): void {
    this.#room(1);
    this.#view.setUint8(this.#length++, value);
  }

  /** Appends a u16. */
  u16(value: number): void {
    this.#room(2);
    this.#view.setUint16(this.#length, value, true);
    this.#length += 2;
  }

  /** Appends a u32. */
  u32(value: number): void {
    this.#room(4);
    this.#view.setUint32(this.#length, value, true);
    this.#length += 4;
  }

  /** Appends an f32. */
  f32(value: number): void {
    this.#room(4);
    this.#view.setFloat32(this.#length, value, true);
    this.#length += 4;
  }

  /** Appends an f64. */
  f64(value: number): void {
    this.#room(8);
    this.#view.setFloat64(this.#length, value, true);
    this.#length += 8;
  }

  /** Appends bytes. */
  bytes(value: Uint8Array): void {
    this.#room(value.length);
    this.#bytes.set(value, this.#length);
    this.#length += value.length;
  }

  /** Forgets what was written, keeping the buffer (for a sink reused across many small values). */
  reset(): void {
    this.#length = 0;
  }

  /** A copy of what was written. */
  result(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  #room(extra: number): void {
    if (this.#length + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + extra));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}

/** A read position in untrusted bytes; every read checks the bytes left. */
export class ByteSource {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #what: string;
  #at = 0;

  /**
   * @param bytes - the bytes to read
   * @param what - what they are, for error messages
   */
  constructor(bytes: Uint8Array, what: string) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#what = what;
  }

  /** Bytes not read yet. */
  get left(): number {
    return this.#bytes.length - this.#at;
  }

  /** Reads a u8. */
  u8(): number {
    this.need(1);
    return this.#view.getUint8(this.#at++);
  }

  /** Reads a u16. */
  u16(): number {
    this.need(2);
    this.#at += 2;
    return this.#view.getUint16(this.#at - 2, true);
  }

  /** Reads a u32. */
  u32(): number {
    this.need(4);
    this.#at += 4;
    return this.#view.getUint32(this.#at - 4, true);
  }

  /** Reads an f32. */
  f32(): number {
    this.need(4);
    this.#at += 4;
    return this.#view.getFloat32(this.#at - 4, true);
  }

  /** Reads an f64. */
  f64(): number {
    this.need(8);
    this.#at += 8;
    return this.#view.getFloat64(this.#at - 8, true);
  }

  /** Reads `count` bytes (a view, not a copy). */
  bytes(count: number): Uint8Array {
    this.need(count);
    this.#at += count;
    return this.#bytes.subarray(this.#at - count, this.#at);
  }

  /** A view of the bytes from `start` to the current position. */
  since(start: number): Uint8Array {
    return this.#bytes.subarray(start, this.#at);
  }

  /** The current position. */
  get at(): number {
    return this.#at;
  }

  /** Throws FORMAT_CORRUPT unless `count` more bytes are there. */
  need(count: number): void {
    if (count > this.left) this.corrupt(`it needs ${count} more bytes at byte ${this.#at}, ${this.left} are left`);
  }

  /** Throws FORMAT_CORRUPT naming what is being read. */
  corrupt(reason: string): never {
    throw new NoctemError('FORMAT_CORRUPT', `Cannot decode ${this.#what}: ${reason}`, { details: { offsetBytes: this.#at } });
  }
}
