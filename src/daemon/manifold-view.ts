/**
 * What the daemon reads of the manifold: node energies |ψ|² for the boredom entropy and the
 * dopamine value V, and the whole k-NN graph for frontier identification. Reading decodes
 * every node record (O(N)), so the energies are cached and re-read only when a memory counter
 * moves (node count, memory and geometry generations, change-journal sequence) or after
 * limits.daemonEnergyCacheMsMax; the graph is read only when curiosity runs.
 */
import { limits, type NodeId, type Rng } from '../core/index.ts';
import { estimateEnergyEntropy, type FrontierInput } from '../autonomy/index.ts';
import { decodeEdgeRecord, decodeNodeRecord, metricEntries } from '../manifold/index.ts';
import { ordinalOf, readGeneration, readGeometryGeneration, type ChunkRecord } from '../recall/index.ts';
import type { StoreReader } from '../store/index.ts';

/** |ψ| never exceeds 4 (DESIGN D3), so |ψ|² ≤ 16 normalizes the value V into [0, 1]. */
export const energyPerNodeMax = 16;

/** The energies and their summaries at one memory state. */
export interface EnergyReading {
  /** |ψᵢ|² per node, in key order. */
  readonly energies: Float64Array;
  /** Pielou evenness J = H / log N of the energies (D5 estimator), in [0, 1]. */
  readonly evenness: number;
  /** V = mean |ψ|² / 16, in [0, 1] (0 for an empty memory). */
  readonly value: number;
  /** Node records changed since the last checkpoint (change journal), read up to limits.daemonDirtyNodesReadMax entries. */
  readonly dirtyNodes: number;
}

/** Caches {@link EnergyReading}s per memory state. */
export class NodeEnergyCache {
  #key = '';
  #readAtMs = -Infinity;
  #reading: EnergyReading | undefined;
  readonly #rng: Rng;

  /** @param rng - the estimator's generator (advanced on each re-read) */
  constructor(rng: Rng) {
    this.#rng = rng;
  }

  /**
   * The reading for the memory as `reader` sees it, re-read only when it changed.
   * @param reader - a store view
   * @param nowMs - a monotonic time, for the cache's age
   */
  read(reader: StoreReader, nowMs: number): EnergyReading {
    const key = [reader.count('nodes'), readGeneration(reader), readGeometryGeneration(reader), reader.changeSequence() ?? -1].join(':');
    if (this.#reading !== undefined && key === this.#key && nowMs - this.#readAtMs < limits.daemonEnergyCacheMsMax) return this.#reading;
    const energies = readNodeEnergies(reader);
    let sum = 0;
    for (const e of energies) sum += e;
    const value = energies.length === 0 ? 0 : Math.min(1, sum / energies.length / energyPerNodeMax);
    const dirtyNodes = countDirtyNodes(reader);
    this.#reading = { energies, evenness: estimateEnergyEntropy(energies, this.#rng).evenness, value, dirtyNodes };
    this.#key = key;
    this.#readAtMs = nowMs;
    return this.#reading;
  }
}

/**
 * |ψ|² of every node (up to limits.daemonManifoldNodesMax), in key order.
 * @param reader - a store view
 */
export function readNodeEnergies(reader: StoreReader): Float64Array {
  const out: number[] = [];
  for (const { value } of reader.range('nodes', { limit: limits.daemonManifoldNodesMax })) {
    const { psi } = decodeNodeRecord(value as Uint8Array);
    out.push(psi.re * psi.re + psi.im * psi.im);
  }
  return Float64Array.from(out);
}

/**
 * Node records written since the last checkpoint: `nodes` entries of the change journal
 * (0 while the journal is off, before the first checkpoint).
 * @param reader - a store view
 */
export function countDirtyNodes(reader: StoreReader): number {
  let count = 0;
  for (const change of reader.changes({ limit: limits.daemonDirtyNodesReadMax })) if (change.db === 'nodes') count++;
  return count;
}

/** The graph frontier identification reads, with each node's id and chunk. */
export interface ManifoldGraph {
  readonly input: FrontierInput;
  readonly nodeIds: readonly NodeId[];
  /** The chunk id each node holds (for goal labels). */
  readonly chunkIds: ReadonlyMap<NodeId, string>;
}

/**
 * Reads nodes and their edge records into CSR form (neighbours outside the read are dropped).
 * @param reader - a store view
 */
export function readManifoldGraph(reader: StoreReader): ManifoldGraph {
  const records = [...reader.range('nodes', { limit: limits.daemonManifoldNodesMax })].map(({ key, value }) => ({ key, node: decodeNodeRecord(value as Uint8Array) }));
  const n = records.length;
  const position = new Map<NodeId, number>(records.map((r, i) => [r.node.id, i]));
  const coords = new Uint16Array(n * 9);
  const metrics = new Float32Array(n * metricEntries);
  const energies = new Float64Array(n);
  const rowStart = new Int32Array(n + 1);
  const index: number[] = [];
  const distance: number[] = [];
  const chunkIds = new Map<NodeId, string>();
  records.forEach(({ key, node }, i) => {
    coords.set(node.coord, i * 9);
    metrics.set(node.metric, i * metricEntries);
    energies[i] = node.psi.re ** 2 + node.psi.im ** 2;
    chunkIds.set(node.id, node.chunkId);
    const edge = reader.get('edges', key as Uint8Array) as Uint8Array | undefined;
    for (const neighbour of edge === undefined ? [] : decodeEdgeRecord(edge).neighbours) {
      const j = position.get(neighbour.id);
      if (j === undefined || j === i) continue;
      index.push(j);
      distance.push(neighbour.distance);
    }
    rowStart[i + 1] = index.length;
  });
  return {
    input: { coords, metrics, energies, rowStart, index: Int32Array.from(index), distance: Float64Array.from(distance) },
    nodeIds: records.map((r) => r.node.id),
    chunkIds,
  };
}

/**
 * A goal label for some nodes: the first node's chunk heading or title, else its id.
 * @param reader - a store view
 * @param graph - the graph the nodes come from
 */
export function goalLabeller(reader: StoreReader, graph: ManifoldGraph): (nodeIds: readonly NodeId[]) => string {
  return (nodeIds) => {
    const first = nodeIds[0];
    if (first === undefined) return 'this topic';
    const ordinal = ordinalOf(graph.chunkIds.get(first) ?? '');
    const chunk = ordinal === undefined ? undefined : (reader.get('chunks', ordinal) as ChunkRecord | undefined);
    const label = chunk === undefined ? `node ${first}` : `"${chunk.heading ?? chunk.title}"`;
    return label.length > 120 ? `${label.slice(0, 119)}…` : label;
  };
}
