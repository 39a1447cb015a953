/**
 * Positive feedback reshapes the manifold (issue 4, spec §5.1): when a result helped, its
 * node and the k-NN neighbours it co-activates pull together under their metrics.
 *
 * Inside the feedback's write transaction: read the result node and its neighbours (D2
 * `edges` records), build the wave graph of that local patch from its stored edges, drive the
 * result node with a unit emitter and propagate a few damped velocity-Verlet steps (the
 * built-in propagator, the same physics as wave recall), normalize ψ so the largest
 * amplitude is 1, and apply one Hebbian step (wave/hebbian-plasticity.ts) with the rates the
 * caller passes from the drives (memory-actions.ts: η = plasticityRate(D), λ = restoringRate(S)),
 * or at the baseline drives D = S = 0.5 when it passes none. Each changed metric is written to
 * its node record and to its edge record, whose neighbour distances (measured with the
 * owner's metric, D2) are recomputed and re-sorted. The neighbour sets are not re-chosen:
 * that is the k-NN maintenance's job when nodes are linked, and a feedback step moves a
 * distance by a few percent. Negative feedback changes no metric: the spec gives no
 * anti-Hebbian rule, and expanding the metric around a disliked result would push its
 * neighbours apart for a judgement about one chunk; the profile's topic preference already
 * records it.
 *
 * Constants: η_base = 0.05 (with ψ normalized, a fully co-activated pair contracts by at most
 * 5 % of the squared length along its joining direction per feedback), λ_base = 0.02 (λ(0.5)
 * = 0.01: each feedback also relaxes the patch's metrics 1 % toward the identity), 16 steps of
 * half the stable time step with c = 1, α = 1, β = 0.
 */
import { NoctemError, hexToBytes, limits, type NodeId } from '../core/index.ts';
import {
  compareNeighbours,
  decodeEdgeRecord,
  decodeNodeRecord,
  encodeEdgeRecord,
  encodeNodeRecord,
  isIdentityMetric,
  metricEntries,
  torusDistance,
  type EdgeRecord,
  type KnnNode,
  type NodeRecord,
  type TorusCoord,
} from '../manifold/index.ts';
import type { StoreReader, StoreWriter } from '../store/index.ts';
import { metaKeys, readGeometryGeneration } from '../recall/index.ts';
import {
  cloneWaveState,
  createWaveState,
  elasticity,
  hebbianUpdate,
  learningRate,
  stableTimeStep,
  velocityVerletPropagator,
  waveGraphFromKnn,
  type WaveParams,
  type WaveState,
} from '../wave/index.ts';

/** The plasticity constants of feedback (see the module comment for why these values). */
export const feedbackPlasticityDefaults = Object.freeze({
  etaBase: 0.05,
  lambdaBase: 0.02,
  dopamine: 0.5,
  serotonin: 0.5,
  steps: 16,
  dtFraction: 0.5,
  params: Object.freeze({ c: 1, alpha: 1, beta: 0 }),
});

/** Options of {@link applyFeedbackPlasticity}. */
export interface FeedbackPlasticityOptions {
  /** The feedback's time, written as the changed nodes' touchedAtMs. */
  readonly nowMs: number;
  /** η_base. @default 0.05 */
  readonly etaBase?: number;
  /** λ_base. @default 0.02 */
  readonly lambdaBase?: number;
  /**
   * η itself, from the drives (autonomy plasticityRate(D, etaBase)); replaces the baseline
   * η(0.5). @default learningRate(0.5, etaBase)
   */
  readonly learningRate?: number;
  /**
   * λ itself, from the drives (autonomy restoringRate(S, lambdaBase)); replaces the baseline
   * λ(0.5). @default elasticity(0.5, lambdaBase)
   */
  readonly elasticity?: number;
}

/** What a feedback step changed. */
export interface FeedbackPlasticityOutcome {
  /** Nodes whose metric changed, the result node first when it changed. */
  readonly changed: readonly NodeId[];
}

/** A node of the local patch as read from the store. */
interface PatchNode {
  readonly key: Uint8Array;
  readonly record: NodeRecord;
  readonly edge: EdgeRecord;
}

/**
 * Contracts the metrics around node `nodeId` for a +1 feedback, writing through `writer`.
 * @param writer - the feedback's write transaction
 * @param nodeId - the result's node
 * @param options - the time and the rates
 * @throws {NoctemError} MANIFOLD_NODE_CORRUPT when the node or one of its records is missing
 */
export function applyFeedbackPlasticity(writer: StoreWriter, nodeId: NodeId, options: FeedbackPlasticityOptions): FeedbackPlasticityOutcome {
  const centre = readPatchNode(writer, nodeId);
  if (centre === undefined) throw new NoctemError('MANIFOLD_NODE_CORRUPT', `Cannot reshape node ${nodeId}: its records are missing`);
  const patch = [centre, ...centre.edge.neighbours.flatMap((n) => readPatchNode(writer, n.id) ?? [])];
  const state = coactivation(patch);
  if (state === undefined) return { changed: [] };
  const metrics = new Float32Array(patch.length * metricEntries);
  patch.forEach((node, i) => metrics.set(node.record.metric, i * metricEntries));
  const step = hebbianUpdate(state, { coords: patch.map((n) => n.record.coord), metrics }, {
    learningRate: options.learningRate ?? learningRate(feedbackPlasticityDefaults.dopamine, options.etaBase ?? feedbackPlasticityDefaults.etaBase),
    elasticity: options.elasticity ?? elasticity(feedbackPlasticityDefaults.serotonin, options.lambdaBase ?? feedbackPlasticityDefaults.lambdaBase),
  });
  const known = new Map<NodeId, TorusCoord>(patch.map((n) => [n.record.id, n.record.coord]));
  for (const i of step.changed) {
    const metric = step.metrics.slice(i * metricEntries, (i + 1) * metricEntries);
    writeMetric(writer, patch[i]!, { metric, nowMs: options.nowMs, coordOf: (id) => known.get(id) ?? readCoord(writer, id) });
  }
  // Graph caches (wave recall) rebuild on this counter; the text indexes are untouched.
  if (step.changed.length > 0) writer.put('meta', metaKeys.geometry, readGeometryGeneration(writer) + 1);
  return { changed: step.changed.map((i) => patch[i]!.record.id) };
}

/** ψ over the patch after driving its first node, normalized to max |ψ| = 1; undefined when flat. */
function coactivation(patch: readonly PatchNode[]): WaveState | undefined {
  const nodes: KnnNode[] = patch.map(({ record, edge }) => ({
    id: record.id,
    coord: record.coord,
    ...(isIdentityMetric(record.metric) ? {} : { metric: record.metric }),
    neighbours: edge.neighbours,
  }));
  const { graph } = waveGraphFromKnn(nodes);
  const start = createWaveState(graph);
  patch.forEach(({ record }, i) => {
    start.resonance[i] = record.r;
    start.refractiveIndex[i] = record.s;
  });
  const physics = feedbackPlasticityDefaults.params;
  const dt = feedbackPlasticityDefaults.dtFraction * Math.min(stableTimeStep(start, physics), 2 / physics.alpha);
  const params: WaveParams = { ...physics, dt, emitters: [{ node: 0, re: 1, im: 0 }] };
  const end = velocityVerletPropagator.advance(start, params, { steps: feedbackPlasticityDefaults.steps });
  let amplitudeMax = 0;
  for (let i = 0; i < graph.nodeCount; i++) amplitudeMax = Math.max(amplitudeMax, Math.hypot(end.psiRe[i]!, end.psiIm[i]!));
  if (!(amplitudeMax > 0)) return undefined;
  return cloneWaveState(end, { psiRe: end.psiRe.map((x) => x / amplitudeMax), psiIm: end.psiIm.map((x) => x / amplitudeMax) });
}

/** Writes a node's new metric to its node record and its edge record (distances re-measured). */
function writeMetric(
  writer: StoreWriter,
  node: PatchNode,
  change: { metric: Float32Array; nowMs: number; coordOf: (id: NodeId) => TorusCoord | undefined },
): void {
  const { metric } = change;
  writer.put('nodes', node.key, encodeNodeRecord({ ...node.record, metric, touchedAtMs: change.nowMs }));
  const neighbours = node.edge.neighbours
    .map((n) => {
      const coord = change.coordOf(n.id);
      return coord === undefined ? n : { id: n.id, distance: torusDistance(node.record.coord, coord, metric) };
    })
    .sort(compareNeighbours);
  const edge: EdgeRecord = { coord: node.edge.coord, ...(isIdentityMetric(metric) ? {} : { metric }), neighbours };
  writer.put('edges', node.key, encodeEdgeRecord(edge));
}

/** A node's store key, record and edge record, through its `n ‖ id` index entry (node-writer.ts). */
function readPatchNode(reader: StoreReader, id: NodeId): PatchNode | undefined {
  const key = readNodeKey(reader, id);
  if (key === undefined) return undefined;
  const recordBytes = reader.get('nodes', key) as Uint8Array | undefined;
  const edgeBytes = reader.get('edges', key) as Uint8Array | undefined;
  if (recordBytes === undefined || edgeBytes === undefined) return undefined;
  return { key, record: decodeNodeRecord(recordBytes), edge: decodeEdgeRecord(edgeBytes) };
}

/** A node's cell from its edge record (no node record decode). */
function readCoord(reader: StoreReader, id: NodeId): TorusCoord | undefined {
  const key = readNodeKey(reader, id);
  const bytes = key === undefined ? undefined : (reader.get('edges', key) as Uint8Array | undefined);
  return bytes === undefined ? undefined : decodeEdgeRecord(bytes).coord;
}

/** The `nodes`/`edges` key of a node from its index entry `n ‖ id` -> { key, chunks }. */
function readNodeKey(reader: StoreReader, id: NodeId): Uint8Array | undefined {
  const bytes = hexToBytes(id);
  if (bytes.length > limits.nodeIdBytesMax) return undefined;
  const entryKey = new Uint8Array(bytes.length + 1);
  entryKey[0] = 0x6e; // 'n'
  entryKey.set(bytes, 1);
  return (reader.get('nodeIndex', entryKey) as { key: Uint8Array } | undefined)?.key;
}
