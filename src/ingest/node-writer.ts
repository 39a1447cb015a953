/**
 * Places chunks as memory nodes on the manifold inside the caller's write transaction:
 * projection to a torus cell (D1), collision handling (GAP-003: superpose when cosine >
 * 0.9, else probe the 18 axial neighbours), the node record keyed by `hilbertKey ‖ id`,
 * and incremental k-nearest-neighbour edges (D2) from a Hilbert-range candidate scan.
 *
 * Index records in `nodeIndex` (binary keys, one prefix byte each):
 * - `c ‖ coord` (18 bytes) -> node ids in that exact cell;
 * - `n ‖ id` -> `{ key, chunks }`: the node's store key and the chunk ordinals it holds;
 * - `r ‖ len ‖ target ‖ holder` -> 1: `holder` lists `target` as a neighbour (the reverse
 *   k-NN index), so removing a node updates every list that names it, not only those of
 *   the nodes near it in curve order.
 * Edges live in `edges` under the same key as the node (`hilbertKey ‖ id`), with the
 * node's cell and metric beside its neighbour list, so the candidate scan for a new node
 * reads small records in curve order instead of decoding whole node records.
 */
import { bytesToHex, hexToBytes, limits, type ChunkId, type NodeId, type SourceId } from '../core/index.ts';
import {
  decodeEdgeRecord,
  decodeNodeKey,
  decodeNodeRecord,
  encodeEdgeRecord,
  encodeNodeKey,
  encodeNodeRecord,
  hilbertKeyOf,
  identityMetric,
  isIdentityMetric,
  knnNeighboursDefault,
  nearestNeighbours,
  summarizeEdgeRecord,
  torusDistance,
  compareNeighbours,
  nodeKeyRangeAround,
  placeNode,
  removeNode,
  type EdgeRecord,
  type EdgeSummary,
  type KnnPoint,
  type KnnNode,
  type Neighbour,
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
  insertNodeRecord(writer, node, [input.ordinal]);
  return { nodeId: node.id, coord: node.coord, kind: placement.kind };
}

/**
 * Writes a whole node record as it is (a new node, or one read back from an export) with its
 * index entries, and links it into the k-NN graph the way ingestion links a new node. Writes
 * only through `writer`.
 * @param writer - the caller's write transaction
 * @param node - a valid node record whose id is not in the store yet
 * @param chunks - the chunk ordinals the node holds (none for an imported node, whose home has
 * no chunks)
 */
export function insertNodeRecord(writer: StoreWriter, node: NodeRecord, chunks: readonly number[]): void {
  const key = encodeNodeKey({ hilbertKey: node.hilbertKey, id: node.id });
  writer.put('nodes', key, encodeNodeRecord(node));
  writer.put('nodeIndex', entryKey(node.id), { key, chunks: [...chunks] } satisfies NodeEntry);
  const cellKey = coordKey(node.coord);
  const inCell = (writer.get('nodeIndex', cellKey) as NodeId[] | undefined) ?? [];
  writer.put('nodeIndex', cellKey, [...inCell, node.id]);
  linkNode(writer, node, key);
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
  for (const neighbour of readEdges(writer, entry.key)?.neighbours ?? []) writer.remove('nodeIndex', reverseKey(neighbour.id, nodeId));
  writer.remove('nodes', entry.key);
  writer.remove('nodeIndex', entryKey(nodeId));
  writer.remove('edges', entry.key);
  const cellKey = coordKey(node.coord);
  const inCell = ((writer.get('nodeIndex', cellKey) as NodeId[] | undefined) ?? []).filter((id) => id !== nodeId);
  if (inCell.length > 0) writer.put('nodeIndex', cellKey, inCell);
  else writer.remove('nodeIndex', cellKey);
  // Holders: the nodes near it in curve order, plus any farther node whose list names it.
  const nearby = neighbourhood(writer, node.hilbertKey);
  const holders = new Map(nearby.map((n) => [n.id, n]));
  for (const holder of holdersOf(writer, nodeId)) if (!holders.has(holder.id)) holders.set(holder.id, holder);
  for (const update of removeNode(nodeId, [...holders.values()], { replacements: nearby })) updateNeighbours(writer, update.id, update.neighbours);
  for (const key of [...writer.range('nodeIndex', reverseRange(nodeId))].map((e) => e.key)) writer.remove('nodeIndex', key);
}

/** The neighbour list of a node (empty when it has none). */
export function nodeNeighbours(reader: StoreReader, nodeId: NodeId): readonly Neighbour[] {
  const entry = readEntry(reader, nodeId);
  if (entry === undefined) return [];
  return readEdges(reader, entry.key)?.neighbours ?? [];
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

/**
 * Links a new node: its own list is its k nearest candidates; a candidate's list is
 * decoded and rewritten only when the new node is nearer than its current worst
 * neighbour (or the list is not full), which is what `insertNode` decides too.
 */
function linkNode(writer: StoreWriter, node: NodeRecord, key: Uint8Array): void {
  const candidates = scanCandidates(writer, node.hilbertKey).filter((c) => c.id !== node.id);
  const neighbours = nearestNeighbours(node, candidates, { k: knnNeighboursDefault });
  putEdges(writer, key, node.id, { coord: node.coord, ...(isIdentityMetric(node.metric) ? {} : { metric: node.metric }), neighbours }, []);
  for (const candidate of candidates) {
    const distance = torusDistance(candidate.coord, node.coord, candidate.metric);
    if (candidate.summary.count >= knnNeighboursDefault && distance >= candidate.summary.worstDistance) continue;
    const edge = decodeEdgeRecord(candidate.bytes);
    const merged = [...edge.neighbours.filter((n) => n.id !== node.id), { id: node.id, distance }]
      .sort(compareNeighbours)
      .slice(0, knnNeighboursDefault);
    putEdges(writer, candidate.key, candidate.id, { ...edge, neighbours: merged }, edge.neighbours);
  }
}

/** A candidate from the curve-order scan, with its record still encoded. */
interface Candidate extends KnnPoint {
  readonly key: Uint8Array;
  readonly bytes: Uint8Array;
  readonly summary: EdgeSummary;
}

/** Candidates near `hilbertKey` in curve order, both directions, bounded by a named limit. */
function scanCandidates(reader: StoreReader, hilbertKey: Uint8Array): Candidate[] {
  const range = nodeKeyRangeAround(hilbertKey, 0n);
  const half = limits.knnCandidatesMax / 2;
  const out: Candidate[] = [];
  for (const reverse of [false, true]) {
    for (const { key, value } of reader.range('edges', { start: range.start, limit: half, reverse })) {
      const bytes = value as Uint8Array;
      const summary = summarizeEdgeRecord(bytes);
      const id = decodeNodeKey(key as Uint8Array).id;
      out.push({ id, key: key as Uint8Array, bytes, summary, coord: summary.coord, ...(summary.metric ? { metric: summary.metric } : {}) });
    }
  }
  return out;
}

/** Nodes near `hilbertKey` in curve order, both directions, bounded by a named limit. */
function neighbourhood(reader: StoreReader, hilbertKey: Uint8Array): KnnNode[] {
  const range = nodeKeyRangeAround(hilbertKey, 0n);
  const half = limits.knnCandidatesMax / 2;
  const after = reader.range('edges', { start: range.start, limit: half });
  const before = reader.range('edges', { start: range.start, reverse: true, limit: half });
  const nodes: KnnNode[] = [];
  for (const { key, value } of [...after, ...before]) {
    const edge = decodeEdgeRecord(value as Uint8Array);
    const id = decodeNodeKey(key as Uint8Array).id;
    nodes.push({ id, coord: edge.coord, ...(edge.metric === undefined ? {} : { metric: edge.metric }), neighbours: edge.neighbours });
  }
  return nodes;
}

/** Writes a node's edge record and keeps the reverse index in step with its list. */
function putEdges(writer: StoreWriter, key: Uint8Array, id: NodeId, edge: EdgeRecord, previous: readonly Neighbour[]): void {
  writer.put('edges', key, encodeEdgeRecord(edge));
  const next = new Set(edge.neighbours.map((n) => n.id));
  const before = new Set(previous.map((n) => n.id));
  for (const target of before) if (!next.has(target)) writer.remove('nodeIndex', reverseKey(target, id));
  for (const target of next) if (!before.has(target)) writer.put('nodeIndex', reverseKey(target, id), 1);
}

/** The nodes whose neighbour lists name `target`, from the reverse index. */
function holdersOf(reader: StoreReader, target: NodeId): KnnNode[] {
  const prefixLength = reverseRange(target).start.length;
  const holders: KnnNode[] = [];
  for (const { key } of reader.range('nodeIndex', reverseRange(target))) {
    const id = bytesToHex((key as Uint8Array).subarray(prefixLength)) as NodeId;
    const entry = readEntry(reader, id);
    const edge = entry === undefined ? undefined : readEdges(reader, entry.key);
    if (edge !== undefined) holders.push({ id, coord: edge.coord, ...(edge.metric === undefined ? {} : { metric: edge.metric }), neighbours: edge.neighbours });
  }
  return holders;
}

function reverseKey(target: NodeId, holder: NodeId): Uint8Array {
  const prefix = reverseRange(target).start;
  const bytes = hexToBytes(holder);
  const key = new Uint8Array(prefix.length + bytes.length);
  key.set(prefix);
  key.set(bytes, prefix.length);
  return key;
}

/** The key range of the reverse entries of `target`: `r ‖ len ‖ target ‖ *`. */
function reverseRange(target: NodeId): { start: Uint8Array; end: Uint8Array } {
  const bytes = hexToBytes(target);
  const start = new Uint8Array(2 + bytes.length);
  start[0] = 0x72; // 'r'
  start[1] = bytes.length;
  start.set(bytes, 2);
  const end = new Uint8Array(start.length + limits.nodeIdBytesMax + 1).fill(0xff);
  end.set(start);
  return { start, end };
}

function readEdges(reader: StoreReader, key: Uint8Array): EdgeRecord | undefined {
  const bytes = reader.get('edges', key) as Uint8Array | undefined;
  return bytes === undefined ? undefined : decodeEdgeRecord(bytes);
}

function updateNeighbours(writer: StoreWriter, id: NodeId, neighbours: readonly Neighbour[]): void {
  const entry = readEntry(writer, id);
  if (entry === undefined) return;
  const edge = readEdges(writer, entry.key);
  if (edge !== undefined) putEdges(writer, entry.key, id, { ...edge, neighbours }, edge.neighbours);
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
