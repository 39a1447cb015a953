/**
 * Writes a GGUF version 3 file (little-endian): the header (magic, version, u64 tensor count,
 * u64 metadata count), the metadata, the tensor infos (name, n_dims, u64 dims, u32 ggml type,
 * u64 offset relative to the data section), zero padding up to the alignment, then each
 * tensor's data padded to the alignment. The output is what llama.cpp's `gguf_write_to_buf`
 * produces for the same content, so any GGUF reader opens it.
 *
 * Input comes from our own code, so a malformed input (a duplicate name, a data length that
 * does not match the shape, a value of the wrong type) is a bug and fails an assertion.
 */
import { assert } from '../core/index.ts';
import {
  ggufAlignUp, ggmlTensorTypes, ggufAlignmentBytesDefault, ggufAlignmentKey, ggufMagicBytes, ggufTensorDimsMax,
  ggufTensorNameBytesMax, ggufValueTypeIds, ggufVersion, isGgufAlignment, ggufTensorBytes,
  type GgufScalar, type GgufScalarType, type GgufTensorInput, type GgufValue,
} from './gguf-format.ts';

/** What {@link writeGguf} writes. */
export interface GgufWriteInput {
  /**
   * Metadata in the order to write. `general.alignment`, when present, must be a u32 power of
   * two and sets the alignment; otherwise it is 32 bytes.
   */
  readonly metadata: ReadonlyMap<string, GgufValue>;
  /** Tensors in the order to write; their data is laid out in the same order. */
  readonly tensors: readonly GgufTensorInput[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes a GGUF file.
 * @param input - metadata and tensors (see {@link GgufWriteInput})
 * @returns the whole file
 */
export function writeGguf(input: GgufWriteInput): Uint8Array {
  const alignment = alignmentOf(input.metadata);
  const header = new HeaderSink();
  header.bytes(ggufMagicBytes);
  header.u32(ggufVersion);
  header.u64(BigInt(input.tensors.length));
  header.u64(BigInt(input.metadata.size));
  for (const [key, value] of input.metadata) {
    header.string(key);
    header.u32(ggufValueTypeIds[value.type]);
    writeValue(header, value);
  }
  const names = new Set<string>();
  let dataBytes = 0;
  const offsets: number[] = [];
  for (const tensor of input.tensors) {
    checkTensor(tensor, names);
    offsets.push(dataBytes);
    header.string(tensor.name);
    header.u32(tensor.dims.length);
    for (const dim of tensor.dims) header.u64(BigInt(dim));
    header.u32(ggmlTensorTypes[tensor.type].id);
    header.u64(BigInt(dataBytes));
    dataBytes = ggufAlignUp(dataBytes + tensor.data.length, alignment);
  }
  const dataStart = ggufAlignUp(header.length, alignment);
  const out = new Uint8Array(dataStart + dataBytes);
  out.set(header.view(), 0);
  input.tensors.forEach((tensor, i) => out.set(tensor.data, dataStart + offsets[i]!));
  return out;
}

function alignmentOf(metadata: ReadonlyMap<string, GgufValue>): number {
  const value = metadata.get(ggufAlignmentKey);
  if (value === undefined) return ggufAlignmentBytesDefault;
  assert(value.type === 'u32' && isGgufAlignment(value.value) && value.value >= 8, 'general.alignment is a u32 power of two ≥ 8');
  return value.value;
}

function checkTensor(tensor: GgufTensorInput, names: Set<string>): void {
  const nameBytes = encoder.encode(tensor.name).length;
  assert(nameBytes >= 1 && nameBytes <= ggufTensorNameBytesMax, 'a tensor name is 1..63 bytes');
  assert(!names.has(tensor.name), 'tensor names are unique');
  names.add(tensor.name);
  assert(tensor.dims.length >= 1 && tensor.dims.length <= ggufTensorDimsMax, 'a tensor has 1..4 dimensions');
  assert(tensor.dims.every((dim) => Number.isSafeInteger(dim) && dim >= 1), 'tensor dimensions are positive integers');
  assert(tensor.data.length === ggufTensorBytes(tensor.type, tensor.dims), 'tensor data matches its type and shape');
}

function writeValue(sink: HeaderSink, value: GgufValue): void {
  if (value.type !== 'array') {
    writeScalar(sink, value.type, value.value);
    return;
  }
  assert((value.itemType as string) !== 'array', 'nested metadata arrays are not written');
  sink.u32(ggufValueTypeIds[value.itemType]);
  sink.u64(BigInt(value.value.length));
  for (const item of value.value) writeScalar(sink, value.itemType, item);
}

function writeScalar(sink: HeaderSink, type: GgufScalarType, value: GgufScalar): void {
  if (type === 'string') {
    assert(typeof value === 'string', 'a string value is a string');
    sink.string(value);
  } else if (type === 'bool') {
    assert(typeof value === 'boolean', 'a bool value is a boolean');
    sink.fixed(1, (view, at) => view.setUint8(at, value ? 1 : 0));
  } else if (type === 'u64' || type === 'i64') {
    assert(typeof value === 'bigint', 'a 64-bit integer value is a bigint');
    assert(type === 'u64' ? value >= 0n && value < 2n ** 64n : value >= -(2n ** 63n) && value < 2n ** 63n, 'a 64-bit integer in range');
    sink.fixed(8, (view, at) => (type === 'u64' ? view.setBigUint64(at, value, true) : view.setBigInt64(at, value, true)));
  } else {
    assert(typeof value === 'number', 'a numeric value is a number');
    writeNumber(sink, type, value);
  }
}

const integerRanges = {
  u8: [0, 0xff], i8: [-0x80, 0x7f], u16: [0, 0xffff], i16: [-0x8000, 0x7fff], u32: [0, 0xffffffff], i32: [-0x80000000, 0x7fffffff],
} as const;

function writeNumber(sink: HeaderSink, type: 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64', value: number): void {
  if (type === 'f32') return sink.fixed(4, (view, at) => view.setFloat32(at, value, true));
  if (type === 'f64') return sink.fixed(8, (view, at) => view.setFloat64(at, value, true));
  const [low, high] = integerRanges[type];
  assert(Number.isInteger(value) && value >= low && value <= high, `a ${type} value is an integer in range`);
  const width = type === 'u8' || type === 'i8' ? 1 : type === 'u16' || type === 'i16' ? 2 : 4;
  sink.fixed(width, (view, at) => {
    if (width === 1) view.setUint8(at, value & 0xff);
    else if (width === 2) view.setUint16(at, value & 0xffff, true);
    else view.setUint32(at, value >>> 0, true);
  });
}

/** A growable little-endian byte buffer for the header (tensor data is copied separately). */
class HeaderSink {
  #buffer = new Uint8Array(4096);
  #view = new DataView(this.#buffer.buffer);
  length = 0;

  bytes(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  u32(value: number): void {
    this.fixed(4, (view, at) => view.setUint32(at, value, true));
  }

  u64(value: bigint): void {
    this.fixed(8, (view, at) => view.setBigUint64(at, value, true));
  }

  /** A GGUF string: u64 byte length, then UTF-8 without a terminator. */
  string(value: string): void {
    const bytes = encoder.encode(value);
    assert(decoder.decode(bytes) === value, 'a GGUF string is well-formed Unicode');
    this.u64(BigInt(bytes.length));
    this.bytes(bytes);
  }

  fixed(width: number, write: (view: DataView, at: number) => void): void {
    this.#reserve(width);
    write(this.#view, this.length);
    this.length += width;
  }

  view(): Uint8Array {
    return this.#buffer.subarray(0, this.length);
  }

  #reserve(count: number): void {
    if (this.length + count <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(2 * this.#buffer.length, this.length + count));
    grown.set(this.#buffer.subarray(0, this.length));
    this.#buffer = grown;
    this.#view = new DataView(grown.buffer);
  }
}
