/**
 * Reads and validates a GGUF file (versions 2 and 3, little-endian; the layout is in
 * gguf-writer.ts). Nothing in the file is trusted: every count is checked against a named limit
 * and the bytes left before anything is allocated from it, strings must be valid UTF-8, keys and
 * tensor names unique, value and tensor types known, tensor offsets aligned, and tensor data
 * inside the file without overlaps. Any failure is a `NoctemError`; a valid file comes back with
 * its tensors' data as views into the input bytes.
 */
import { NoctemError, limits } from '../core/index.ts';
import { GgufCursor } from './gguf-cursor.ts';
import {
  ggufAlignUp, ggmlTensorTypeOf, ggmlTensorTypes, ggufAlignmentBytesDefault, ggufAlignmentKey, ggufMagicBytes,
  ggufTensorDimsMax, ggufTensorNameBytesMax, ggufValueTypeIds, ggufVersionsReadable, isGgufAlignment,
  type GgmlTensorType, type GgufFile, type GgufScalar, type GgufScalarType, type GgufTensor, type GgufValue,
} from './gguf-format.ts';

/** A tensor info before its data is located. */
interface TensorInfo {
  readonly name: string;
  readonly type: GgmlTensorType;
  readonly dims: number[];
  readonly sizeBytes: number;
  readonly offsetBytes: number;
}

const valueTypeNames = Object.fromEntries(Object.entries(ggufValueTypeIds).map(([name, id]) => [id, name])) as Record<number, keyof typeof ggufValueTypeIds>;
const scalarWidths: Record<Exclude<GgufScalarType, 'string'>, number> = {
  u8: 1, i8: 1, bool: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, u64: 8, i64: 8, f64: 8,
};
/** Bytes of the smallest metadata entry: an empty key, a type and a one-byte value. */
const entryBytesMin = 8 + 4 + 1;
/** Bytes of the smallest tensor info: an empty name, n_dims, one dim, the type and the offset. */
const tensorInfoBytesMin = 8 + 4 + 8 + 4 + 8;

/**
 * Parses a GGUF file.
 * @param bytes - the whole file, at most limits.ggufFileBytesMax
 * @returns the metadata and tensors, the tensors' data viewing `bytes`
 * @throws {NoctemError} GGUF_NOT_GGUF when the magic is wrong; GGUF_VERSION_UNSUPPORTED for a
 * version other than 2 or 3 (or a big-endian file); GGUF_UNSUPPORTED for tensor types this build
 * does not handle or nested arrays; GGUF_LIMIT when a size or count is above its limit;
 * GGUF_CORRUPT for anything else that is malformed
 */
export function readGguf(bytes: Uint8Array): GgufFile {
  if (bytes.length > limits.ggufFileBytesMax) {
    throw new NoctemError('GGUF_LIMIT', `Cannot read the GGUF file: it is ${bytes.length} bytes, more than the limit of ${limits.ggufFileBytesMax}`);
  }
  if (bytes.length < 4 || !ggufMagicBytes.every((byte, i) => bytes[i] === byte)) {
    throw new NoctemError('GGUF_NOT_GGUF', 'Cannot read the file as GGUF: it does not start with the magic "GGUF"');
  }
  const cursor = new GgufCursor(bytes);
  cursor.fixed(4, 'the magic', () => undefined);
  const version = cursor.u32('the version');
  if (!ggufVersionsReadable.includes(version)) {
    const hint = version >= 0x01000000 ? ' (a big-endian file)' : '';
    cursor.fail('GGUF_VERSION_UNSUPPORTED', `it has version ${version}${hint}; this build reads versions 2 and 3, little-endian`);
  }
  const tensorCount = cursor.count('tensors', limits.ggufTensorsMax, tensorInfoBytesMin);
  const entryCount = cursor.count('metadata entries', limits.ggufMetadataEntriesMax, entryBytesMin);
  const metadata = readMetadata(cursor, entryCount);
  const alignmentBytes = alignmentOf(cursor, metadata);
  const infos: TensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) infos.push(readTensorInfo(cursor, names, alignmentBytes));
  const dataOffsetBytes = ggufAlignUp(cursor.offsetBytes, alignmentBytes);
  const tensors = locateTensors(cursor, infos, { bytes, dataOffsetBytes, alignmentBytes });
  return { version, alignmentBytes, metadata, tensors, dataOffsetBytes };
}

function readMetadata(cursor: GgufCursor, count: number): Map<string, GgufValue> {
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < count; i++) {
    const key = cursor.string('a metadata key', limits.ggufKeyBytesMax);
    if (key.length === 0) cursor.fail('GGUF_CORRUPT', 'a metadata key is empty');
    if (metadata.has(key)) cursor.fail('GGUF_CORRUPT', `the metadata key "${key}" appears twice`);
    metadata.set(key, readValue(cursor, key));
  }
  return metadata;
}

function readValue(cursor: GgufCursor, key: string): GgufValue {
  const type = valueType(cursor, cursor.u32(`the type of "${key}"`), key);
  if (type !== 'array') return { type, value: readScalar(cursor, type, key) } as GgufValue;
  const itemType = valueType(cursor, cursor.u32(`the item type of "${key}"`), key);
  if (itemType === 'array') cursor.fail('GGUF_UNSUPPORTED', `"${key}" is an array of arrays, which this build does not read`);
  const itemBytesMin = itemType === 'string' ? 8 : scalarWidths[itemType];
  const count = cursor.count(`items of "${key}"`, limits.ggufArrayItemsMax, itemBytesMin);
  const value: GgufScalar[] = [];
  for (let i = 0; i < count; i++) value.push(readScalar(cursor, itemType, key));
  return { type: 'array', itemType, value };
}

function valueType(cursor: GgufCursor, id: number, key: string): keyof typeof ggufValueTypeIds {
  const type = valueTypeNames[id];
  if (type === undefined) cursor.fail('GGUF_CORRUPT', `"${key}" has the unknown value type ${id}`);
  return type;
}

function readScalar(cursor: GgufCursor, type: GgufScalarType, key: string): GgufScalar {
  const what = `the value of "${key}"`;
  switch (type) {
    case 'string': return cursor.string(what, limits.ggufStringBytesMax);
    case 'bool': {
      const byte = cursor.u8(what);
      if (byte > 1) cursor.fail('GGUF_CORRUPT', `${what} is a bool stored as ${byte}`);
      return byte === 1;
    }
    case 'u8': return cursor.fixed(1, what, (view, at) => view.getUint8(at));
    case 'i8': return cursor.fixed(1, what, (view, at) => view.getInt8(at));
    case 'u16': return cursor.fixed(2, what, (view, at) => view.getUint16(at, true));
    case 'i16': return cursor.fixed(2, what, (view, at) => view.getInt16(at, true));
    case 'u32': return cursor.fixed(4, what, (view, at) => view.getUint32(at, true));
    case 'i32': return cursor.fixed(4, what, (view, at) => view.getInt32(at, true));
    case 'f32': return cursor.fixed(4, what, (view, at) => view.getFloat32(at, true));
    case 'f64': return cursor.fixed(8, what, (view, at) => view.getFloat64(at, true));
    case 'u64': return cursor.fixed(8, what, (view, at) => view.getBigUint64(at, true));
    case 'i64': return cursor.fixed(8, what, (view, at) => view.getBigInt64(at, true));
  }
}

function alignmentOf(cursor: GgufCursor, metadata: ReadonlyMap<string, GgufValue>): number {
  const value = metadata.get(ggufAlignmentKey);
  if (value === undefined) return ggufAlignmentBytesDefault;
  if (value.type !== 'u32' || !isGgufAlignment(value.value) || value.value < 8 || value.value > limits.ggufAlignmentBytesMax) {
    cursor.fail('GGUF_CORRUPT', `general.alignment must be a u32 power of two from 8 to ${limits.ggufAlignmentBytesMax}`);
  }
  return value.value;
}

function readTensorInfo(cursor: GgufCursor, names: Set<string>, alignmentBytes: number): TensorInfo {
  const name = cursor.string('a tensor name', ggufTensorNameBytesMax);
  if (name.length === 0 || names.has(name)) cursor.fail('GGUF_CORRUPT', `the tensor name "${name}" is empty or repeated`);
  names.add(name);
  const dimCount = cursor.u32(`the dimension count of "${name}"`);
  if (dimCount < 1 || dimCount > ggufTensorDimsMax) cursor.fail('GGUF_CORRUPT', `"${name}" has ${dimCount} dimensions, not 1..${ggufTensorDimsMax}`);
  const dims: number[] = [];
  let elements = 1;
  for (let d = 0; d < dimCount; d++) {
    const dim = cursor.u64(`a dimension of "${name}"`);
    // A tensor can hold no more elements than the file has bytes, so the product stays exact.
    if (dim < 1n || dim > BigInt(limits.ggufFileBytesMax)) cursor.fail('GGUF_CORRUPT', `"${name}" has the dimension ${dim}`);
    elements *= Number(dim);
    if (elements > limits.ggufFileBytesMax) cursor.fail('GGUF_CORRUPT', `"${name}" has more elements than any file can hold`);
    dims.push(Number(dim));
  }
  const typeId = cursor.u32(`the type of "${name}"`);
  const type = ggmlTensorTypeOf(typeId);
  if (type === undefined) cursor.fail('GGUF_UNSUPPORTED', `"${name}" has ggml type ${typeId}; this build reads ${Object.keys(ggmlTensorTypes).join(', ')}`);
  const offset = cursor.u64(`the offset of "${name}"`);
  if (offset > BigInt(limits.ggufFileBytesMax)) cursor.fail('GGUF_CORRUPT', `"${name}" starts past the end of any file`);
  const offsetBytes = Number(offset);
  if (offsetBytes % alignmentBytes !== 0) cursor.fail('GGUF_CORRUPT', `"${name}" starts at ${offsetBytes}, not a multiple of the alignment ${alignmentBytes}`);
  return { name, type, dims, sizeBytes: elements * ggmlTensorTypes[type].elementBytes, offsetBytes };
}

interface DataSection {
  readonly bytes: Uint8Array;
  readonly dataOffsetBytes: number;
  readonly alignmentBytes: number;
}

function locateTensors(cursor: GgufCursor, infos: readonly TensorInfo[], section: DataSection): GgufTensor[] {
  const { bytes, dataOffsetBytes, alignmentBytes } = section;
  const byOffset = [...infos].sort((x, y) => x.offsetBytes - y.offsetBytes);
  let end = 0;
  for (const info of byOffset) {
    if (info.offsetBytes < end) cursor.fail('GGUF_CORRUPT', `the data of "${info.name}" overlaps the tensor before it`);
    end = info.offsetBytes + info.sizeBytes;
    if (dataOffsetBytes + end > bytes.length) cursor.fail('GGUF_CORRUPT', `the data of "${info.name}" runs past the end of the file`);
  }
  // ggml reads every tensor's data padded to the alignment, so the last padding must be there;
  // with no tensors the file may end right after the header or after its padding.
  const fileEnd = ggufAlignUp(infos.length === 0 ? cursor.offsetBytes : dataOffsetBytes + end, alignmentBytes);
  if (bytes.length > fileEnd) cursor.fail('GGUF_CORRUPT', `${bytes.length - fileEnd} bytes follow the last tensor's data`);
  if (infos.length > 0 && bytes.length < fileEnd) cursor.fail('GGUF_CORRUPT', 'the padding after the last tensor is cut off');
  return infos.map((info) => {
    const start = dataOffsetBytes + info.offsetBytes;
    return { name: info.name, type: info.type, dims: info.dims, offsetBytes: info.offsetBytes, data: bytes.subarray(start, start + info.sizeBytes) };
  });
}
