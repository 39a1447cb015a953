/**
 * The compact binary record of a node's place in the k-NN graph (D2): its cell, its
 * metric when it is not the identity, and its neighbour list. Stored beside each node so
 * the candidate scan of a new node reads small records instead of whole nodes. Pure.
 *
 * Layout (little-endian): u8 version, u8 flags (bit 0: metric present), 9 × u16 coord,
 * [45 × f32 metric], u8 neighbour count, then per neighbour: u8 id length, id bytes, f32
 * distance.
 */
import { NoctemError, assert, bytesToHex, hexToBytes, limits, type NodeId } from '../core/index.ts';
import type { Neighbour } from './knn-graph.ts';
import { metricEntries, type NodeMetric } from './node-metric.ts';
import { torusDims, type TorusCoord } from './torus-coord.ts';

/** A node's graph record. */
export interface EdgeRecord {
  readonly coord: TorusCoord;
  /** Present only when the node's metric is not the identity. */
  readonly metric?: NodeMetric;
  readonly neighbours: readonly Neighbour[];
}

const version = 1;

/** Encodes an edge record. */
export function encodeEdgeRecord(edge: EdgeRecord): Uint8Array {
  assert(edge.neighbours.length <= limits.knnNeighboursMax, 'at most knnNeighboursMax neighbours');
  const ids = edge.neighbours.map((n) => hexToBytes(n.id));
  const size = 2 + torusDims * 2 + (edge.metric ? metricEntries * 4 : 0) + 1 + ids.reduce((s, id) => s + 1 + id.length + 4, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes[0] = version;
  bytes[1] = edge.metric ? 1 : 0;
  let at = 2;
  for (let d = 0; d < torusDims; d++, at += 2) view.setUint16(at, edge.coord[d]!, true);
  if (edge.metric) for (let i = 0; i < metricEntries; i++, at += 4) view.setFloat32(at, edge.metric[i]!, true);
  bytes[at++] = ids.length;
  ids.forEach((id, i) => {
    bytes[at++] = id.length;
    bytes.set(id, at);
    at += id.length;
    view.setFloat32(at, edge.neighbours[i]!.distance, true);
    at += 4;
  });
  return bytes;
}

/** What a candidate scan needs without decoding neighbour ids. */
export interface EdgeSummary {
  readonly coord: TorusCoord;
  readonly metric?: NodeMetric;
  readonly count: number;
  /** Distance of the farthest listed neighbour (the list is sorted); 0 when empty. */
  readonly worstDistance: number;
}

/**
 * Reads a record's cell, metric, neighbour count and worst distance, skipping the ids.
 * @throws {NoctemError} MANIFOLD_NODE_CORRUPT when the bytes are not an edge record
 */
export function summarizeEdgeRecord(bytes: Uint8Array): EdgeSummary {
  const full = bytes.length < 2 + torusDims * 2 + 1 || bytes[0] !== version;
  if (full) throw new NoctemError('MANIFOLD_NODE_CORRUPT', 'Cannot decode an edge record: wrong version or too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const coord = new Uint16Array(torusDims);
  let at = 2;
  for (let d = 0; d < torusDims; d++, at += 2) coord[d] = view.getUint16(at, true);
  let metric: NodeMetric | undefined;
  if ((bytes[1]! & 1) === 1) {
    metric = new Float32Array(metricEntries);
    for (let i = 0; i < metricEntries; i++, at += 4) metric[i] = view.getFloat32(at, true);
  }
  const count = bytes[at] ?? 0;
  const worstDistance = count === 0 ? 0 : view.getFloat32(bytes.length - 4, true);
  return metric === undefined ? { coord, count, worstDistance } : { coord, metric, count, worstDistance };
}

/**
 * Decodes an edge record.
 * @throws {NoctemError} MANIFOLD_NODE_CORRUPT when the bytes are not one
 */
export function decodeEdgeRecord(bytes: Uint8Array): EdgeRecord {
  const corrupt = (why: string): NoctemError => new NoctemError('MANIFOLD_NODE_CORRUPT', `Cannot decode an edge record: ${why}`);
  if (bytes.length < 2 + torusDims * 2 + 1 || bytes[0] !== version) throw corrupt('wrong version or too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  const coord = new Uint16Array(torusDims);
  for (let d = 0; d < torusDims; d++, at += 2) coord[d] = view.getUint16(at, true);
  let metric: NodeMetric | undefined;
  if ((bytes[1]! & 1) === 1) {
    if (bytes.length < at + metricEntries * 4 + 1) throw corrupt('metric cut short');
    metric = new Float32Array(metricEntries);
    for (let i = 0; i < metricEntries; i++, at += 4) metric[i] = view.getFloat32(at, true);
  }
  const count = bytes[at++]!;
  const neighbours: Neighbour[] = [];
  for (let i = 0; i < count; i++) {
    const length = bytes[at++];
    if (length === undefined || at + length + 4 > bytes.length) throw corrupt('neighbour list cut short');
    const id = bytesToHex(bytes.subarray(at, at + length)) as NodeId;
    at += length;
    neighbours.push({ id, distance: view.getFloat32(at, true) });
    at += 4;
  }
  return metric === undefined ? { coord, neighbours } : { coord, metric, neighbours };
}
