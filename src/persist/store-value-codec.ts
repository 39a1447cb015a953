/**
 * The canonical binary form of a store key or value inside a home checkpoint (docs/formats/nik.md
 * "Store values"). The LMDB store keeps msgpack, which the `HomeStore` port does not expose, so a
 * checkpoint carries the values as the port returns them, in this tagged form: a tag byte, then
 * the payload, little-endian. Equal values give equal bytes (object keys keep their insertion
 * order), so the bytes also serve as the value's identity for differential checkpoints
 * ({@link storeValueHash}).
 *
 * | tag  | value                  | after the tag                                           |
 * |------|------------------------|---------------------------------------------------------|
 * | 0x00 | undefined              | nothing                                                 |
 * | 0x01 | null                   | nothing                                                 |
 * | 0x02 | false                  | nothing                                                 |
 * | 0x03 | true                   | nothing                                                 |
 * | 0x04 | number                 | f64                                                     |
 * | 0x05 | string                 | u32 byte length, UTF-8                                  |
 * | 0x06 | Uint8Array (Buffer)    | u32 length, the bytes                                   |
 * | 0x07 | Float32Array           | u32 count, count × f32                                  |
 * | 0x08 | Float64Array           | u32 count, count × f64                                  |
 * | 0x09 | Uint16Array            | u32 count, count × u16                                  |
 * | 0x0A | array                  | u32 count, count values                                 |
 * | 0x0B | plain object           | u32 count, count × (u32 byte length, UTF-8 name, value) |
 * | 0x0C | string, not well formed| u32 count, count × u16 UTF-16 code units                |
 *
 * Tag 0x0C keeps a string holding a lone surrogate exact (UTF-8 cannot). Decoding checks
 * every length against the bytes left before it allocates, and nesting against
 * `limits.checkpointValueDepthMax`.
 */
import { hash } from 'node:crypto';
import { NoctemError, assert, limits } from '../core/index.ts';
import { ByteSink, ByteSource } from './byte-cursor.ts';

/** Bytes of {@link storeValueHash}. */
export const storeValueHashBytes = 16;

const tag = {
  undefined: 0x00, null: 0x01, false: 0x02, true: 0x03, number: 0x04, string: 0x05, bytes: 0x06,
  float32: 0x07, float64: 0x08, uint16: 0x09, array: 0x0a, object: 0x0b, utf16: 0x0c,
} as const;

const encoder = new TextEncoder();
const scratch = new ByteSink();
/** A UTF-16 surrogate without its pair: such a string has no exact UTF-8 form. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Appends the canonical form of a store key or value.
 * @param value - undefined, null, a boolean, number, string, Uint8Array, Float32Array,
 *   Float64Array, Uint16Array, array or plain object of these; anything else is a bug
 * @param sink - where to write
 */
export function writeStoreValue(value: unknown, sink: ByteSink): void {
  writeValue(value, sink, 0);
}

function writeValue(value: unknown, sink: ByteSink, depth: number): void {
  assert(depth <= limits.checkpointValueDepthMax, 'a store value nests at most limits.checkpointValueDepthMax deep');
  if (value === undefined || value === null || typeof value === 'boolean') {
    sink.u8(value === undefined ? tag.undefined : value === null ? tag.null : value ? tag.true : tag.false);
  } else if (typeof value === 'number') {
    sink.u8(tag.number);
    sink.f64(value);
  } else if (typeof value === 'string') {
    writeString(value, sink);
  } else if (ArrayBuffer.isView(value)) {
    writeTypedArray(value, sink);
  } else if (Array.isArray(value)) {
    sink.u8(tag.array);
    sink.u32(value.length);
    for (const item of value as unknown[]) writeValue(item, sink, depth + 1);
  } else {
    const prototype = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
    assert(prototype === Object.prototype || prototype === null, `a store value is a plain object, not ${Object.prototype.toString.call(value)}`);
    const entries = Object.entries(value as Record<string, unknown>);
    sink.u8(tag.object);
    sink.u32(entries.length);
    for (const [name, item] of entries) {
      const nameBytes = encoder.encode(name);
      sink.u32(nameBytes.length);
      sink.bytes(nameBytes);
      writeValue(item, sink, depth + 1);
    }
  }
}

/**
 * The canonical bytes of one key or value (see {@link writeStoreValue}).
 * @param value - a store key or value
 */
export function encodeStoreValue(value: unknown): Uint8Array {
  // One sink reused for every value: checkpoints encode tens of thousands of small records.
  scratch.reset();
  writeStoreValue(value, scratch);
  return scratch.result();
}

/**
 * Reads one value written by {@link writeStoreValue}.
 * @param source - untrusted bytes at the value's tag
 * @throws {NoctemError} FORMAT_CORRUPT on an unknown tag, a length past the end, invalid
 *   UTF-8, a repeated object name, or nesting deeper than limits.checkpointValueDepthMax
 */
export function readStoreValue(source: ByteSource): unknown {
  return readValue(source, 0);
}

function readValue(source: ByteSource, depth: number): unknown {
  if (depth > limits.checkpointValueDepthMax) source.corrupt(`a value nests deeper than ${limits.checkpointValueDepthMax}`);
  const kind = source.u8();
  switch (kind) {
    case tag.undefined: return undefined;
    case tag.null: return null;
    case tag.false: return false;
    case tag.true: return true;
    case tag.number: return source.f64();
    case tag.string: return readUtf8(source, source.u32());
    case tag.utf16: return readUtf16(source);
    case tag.bytes: return source.bytes(source.u32()).slice();
    case tag.float32: return readNumbers(source, 4, (n) => new Float32Array(n), () => source.f32());
    case tag.float64: return readNumbers(source, 8, (n) => new Float64Array(n), () => source.f64());
    case tag.uint16: return readNumbers(source, 2, (n) => new Uint16Array(n), () => source.u16());
    case tag.array: return readArray(source, depth);
    case tag.object: return readObject(source, depth);
    default: return source.corrupt(`unknown value tag 0x${kind.toString(16)}`);
  }
}

/**
 * The value of canonical bytes that hold exactly one value.
 * @param bytes - untrusted bytes
 * @param what - what they are, for error messages
 * @throws {NoctemError} FORMAT_CORRUPT as {@link readStoreValue}, or when bytes are left over
 */
export function decodeStoreValue(bytes: Uint8Array, what = 'a store value'): unknown {
  const source = new ByteSource(bytes, what);
  const value = readStoreValue(source);
  if (source.left !== 0) source.corrupt(`${source.left} bytes follow the value`);
  return value;
}

/**
 * The first 16 bytes of SHA-256 over canonical bytes: what the checkpoint index keeps to tell
 * whether a record changed since the last checkpoint.
 * @param canonical - bytes from {@link encodeStoreValue} (or a node record's bytes)
 */
export function storeValueHash(canonical: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', canonical, 'buffer').subarray(0, storeValueHashBytes));
}

function writeString(value: string, sink: ByteSink): void {
  if (!loneSurrogate.test(value)) {
    const bytes = encoder.encode(value);
    sink.u8(tag.string);
    sink.u32(bytes.length);
    sink.bytes(bytes);
    return;
  }
  sink.u8(tag.utf16);
  sink.u32(value.length);
  for (let i = 0; i < value.length; i++) sink.u16(value.charCodeAt(i));
}

function writeTypedArray(value: ArrayBufferView, sink: ByteSink): void {
  if (value instanceof Uint8Array) {
    sink.u8(tag.bytes);
    sink.u32(value.length);
    sink.bytes(value);
    return;
  }
  const writers = [
    [Float32Array, tag.float32, (x: number) => sink.f32(x)],
    [Float64Array, tag.float64, (x: number) => sink.f64(x)],
    [Uint16Array, tag.uint16, (x: number) => sink.u16(x)],
  ] as const;
  const match = writers.find(([type]) => value instanceof type);
  assert(match !== undefined, `a store value's typed array is Uint8, Uint16, Float32 or Float64, not ${value.constructor.name}`);
  const numbers = value as Float32Array | Float64Array | Uint16Array;
  sink.u8(match[1]);
  sink.u32(numbers.length);
  for (let i = 0; i < numbers.length; i++) match[2](numbers[i]!);
}

function readUtf8(source: ByteSource, length: number): string {
  const bytes = source.bytes(length);
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    // TextDecoder throws a TypeError on invalid UTF-8: damage to report, not a bug.
    throw new NoctemError('FORMAT_CORRUPT', 'Cannot decode a store value: a string is not valid UTF-8', { cause });
  }
}

function readUtf16(source: ByteSource): string {
  const count = source.u32();
  source.need(count * 2);
  const units = new Uint16Array(count);
  for (let i = 0; i < count; i++) units[i] = source.u16();
  let text = '';
  for (let i = 0; i < count; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  return text;
}

function readNumbers<T extends { [i: number]: number }>(source: ByteSource, size: number, make: (n: number) => T, read: () => number): T {
  const count = source.u32();
  source.need(count * size);
  const out = make(count);
  for (let i = 0; i < count; i++) out[i] = read();
  return out;
}

function readArray(source: ByteSource, depth: number): unknown[] {
  const count = source.u32();
  // Every item takes at least its tag byte, so a count past the bytes left is damage.
  source.need(count);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) out.push(readValue(source, depth + 1));
  return out;
}

function readObject(source: ByteSource, depth: number): Record<string, unknown> {
  const count = source.u32();
  source.need(count * 5);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const name = readUtf8(source, source.u32());
    if (Object.hasOwn(out, name)) source.corrupt(`an object names "${name}" twice`);
    // defineProperty, not assignment: a name such as "__proto__" must stay a plain property.
    Object.defineProperty(out, name, { value: readValue(source, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
