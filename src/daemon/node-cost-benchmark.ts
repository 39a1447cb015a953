/**
 * The hardware benchmark behind metabolic cost calibration (spec §5.1 GAP-012, decisions DR6,
 * MC1): measures, on this machine, how long one unit of each calibrated activity takes, and
 * returns the timings for autonomy's calibrateActivityCosts. Runs at `noctem init`, so it is
 * short: every activity gets an equal share of `budgetMs` (default 240 ms in all) and is
 * sampled repeatedly until its share is spent or limits.costBenchmarkSamplesMax / 3 samples.
 *
 * What is timed (really measured with `nowMs`, never assumed):
 * - propagation: the built-in velocity-Verlet propagator advancing a seeded random k-NN graph
 *   of 256 nodes on T⁹ by 4 steps (units: node-steps);
 * - plasticity: one Hebbian metric update over the same graph (units: node-updates);
 * - ingestion: a chunk-equivalent of work on ~1 KiB of text: tokenizing, hashing every token
 *   into a 300-dimensional bag-of-words vector (the built-in embedder's size), taking its norm
 *   and taking the chunk's SHA-256 (units: chunks). A real chunk also pays the store write and
 *   the embedder's table lookups; this proxy is the CPU part, measured, not the I/O part.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { assert, limits, Xoshiro256pp, type NodeId } from '../core/index.ts';
import type { CostTiming } from '../autonomy/index.ts';
import { coordCells, identityMetric, metricEntries, nearestNeighbours, torusDims, type KnnPoint } from '../manifold/index.ts';
import { hebbianUpdate, randomWaveState, stableTimeStep, velocityVerletPropagator, waveGraphFromKnn, type WaveParams } from '../wave/index.ts';

/** Options of {@link measureCostTimings}. */
export interface CostBenchmarkOptions {
  /** The time source, in ms (monotonic). @default performance.now */
  readonly nowMs?: () => number;
  /** Total time to spend measuring, split equally over the activities, 3..1000 ms. @default 240 */
  readonly budgetMs?: number;
  /** Seed of the throwaway graph and text. @default 1 */
  readonly seed?: number;
}

const graphNodes = 256;
const propagationSteps = 4;
const chunkWords = 170;
const embeddingDimensions = 300;

/**
 * Runs the benchmark and returns its samples (at least one per activity).
 * @param options - clock, budget and seed
 */
export function measureCostTimings(options: CostBenchmarkOptions = {}): CostTiming[] {
  const nowMs = options.nowMs ?? ((): number => performance.now());
  const budgetMs = options.budgetMs ?? 240;
  assert(budgetMs >= 3 && budgetMs <= 1000, 'the benchmark budget is 3..1000 ms');
  const work = benchmarkWork(options.seed ?? 1);
  const shareMs = budgetMs / 3;
  const samplesMax = Math.floor(limits.costBenchmarkSamplesMax / 3);
  const timings: CostTiming[] = [];
  for (const [activity, run] of Object.entries(work) as [CostTiming['activity'], () => number][]) {
    const startMs = nowMs();
    for (let sample = 0; sample < samplesMax && (sample === 0 || nowMs() - startMs < shareMs); sample++) {
      const before = nowMs();
      const units = run();
      // A clock too coarse to see one sample (some timers round to 0.1 ms) gives no sample.
      const elapsedMs = nowMs() - before;
      if (elapsedMs > 0) timings.push({ activity, units, elapsedMs });
    }
    if (!timings.some((t) => t.activity === activity)) timings.push(batched(run, activity, nowMs, shareMs));
  }
  return timings;
}

/** One sample of many runs, for a clock that saw none of the single runs. */
function batched(run: () => number, activity: CostTiming['activity'], nowMs: () => number, shareMs: number): CostTiming {
  const before = nowMs();
  let units = 0;
  for (let i = 0; i < limits.costBenchmarkSamplesMax && (i === 0 || nowMs() - before < shareMs); i++) units += run();
  return { activity, units, elapsedMs: Math.max(nowMs() - before, Number.EPSILON) };
}

/** The three workloads, each returning the units it did. */
function benchmarkWork(seed: number): Record<CostTiming['activity'], () => number> {
  const rng = Xoshiro256pp.fromSeed(seed);
  const points: KnnPoint[] = Array.from({ length: graphNodes }, (_, i) => ({
    id: i.toString(16).padStart(8, '0') as NodeId,
    coord: Uint16Array.from({ length: torusDims }, () => Math.floor(rng.nextFloat64() * coordCells)),
  }));
  const { graph } = waveGraphFromKnn(points.map((point) => ({ ...point, neighbours: nearestNeighbours(point, points, { k: 8 }) })));
  const state = randomWaveState(graph, { seed });
  const base = { c: 1, alpha: 0.1, beta: 0.01 };
  const params: WaveParams = { ...base, dt: stableTimeStep(state, base) / 4 };
  const metrics = new Float32Array(graphNodes * metricEntries);
  for (let i = 0; i < graphNodes; i++) metrics.set(identityMetric(), i * metricEntries);
  const patch = { coords: points.map((p) => p.coord), metrics };
  const words = Array.from({ length: chunkWords }, () => (rng.nextFloat64() * 2 ** 40).toString(36).slice(0, 3 + Math.floor(rng.nextFloat64() * 6)));
  const text = words.join(' ');
  return {
    propagation: () => {
      velocityVerletPropagator.advance(state, params, { steps: propagationSteps });
      return graphNodes * propagationSteps;
    },
    plasticity: () => {
      hebbianUpdate(state, patch, { learningRate: 0.01, elasticity: 0.1 });
      return graphNodes;
    },
    ingestion: () => {
      chunkEquivalent(text);
      return 1;
    },
  };
}

/** Tokenize, hash into a normalized bag-of-words vector, and fingerprint one chunk of text. */
function chunkEquivalent(text: string): number {
  const vector = new Float32Array(embeddingDimensions);
  for (const token of text.toLowerCase().split(/\s+/u)) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
    // Eight signed features per token, as feature hashing spreads a word over a vector.
    for (let d = 0; d < 8; d++) {
      const slot = (hash >>> 0) % embeddingDimensions;
      vector[slot] = vector[slot]! + (d % 2 === 0 ? 1 : -1);
      hash = Math.imul(hash, 0x01000193) ^ d;
    }
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  createHash('sha256').update(text).digest();
  return Math.sqrt(norm);
}
