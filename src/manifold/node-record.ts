/**
 * The memory node (DESIGN "Data model") and its compact binary codec, the value stored in the
 * `nodes` database and carried by checkpoints and sync.
 *
 * Layout, little-endian, version 1:
 * `u8 version · u8 flags · u8 idLen · id · u8 chunkIdLen · chunkId · u8 sourceIdLen · sourceId ·
 *  9×u16 coord · i8 nonary · 10×f64 (r, s, ψ.re, ψ.im, v.re, v.im, a.re, a.im, createdAtMs,
 *  touchedAtMs) · [45×f32 metric] · u16 dims · dims×f32 embedding · u32 CRC-32 of all before`.
 * Ids are hex and stored as their bytes. Flag bit 0 means "the metric is the identity" and
 * replaces its 180 bytes. The Hilbert key is not stored: it is recomputed from the coordinate,
 * so it can never disagree with it. The checksum makes any one-byte change an integrity error.
 */
import {
  NoctemError, assert, bytesToHex, crc32, hexToBytes, isHex, limits,
  type ChunkId, type NodeId, type SourceId,
} from '../core/index.ts';
import { coordCells, hilbertKeyOf, isTorusCoord, torusDims, type TorusCoord } from './torus-coord.ts';
import { identityMetric, isIdentityMetric, metricEntries, type NodeMetric } from './node-metric.ts';

/** A complex number in float64 parts. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** A memory node on T⁹ (DESIGN "Data model"). */
export interface NodeRecord {
  /** The node id: lowercase hex, 1..limits.nodeIdBytesMax bytes. */
  readonly id: NodeId;
  /** Its cell on the torus. */
  readonly coord: TorusCoord;
  /** `hilbertKeyOf(coord)`: 12 bytes; the LMDB key prefix. */
  readonly hilbertKey: Uint8Array;
  /** Its nonary value, an integer in −4..4. */
  readonly nonary: number;
  /** Its metric tensor (45 float32, SPD; the identity at birth). */
  readonly metric: NodeMetric;
  /** Resonance in [0, 1]: how little the node's wave is damped. */
  readonly r: number;
  /** Refractive index s > 0: wave speed at the node is c/s. */
  readonly s: number;
  /** Wave amplitude ψ. */
  readonly psi: Complex;
  /** Wave velocity ∂ψ/∂t. */
  readonly v: Complex;
  /** Wave acceleration ∂²ψ/∂t². */
  readonly a: Complex;
  /** The chunk whose text the node holds (hex). */
  readonly chunkId: ChunkId;
  /** The source document of that chunk (hex). */
  readonly sourceId: SourceId;
  /** The chunk's embedding, 1..limits.embeddingDimensionsMax float32. */
  readonly embedding: Float32Array;
  /** Creation time, ms since the epoch. */
  readonly createdAtMs: number;
  /** Last recall or update, ms since the epoch. */
  readonly touchedAtMs: number;
}

/** The codec version written by {@link encodeNodeRecord}. */
export const nodeRecordVersion = 1;
const flagIdentityMetric = 1;
const scalarFields = 10;

/**
 * Encodes a node. The record must be valid: an invalid one is a bug, not bad input.
 * @param node - the node; `hilbertKey` must equal `hilbertKeyOf(coord)`
 * @returns the bytes, at most limits.nodeRecordBytesMax
 */
export function encodeNodeRecord(node: NodeRecord): Uint8Array {
  const ids = [node.id, node.chunkId, node.sourceId].map(idBytes);
  const identity = isIdentityMetric(node.metric);
  assert(isTorusCoord(node.coord), 'a node coordinate is 9 × uint14');
  assert(Number.isInteger(node.nonary) && Math.abs(node.nonary) <= 4, 'nonary is an integer in -4..4');
  assert(node.metric.length === metricEntries, 'a metric has 45 entries');
  assert(node.embedding.length >= 1 && node.embedding.length <= limits.embeddingDimensionsMax, 'embedding width in range');
  assert(equalBytes(node.hilbertKey, hilbertKeyOf(node.coord)), 'hilbertKey matches coord');
  const size = 2 + ids.reduce((sum, id) => sum + 1 + id.length, 0) + 2 * torusDims + 1 + 8 * scalarFields
    + (identity ? 0 : 4 * metricEntries) + 2 + 4 * node.embedding.length + 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  out[at++] = nodeRecordVersion;
  out[at++] = identity ? flagIdentityMetric : 0;
  for (const id of ids) {
    out[at++] = id.length;
    out.set(id, at);
    at += id.length;
  }
  for (let i = 0; i < torusDims; i++, at += 2) view.setUint16(at, node.coord[i]!, true);
  view.setInt8(at++, node.nonary);
  for (const value of scalarsOf(node)) {
    view.setFloat64(at, value, true);
    at += 8;
  }
  if (!identity) for (let k = 0; k < metricEntries; k++, at += 4) view.setFloat32(at, node.metric[k]!, true);
  view.setUint16(at, node.embedding.length, true);
  at += 2;
  for (let k = 0; k < node.embedding.length; k++, at += 4) view.setFloat32(at, node.embedding[k]!, true);
  view.setUint32(at, crc32(out.subarray(0, at)), true);
  assert(at + 4 === size && size <= limits.nodeRecordBytesMax, 'node record size');
  return out;
}

/**
 * Decodes a node written by {@link encodeNodeRecord}.
 * @param bytes - the stored value
 * @throws {NoctemError} MANIFOLD_NODE_CORRUPT when the checksum, version or layout is wrong
 */
export function decodeNodeRecord(bytes: Uint8Array): NodeRecord {
  if (bytes.length < 8 || bytes.length > limits.nodeRecordBytesMax) corrupt('its length is out of range');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bodyEnd = bytes.length - 4;
  if (crc32(bytes.subarray(0, bodyEnd)) !== view.getUint32(bodyEnd, true)) corrupt('its checksum does not match');
  if (bytes[0] !== nodeRecordVersion) corrupt(`it has version ${bytes[0]}, this build reads ${nodeRecordVersion}`);
  const reader = { at: 2, view, bytes, end: bodyEnd };
  const [id, chunkId, sourceId] = [readId(reader), readId(reader), readId(reader)];
  need(reader, 2 * torusDims + 1 + 8 * scalarFields);
  const coord = new Uint16Array(torusDims);
  for (let i = 0; i < torusDims; i++, reader.at += 2) coord[i] = view.getUint16(reader.at, true);
  if (!coord.every((c) => c < coordCells)) corrupt('a coordinate is above 16383');
  const nonary = view.getInt8(reader.at++);
  if (Math.abs(nonary) > 4) corrupt('its nonary value is outside -4..4');
  const scalars: number[] = [];
  for (let k = 0; k < scalarFields; k++, reader.at += 8) scalars.push(view.getFloat64(reader.at, true));
  const metric = (bytes[1]! & flagIdentityMetric) !== 0 ? identityMetric() : readFloats(reader, metricEntries);
  need(reader, 2);
  const dims = view.getUint16(reader.at, true);
  reader.at += 2;
  if (dims < 1 || dims > limits.embeddingDimensionsMax) corrupt('its embedding width is out of range');
  const embedding = readFloats(reader, dims);
  if (reader.at !== bodyEnd) corrupt('it has trailing bytes');
  const [r, s, psiRe, psiIm, vRe, vIm, aRe, aIm, createdAtMs, touchedAtMs] = scalars as [number, ...number[]];
  return {
    id: id as NodeId, coord, hilbertKey: hilbertKeyOf(coord), nonary, metric,
    r, s: s!, psi: { re: psiRe!, im: psiIm! }, v: { re: vRe!, im: vIm! }, a: { re: aRe!, im: aIm! },
    chunkId: chunkId as ChunkId, sourceId: sourceId as SourceId, embedding,
    createdAtMs: createdAtMs!, touchedAtMs: touchedAtMs!,
  };
}

interface Reader {
  at: number;
  readonly view: DataView;
  readonly bytes: Uint8Array;
  readonly end: number;
}

function scalarsOf(node: NodeRecord): number[] {
  return [node.r, node.s, node.psi.re, node.psi.im, node.v.re, node.v.im, node.a.re, node.a.im, node.createdAtMs, node.touchedAtMs];
}

function idBytes(id: string): Uint8Array {
  assert(isHex(id) && id.length >= 2 && id.length / 2 <= Math.min(255, limits.nodeIdBytesMax), 'an id is 1..64 bytes of hex');
  return hexToBytes(id);
}

function readId(reader: Reader): string {
  need(reader, 1);
  const length = reader.bytes[reader.at++]!;
  if (length < 1 || length > limits.nodeIdBytesMax) corrupt('an id length is out of range');
  need(reader, length);
  const id = bytesToHex(reader.bytes.subarray(reader.at, reader.at + length));
  reader.at += length;
  return id;
}

function readFloats(reader: Reader, count: number): Float32Array {
  need(reader, 4 * count);
  const out = new Float32Array(count);
  for (let k = 0; k < count; k++, reader.at += 4) out[k] = reader.view.getFloat32(reader.at, true);
  return out;
}

function need(reader: Reader, count: number): void {
  if (reader.at + count > reader.end) corrupt('it is truncated');
}

function corrupt(reason: string): never {
  throw new NoctemError('MANIFOLD_NODE_CORRUPT', `Cannot decode a memory node: ${reason}`);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
