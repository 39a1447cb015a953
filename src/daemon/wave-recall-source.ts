/**
 * The wave recall signal (D4) as a recall {@link RecallSignalSource}: recall and wave are
 * both layer 2 and may not import each other, so the daemon joins them. The query is
 * injected as emitters at seed nodes, the wave layer propagates a few damped steps over the
 * seeds' neighbourhood of the k-NN graph (D2), and node scores become a ranked chunk list.
 *
 * Seeding: 'torus' places the query embedding on T⁹ (the home's projection) and seeds its
 * nearest nodes by torus distance; 'hits' seeds the nodes of the first-stage (BM25, dense)
 * top hits. Either way the seed at rank r weighs 1/r.
 *
 * The graph is read from the store's `edges` records (node key → cell, metric, neighbour
 * list) and the chunk → node map from the `chunks` records, once per memory generation.
 */
import { limits, type NodeId } from '../core/index.ts';
import {
  decodeEdgeRecord,
  decodeNodeKey,
  identityMetric,
  metricEntries,
  torusDistanceSquared,
  undirectedEdges,
  type KnnNode,
  type Projection,
  type TorusCoord,
} from '../manifold/index.ts';
import { readGeneration, readGeometryGeneration, topKIndices, type ChunkRecord, type RankedList, type RecallSignalQuery, type RecallSignalSource, type Scored } from '../recall/index.ts';
import type { StoreReader } from '../store/index.ts';
import {
  identityAnchors,
  identityBiasedGraph,
  velocityVerletPropagator,
  watchedPropagator,
  waveGraphFromKnn,
  waveRecall,
  waveRecallParamsDefault,
  type IdentityBiasedGraph,
  type SelfConceptPart,
  type WatchdogScram,
  type Propagator,
  type WaveGraph,
  type WaveInjection,
  type WaveReadout,
  type WaveSeed,
} from '../wave/index.ts';

/** Where the query enters the field. */
export const waveSeedings = ['torus', 'hits'] as const;

/** One of {@link waveSeedings}. */
export type WaveSeeding = (typeof waveSeedings)[number];

/** The `recall.wave` section of noctem.json. */
export interface WaveRecallConfig {
  /** How seed nodes are chosen. @default 'hits' */
  readonly seeding: WaveSeeding;
  /** Seed nodes per query (per first-stage list with 'hits'), 1..limits.waveRecallSeedsMax. @default 10 */
  readonly seeds: number;
  /** Propagation steps. @default 20 */
  readonly steps: number;
  /** Constant drive or initial displacement. @default 'drive' */
  readonly injection: WaveInjection;
  /** Score read per node. @default 'energy' */
  readonly readout: WaveReadout;
  /** Strength of the identity field (§6.3.3) on resonance and g_tt; 0 turns it off. @default 1 */
  readonly identityStrength: number;
  /** Lowest-damping modes the injection firewall attenuates (D13); 0 turns it off. @default 4 */
  readonly firewallModes: number;
  /** The firewall's attenuation along those modes, in dB. @default 20 */
  readonly firewallAttenuationDb: number;
}

/** The defaults of {@link WaveRecallConfig}. */
export const waveRecallConfigDefault: WaveRecallConfig = Object.freeze({
  seeding: 'hits', seeds: 10, steps: 20, injection: 'drive', readout: 'energy', identityStrength: 1, firewallModes: 4, firewallAttenuationDb: 20,
});

/** How the daemon polices the propagator (propagator-blacklist.ts, propagator-guard.ts). */
export interface WaveRecallGuard {
  /** False when the propagator is blacklisted: the wave signal is then skipped. */
  allowed(name: string): boolean;
  /** Persists a SCRAM the watchdog raised during a query (snapshot, blacklist, audit). */
  scrammed(name: string, scram: WatchdogScram): Promise<void>;
}

/** What the source reads. */
export interface WaveRecallSourceOptions {
  readonly store: StoreReader;
  /** The home's projection, for 'torus' seeding. */
  readonly projection: Projection;
  readonly config: WaveRecallConfig;
  /** The propagator. @default the wave layer's velocity Verlet */
  readonly propagator?: Propagator;
  /** Blacklist and SCRAM handling; without it the propagator runs unwatched (tests). */
  readonly guard?: WaveRecallGuard;
  /** Norepinephrine N ∈ [0, 1] now (the drives): propagation uses s_eff = s/(1+N). @default 0 */
  readonly norepinephrine?: () => number;
  /** The self-concept's parts, embedded (from the profile); none means no identity field. */
  readonly selfConcept?: () => Promise<readonly SelfConceptPart[]>;
}

/** The memory's graph as the source caches it for one generation. */
interface WaveTables {
  /** The memory generation and the geometry generation it was built at. */
  readonly generation: string;
  readonly graph: WaveGraph;
  /** The σ of the graph's weights. */
  readonly sigma: number;
  /** nodeCount·45 packed metrics. */
  readonly metrics: Float32Array;
  /** The cell of each node index. */
  readonly coords: readonly TorusCoord[];
  /** The chunk ids each node index holds. */
  readonly chunksOf: readonly (readonly string[])[];
  /** The node index of each chunk id. */
  readonly nodeOfChunk: ReadonlyMap<string, number>;
  /** Each node index as a fixed-width string: the tie-breaker of the torus seed ranking. */
  readonly tieIds: readonly string[];
}

/** The wave signal: a {@link RecallSignalSource} named `wave`. */
export class WaveRecallSource implements RecallSignalSource {
  readonly signal = 'wave' as const;
  readonly needsVector: boolean;
  readonly #options: WaveRecallSourceOptions;
  #tables: WaveTables | undefined;
  /** The identity-biased graph for the current tables and self-concept. */
  #biased: { readonly tables: WaveTables; readonly key: string; readonly value: IdentityBiasedGraph } | undefined;

  constructor(options: WaveRecallSourceOptions) {
    this.#options = options;
    this.needsVector = options.config.seeding === 'torus';
  }

  /** {@inheritDoc RecallSignalSource.search} */
  async search(input: RecallSignalQuery): Promise<RankedList> {
    const tables = this.#current();
    const { config, guard } = this.#options;
    const inner = this.#options.propagator ?? velocityVerletPropagator;
    if (guard !== undefined && !guard.allowed(inner.name)) return { signal: this.signal, results: [] };
    const biased = await this.#biasedGraph(tables);
    const seeds = config.seeding === 'torus' ? this.#torusSeeds(tables, input.vector) : hitSeeds(tables, input.lists, config.seeds);
    // Checks every fifth of the run, so a diverging propagator meets the three-strike SCRAM rule.
    const watched = watchedPropagator(inner, { checkEverySteps: Math.max(1, Math.floor(config.steps / 5)) });
    const hits = waveRecall(biased.graph, seeds, {
      steps: config.steps,
      injection: config.injection,
      readout: config.readout,
      limit: limits.recallCandidatesMax,
      propagator: guard === undefined ? inner : watched.propagator,
      firewall: { modes: config.firewallModes, attenuationDb: config.firewallAttenuationDb },
      resonance: biased.resonance,
      params: { ...waveRecallParamsDefault, norepinephrine: this.#options.norepinephrine?.() ?? 0 },
    });
    const scram = watched.scrams[0];
    if (scram !== undefined && guard !== undefined) {
      await guard.scrammed(inner.name, scram);
      return { signal: this.signal, results: [] }; // a diverged field is no evidence of relevance
    }
    const results: Scored[] = [];
    for (const hit of hits) {
      for (const id of tables.chunksOf[hit.node] ?? []) if (results.length < limits.recallCandidatesMax) results.push({ id, score: hit.score });
    }
    return { signal: this.signal, results };
  }

  /** The graph and resonance under the identity field, recomputed when memory or self-concept change. */
  async #biasedGraph(tables: WaveTables): Promise<IdentityBiasedGraph> {
    const strength = this.#options.config.identityStrength;
    const parts = strength > 0 && this.#options.selfConcept !== undefined ? await this.#options.selfConcept() : [];
    const anchors = identityAnchors(this.#options.projection, parts);
    const key = JSON.stringify(anchors.map((a) => [[...a.coord], a.weight]));
    if (this.#biased?.tables === tables && this.#biased.key === key) return this.#biased.value;
    const value = identityBiasedGraph(
      { graph: tables.graph, sigma: tables.sigma, coords: tables.coords, metrics: tables.metrics, resonance: new Float64Array(tables.graph.nodeCount) },
      { anchors, strength },
    );
    this.#biased = { tables, key, value };
    return value;
  }

  /** The nodes nearest the query's cell on T⁹ (none for a missing or all-zero vector). */
  #torusSeeds(tables: WaveTables, vector: Float32Array | undefined): WaveSeed[] {
    if (vector === undefined || vector.every((x) => x === 0) || vector.length !== this.#options.projection.dimensions) return [];
    const coord = this.#options.projection.place(vector).coord;
    const closeness = tables.coords.map((c) => -torusDistanceSquared(coord, c));
    return topKIndices(closeness, tables.tieIds, this.#options.config.seeds).map((node, rank) => ({ node, weight: 1 / (rank + 1) }));
  }

  #current(): WaveTables {
    // Documents and plasticity both change the graph: the cache key is the pair of counters.
    const generation = `${readGeneration(this.#options.store)}.${readGeometryGeneration(this.#options.store)}`;
    if (this.#tables?.generation === generation) return this.#tables;
    this.#tables = buildTables(this.#options.store, generation);
    return this.#tables;
  }
}

/** Seeds from the first-stage lists: each list's top `count` chunks' nodes, weight 1/rank summed. */
function hitSeeds(tables: WaveTables, lists: readonly RankedList[], count: number): WaveSeed[] {
  const weights = new Map<number, number>();
  for (const list of lists) {
    list.results.slice(0, count).forEach((hit, index) => {
      const node = tables.nodeOfChunk.get(hit.id);
      if (node !== undefined) weights.set(node, (weights.get(node) ?? 0) + 1 / (index + 1));
    });
  }
  return [...weights.entries()]
    .sort(([a, wa], [b, wb]) => wb - wa || a - b)
    .slice(0, limits.waveRecallSeedsMax)
    .map(([node, weight]) => ({ node, weight }));
}

function buildTables(store: StoreReader, generation: string): WaveTables {
  const nodes: KnnNode[] = [];
  for (const { key, value } of store.range('edges', { limit: limits.waveNodesMax })) {
    const edge = decodeEdgeRecord(value as Uint8Array);
    const id = decodeNodeKey(key as Uint8Array).id;
    nodes.push({ id, coord: edge.coord, ...(edge.metric === undefined ? {} : { metric: edge.metric }), neighbours: edge.neighbours });
  }
  const sigma = rmsEdgeDistance(nodes);
  const { graph, ids } = waveGraphFromKnn(nodes, { sigma });
  const metrics = new Float32Array(nodes.length * metricEntries);
  nodes.forEach((node, i) => metrics.set(node.metric ?? identityMetric(), i * metricEntries));
  const indexOf = new Map<NodeId, number>(ids.map((id, i) => [id, i]));
  const chunksOf: string[][] = ids.map(() => []);
  const nodeOfChunk = new Map<string, number>();
  // Chunks past the node limit get no wave score (superposed chunks share a node).
  for (const { value } of store.range('chunks', { limit: limits.waveNodesMax })) {
    const chunk = value as ChunkRecord;
    const node = indexOf.get(chunk.nodeId);
    if (node === undefined) continue;
    chunksOf[node]!.push(chunk.id);
    nodeOfChunk.set(chunk.id, node);
  }
  const tieIds = ids.map((_, i) => i.toString(16).padStart(8, '0'));
  return { generation, graph, sigma, metrics, coords: nodes.map((n) => n.coord), chunksOf, nodeOfChunk, tieIds };
}

/** The RMS length of the graph's edges (the weight function's σ), 1 without edges. */
function rmsEdgeDistance(nodes: readonly KnnNode[]): number {
  let sum = 0, count = 0;
  for (const edge of undirectedEdges(nodes)) { sum += edge.distance ** 2; count++; }
  return count === 0 ? 1 : Math.sqrt(sum / count) || 1;
}
