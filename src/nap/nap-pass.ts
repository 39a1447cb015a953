/**
 * The work of one nap inside ONE store write transaction, so a crash applies all of it or
 * none: consolidation and dream noise over every node record (consolidation.ts,
 * dream-noise.ts), dream replays of high-error queries (replay-plan.ts; each replay is the
 * caller's `reshape`, a short damped propagation seeded at the query's node and a Hebbian
 * step at the drives' rates), and covariant transport of the stored context vectors whose
 * node's metric changed (context-vector.ts). Node records are rewritten, never removed;
 * chunks and sources are not touched. Limits: napNodesMax (nodes beyond it wait for a later
 * nap), napFeedbackRecordsMax, napReplaysMax, napContextVectorsMax.
 */
import { hexToBytes, limits, type NodeId, type Rng } from '../core/index.ts';
import type { DriveState } from '../autonomy/index.ts';
import { decodeEdgeRecord, decodeNodeRecord, encodeNodeRecord, type NodeRecord } from '../manifold/index.ts';
import type { StoreReader, StoreWriter } from '../store/index.ts';
import { consolidateNode } from './consolidation.ts';
import { contextVectorKey, contextVectorKeyPrefix, contextVectorToward, isContextVector, transportContextVector } from './context-vector.ts';
import { dreamNode } from './dream-noise.ts';
import { planReplays, replayExperiences, type FeedbackSignalRecord } from './replay-plan.ts';

/** Options of {@link napPass}. */
export interface NapPassOptions {
  /** The drive state at the start of the nap (β of the replay sampler, η(D) and λ(S)). */
  readonly drives: DriveState;
  /** The dream generator (OS-entropy seeded, see {@link ReseedingRng}). */
  readonly rng: Rng;
  /** The node of a result's chunk id, undefined when the chunk is gone. */
  readonly nodeOf: (chunkId: string) => NodeId | undefined;
  /** One replay: propagate from `nodeId` and apply plasticity at the drives' rates; returns the nodes whose metric changed. */
  readonly reshape: (writer: StoreWriter, nodeId: NodeId, drives: DriveState) => readonly NodeId[];
  /** Replays at most, 0..limits.napReplaysMax. @default limits.napReplaysMax */
  readonly replaysMax?: number;
}

/** What a nap pass changed. */
export interface NapPassResult {
  /** Nodes raised to long-term (r → 1). */
  readonly consolidated: number;
  /** Nodes whose transient activation was cleared. */
  readonly pruned: number;
  /** Nodes whose ψ got Langevin noise. */
  readonly noised: number;
  /** Dream replays run. */
  readonly dreams: number;
  /** Distinct nodes whose metric the replays changed. */
  readonly metricsChanged: number;
  /** Context vectors carried to a changed metric. */
  readonly transported: number;
}

/**
 * Runs the nap's work through `writer` (see the module comment).
 * @param writer - the nap's write transaction
 * @param options - drives, generator, chunk→node lookup and the replay step
 */
export function napPass(writer: StoreWriter, options: NapPassOptions): NapPassResult {
  const { consolidated, pruned, noised } = consolidateAndDream(writer, options.rng);
  const { dreams, changed } = replay(writer, options);
  const transported = transportContextVectors(writer);
  return { consolidated, pruned, noised, dreams, metricsChanged: changed.size, transported };
}

/** Consolidation then dream noise on every node (at most napNodesMax). */
function consolidateAndDream(writer: StoreWriter, rng: Rng): { consolidated: number; pruned: number; noised: number } {
  const updates: [Uint8Array, Uint8Array][] = [];
  let consolidated = 0, pruned = 0, noised = 0;
  for (const { key, value } of writer.range('nodes', { limit: limits.napNodesMax })) {
    const { node, outcome } = consolidateNode(decodeNodeRecord(value as Uint8Array));
    if (outcome === 'long-term') consolidated++;
    if (outcome === 'pruned') pruned++;
    const dreamt = dreamNode(node, rng);
    if (dreamt !== undefined) noised++;
    if (outcome !== 'kept' || dreamt !== undefined) updates.push([key as Uint8Array, encodeNodeRecord(dreamt ?? node)]);
  }
  // Written after the walk: a cursor is not disturbed by puts into the range it reads.
  for (const [key, bytes] of updates) writer.put('nodes', key, bytes);
  return { consolidated, pruned, noised };
}

/** The planned replays; each stores the context vectors of the seed's neighbours, then reshapes. */
function replay(writer: StoreWriter, options: NapPassOptions): { dreams: number; changed: Set<NodeId> } {
  const feedback = [...writer.range('feedback', { limit: limits.napFeedbackRecordsMax })].map((e) => e.value as FeedbackSignalRecord);
  const experiences = replayExperiences(feedback).flatMap((e) => {
    const nodeId = options.nodeOf(e.id);
    const node = nodeId === undefined ? undefined : readNode(writer, nodeId);
    return node === undefined ? [] : [{ ...e, coord: node.record.coord, nodeId: node.record.id }];
  });
  const count = Math.min(options.replaysMax ?? limits.napReplaysMax, experiences.length);
  const order = planReplays(experiences, { drives: options.drives, count, rng: options.rng });
  const changed = new Set<NodeId>();
  let contexts = countContextVectors(writer);
  for (const i of order) {
    const seed = readNode(writer, experiences[i]!.nodeId);
    if (seed === undefined) continue;
    for (const id of seed.neighbours) {
      const neighbour = readNode(writer, id);
      const key = contextVectorKey(id);
      if (neighbour === undefined) continue;
      const fresh = writer.get('meta', key) === undefined;
      if (fresh && contexts >= limits.napContextVectorsMax) continue;
      if (fresh) contexts++;
      writer.put('meta', key, contextVectorToward(neighbour.record.coord, seed.record.coord, neighbour.record.metric));
    }
    for (const id of options.reshape(writer, seed.record.id, options.drives)) changed.add(id);
  }
  return { dreams: order.length, changed };
}

/** Transports every stored context vector whose node's metric changed; drops those of vanished nodes. */
function transportContextVectors(writer: StoreWriter): number {
  const range = { start: contextVectorKeyPrefix, end: contextVectorKeyPrefix.slice(0, -1) + ';', limit: limits.napContextVectorsMax };
  const entries = [...writer.range('meta', range)];
  let transported = 0;
  for (const { key, value } of entries) {
    const node = readNode(writer, (key as string).slice(contextVectorKeyPrefix.length) as NodeId);
    if (node === undefined || !isContextVector(value)) {
      writer.remove('meta', key);
      continue;
    }
    const moved = transportContextVector(value, node.record.metric);
    if (moved === undefined) continue;
    writer.put('meta', key, moved);
    transported++;
  }
  return transported;
}

function countContextVectors(reader: StoreReader): number {
  const range = { start: contextVectorKeyPrefix, end: contextVectorKeyPrefix.slice(0, -1) + ';', limit: limits.napContextVectorsMax };
  let count = 0;
  for (const entry of reader.range('meta', range)) if (entry.value !== undefined) count++;
  return count;
}

/** A node's record and its neighbours' ids, through its `n ‖ id` index entry (node-writer.ts). */
function readNode(reader: StoreReader, id: NodeId): { record: NodeRecord; neighbours: NodeId[] } | undefined {
  const bytes = hexToBytes(id);
  if (bytes.length > limits.nodeIdBytesMax) return undefined;
  const entryKey = new Uint8Array(bytes.length + 1);
  entryKey[0] = 0x6e; // 'n'
  entryKey.set(bytes, 1);
  const key = (reader.get('nodeIndex', entryKey) as { key: Uint8Array } | undefined)?.key;
  const record = key === undefined ? undefined : (reader.get('nodes', key) as Uint8Array | undefined);
  if (key === undefined || record === undefined) return undefined;
  const edge = reader.get('edges', key) as Uint8Array | undefined;
  return { record: decodeNodeRecord(record), neighbours: edge === undefined ? [] : decodeEdgeRecord(edge).neighbours.map((n) => n.id) };
}
