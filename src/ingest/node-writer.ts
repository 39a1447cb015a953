/**
 * Places chunks as memory nodes on the manifold inside the caller's write transaction:
 * projection to a torus cell (D1), collision handling (GAP-003: superpose when cosine >
 * 0.9, else probe the 18 axial neighbours), the node record keyed by `hilbertKey ‖ id`,
 * and incremental k-nearest-neighbour edges (D2) from a Hilbert-range candidate scan.
 *
 * Index records in `nodeIndex` (binary keys, one prefix byte each):
 * - `c ‖ coord` (18 bytes) -> node ids in that exact cell;
 * - `n ‖ id` -> `{ key, chunks }`: the node's store key and the chunk ordinals it holds.
 * Edges live in `edges` under the same key as the node (`hilbertKey ‖ id`), with the
 * node's cell and metric beside its neighbour list, so the candidate scan for a new node
 * reads small records in curve order instead of decoding whole node records.
 */
import { hexToBytes, limits, type ChunkId, type NodeId, type SourceId } from '../core/index.ts';
import {
  decodeNodeKey,
  decodeNodeRecord,
  encodeNodeKey,
  encodeNodeRecord,
  hilbertKeyOf,
  identityMetric,
  isIdentityMetric,
  insertNode,
  nodeKeyRangeAround,
  placeNode,
  removeNode,
  type KnnNode,
  type Neighbour,
  type NodeMetric,
  type NodeRecord,
  type Projection,
  type TorusCoord,
} from '../manifold/index.ts';
import type { StoreReader, StoreWriter } from '../store/index.ts';

/** What a node index entry holds. */
interface NodeEntry {
  readonly key: Uint8Array;
  readonly chunks: number[];
}

/** The result of placing one chunk. */
export interface ChunkPlacement {
  readonly nodeId: NodeId;
  readonly coord: TorusCoord;
  /** How the node was placed (vacant, superposed, displaced, stacked). */
  readonly kind: string;
}

/** A chunk to place. */
export interface NodeInput {
  readonly ordinal: number;
  readonly chunkId: ChunkId;
  readonly sourceId: SourceId;
  readonly embedding: Float32Array;
}

/**
 * Places one chunk as a node (or superposes it on a near-identical one) and links it into
 * the k-NN graph. Writes only through `writer`.
 */
export function placeChunkNode(writer: StoreWriter, projection: Projection, input: NodeInput, nowMs: number): ChunkPlacement {
  const projected = projection.place(input.embedding);
  const placement = placeNode(
    { coord: projected.coord, embedding: input.embedding },
    { occupantsAt: (coord) => occupantsAt(writer, coord) },
  );
  if (placement.kind === 'superposed') {
    const entry = readEntry(writer, placement.occupantId);
    if (entry !== undefined) {
      writer.put('nodeIndex', entryKey(placement.occupantId), { key: entry.key, chunks: [...entry.chunks, input.ordinal] });
      return { nodeId: placement.occupantId, coord: placement.coord, kind: placement.kind };
    }
  }
  const node = newNode(input, placement.coord, nowMs);
  const key = encodeNodeKey({ hilbertKey: node.hilbertKey, id: node.id });
  writer.put('nodes', key, encodeNodeRecord(node));
  writer.put('nodeIndex', entryKey(node.id), { key, chunks: [input.ordinal] } satisfies NodeEntry);
  const cellKey = coordKey(node.coord);
  const inCell = (writer.get('nodeIndex', cellKey) as NodeId[] | undefined) ?? [];
  writer.put('nodeIndex', cellKey, [...inCell, node.id]);
  linkNode(writer, node, key);
  return { nodeId: node.id, coord: node.coord, kind: placement.kind };
}

/**
 * Detaches a chunk from its node; when the node holds no other chunk it is removed with
 * its edges, and the nodes that listed it as a neighbour are refilled from nearby nodes.
 */
export function detachChunkNode(writer: StoreWriter, nodeId: NodeId, ordinal: number): void {
  const entry = readEntry(writer, nodeId);
  if (entry === undefined) return;
  const chunks = entry.chunks.filter((o) => o !== ordinal);
  if (chunks.length > 0) {
    writer.put('nodeIndex', entryKey(nodeId), { key: entry.key, chunks });
    return;
  }
  const node = decodeNodeRecord(writer.get('nodes', entry.key) as Uint8Array);
  writer.remove('nodes', entry.key);
  writer.remove('nodeIndex', entryKey(nodeId));
  writer.remove('edges', entry.key);
  const cellKey = coordKey(node.coord);
  const inCell = ((writer.get('nodeIndex', cellKey) as NodeId[] | undefined) ?? []).filter((id) => id !== nodeId);
  if (inCell.length > 0) writer.put('nodeIndex', cellKey, inCell);
  else writer.remove('nodeIndex', cellKey);
  const nearby = neighbourhood(writer, node.hilbertKey);
  for (const update of removeNode(nodeId, nearby, { replacements: nearby })) updateNeighbours(writer, update.id, update.neighbours);
}

/** The neighbour list of a node (empty when it has none). */
export function nodeNeighbours(reader: StoreReader, nodeId: NodeId): readonly Neighbour[] {
  const entry = readEntry(reader, nodeId);
  if (entry === undefined) return [];
  return (reader.get('edges', entry.key) as EdgeRecord | undefined)?.neighbours ?? [];
}

function newNode(input: NodeInput, coord: TorusCoord, nowMs: number): NodeRecord {
  return {
    id: input.chunkId as unknown as NodeId,
    coord,
    hilbertKey: hilbertKeyOf(coord),
    nonary: 1,
    metric: identityMetric(),
    r: 0.5,
    s: 1,
    psi: { re: 1, im: 0 },
    v: { re: 0, im: 0 },
    a: { re: 0, im: 0 },
    chunkId: input.chunkId,
    sourceId: input.sourceId,
    embedding: input.embedding,
    createdAtMs: nowMs,
    touchedAtMs: nowMs,
  };
}

function linkNode(writer: StoreWriter, node: NodeRecord, key: Uint8Array): void {
  const candidates = neighbourhood(writer, node.hilbertKey).filter((c) => c.id !== node.id);
  const { neighbours, updates } = insertNode(node, candidates);
  putEdges(writer, key, { coord: node.coord, ...(isIdentityMetric(node.metric) ? {} : { metric: node.metric }), neighbours });
  for (const update of updates) updateNeighbours(writer, update.id, update.neighbours);
}

/** A node's entry in `edges`. */
interface EdgeRecord {
  readonly coord: TorusCoord;
  /** Present only when the node's metric is not the identity. */
  readonly metric?: NodeMetric;
  readonly neighbours: readonly Neighbour[];
}

/** Nodes near `hilbertKey` in curve order, both directions, bounded by a named limit. */
function neighbourhood(reader: StoreReader, hilbertKey: Uint8Array): KnnNode[] {
  const range = nodeKeyRangeAround(hilbertKey, 0n);
  const half = limits.knnCandidatesMax / 2;
  const after = reader.range('edges', { start: range.start, limit: half });
  const before = reader.range('edges', { start: range.start, reverse: true, limit: half });
  const nodes: KnnNode[] = [];
  for (const { key, value } of [...after, ...before]) {
    const edge = value as EdgeRecord;
    const id = decodeNodeKey(key as Uint8Array).id;
    nodes.push({ id, coord: edge.coord, ...(edge.metric === undefined ? {} : { metric: edge.metric }), neighbours: edge.neighbours });
  }
  return nodes;
}

function putEdges(writer: StoreWriter, key: Uint8Array, edge: EdgeRecord): void {
  writer.put('edges', key, edge);
}

function updateNeighbours(writer: StoreWriter, id: NodeId, neighbours: readonly Neighbour[]): void {
  const entry = readEntry(writer, id);
  if (entry === undefined) return;
  const edge = writer.get('edges', entry.key) as EdgeRecord | undefined;
  if (edge !== undefined) putEdges(writer, entry.key, { ...edge, neighbours });
}

function occupantsAt(reader: StoreReader, coord: TorusCoord): { id: NodeId; embedding: Float32Array }[] {
  const ids = (reader.get('nodeIndex', coordKey(coord)) as NodeId[] | undefined) ?? [];
  return ids.flatMap((id) => {
    const entry = readEntry(reader, id);
    if (entry === undefined) return [];
    return [{ id, embedding: decodeNodeRecord(reader.get('nodes', entry.key) as Uint8Array).embedding }];
  });
}

function readEntry(reader: StoreReader, id: NodeId): NodeEntry | undefined {
  return reader.get('nodeIndex', entryKey(id)) as NodeEntry | undefined;
}

function entryKey(id: NodeId): Uint8Array {
  const bytes = hexToBytes(id);
  const key = new Uint8Array(bytes.length + 1);
  key[0] = 0x6e; // 'n'
  key.set(bytes, 1);
  return key;
}

function coordKey(coord: TorusCoord): Uint8Array {
  const key = new Uint8Array(1 + coord.length * 2);
  key[0] = 0x63; // 'c'
  coord.forEach((value, i) => {
    key[1 + i * 2] = value >> 8;
    key[2 + i * 2] = value & 0xff;
  });
  return key;
}
