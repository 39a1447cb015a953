/**
 * Hebbian plasticity of the node metrics (issue 4, spec §5.1 "Hebbian Gate" and "Metric
 * Elasticity Regulator"): co-activated nodes pull the manifold together between them, and
 * an elastic restoring force pulls every metric back toward the identity. One explicit Euler
 * step of
 *   dgᵢ/dt = −η(D)·Σⱼ cᵢⱼ·uᵢⱼuᵢⱼᵀ − λ(S)·(gᵢ − I),
 * summed over the wave graph's edges (i, j), with coactivation cᵢⱼ = Re(ψᵢψⱼ*) and uᵢⱼ the
 * unit vector joining the two torus points (per-axis wrapped difference). With cᵢⱼ > 0 the
 * quadratic form shrinks along uᵢⱼ, so the pair gets closer under both nodes' metrics; with
 * cᵢⱼ < 0 (opposite phase) it grows.
 *
 * Sign fix: the spec writes the restoring force as +λ(S)·(gᵢⱼ − δᵢⱼ), which pushes a warped
 * metric further from the identity (exponential runaway). It must be −λ(S)·(g − I) to pull
 * toward the identity, as the spec's own prose ("restores structural stiffness") says.
 *
 * After the step every changed metric has its eigenvalues clamped into [eigenvalueMin,
 * eigenvalueMax], is stored as float32 and is asserted SPD. Only metrics with a non-zero
 * increment are touched, so an untouched metric keeps its exact bits. Drives D and S are
 * supplied by the caller (they arrive in a later issue); `learningRate` and `elasticity` are
 * the spec's maps, and the update takes η and λ as plain numbers so an ablation can pass 0.
 */
import { assert, clampEigenvalues, symmetricEigen } from '../core/index.ts';
import {
  isPositiveDefiniteMetric,
  metricEntries,
  torusDims,
  wrappedDelta,
  type TorusCoord,
} from '../manifold/index.ts';
import type { WaveState } from './wave-state.ts';

/** The drives' neutral baseline D_base = S_base (spec §5.1). */
export const driveBaseline = 0.5;

/** The default eigenvalue bounds: a metric may shrink or stretch distances at most √10-fold. */
export const plasticityEigenvalueBounds = Object.freeze({ min: 0.1, max: 10 });

/** The places and metrics of a wave graph's nodes. */
export interface ManifoldPatch {
  /** coords[i] is node i's torus cell. */
  readonly coords: readonly TorusCoord[];
  /** Node i's packed metric is metrics[45i .. 45i+44] (node-metric.ts layout). */
  readonly metrics: Float32Array;
}

/** Options of {@link hebbianUpdate}. */
export interface HebbianOptions {
  /** η ≥ 0, e.g. {@link learningRate}(D, η_base); 0 turns plasticity off. */
  readonly learningRate: number;
  /** λ ≥ 0, e.g. {@link elasticity}(S, λ_base); 0 turns the restoring force off. */
  readonly elasticity: number;
  /** Step length; λ·dt ≤ 1 so the restoring force never overshoots the identity. @default 1 */
  readonly dt?: number;
  /** Smallest eigenvalue kept. @default 0.1 */
  readonly eigenvalueMin?: number;
  /** Largest eigenvalue kept. @default 10 */
  readonly eigenvalueMax?: number;
}

/** The outcome of {@link hebbianUpdate}. */
export interface HebbianResult {
  /** Every node's metric after the step (a new array; unchanged nodes keep their bits). */
  readonly metrics: Float32Array;
  /** Indices of the nodes whose metric changed, ascending. */
  readonly changed: readonly number[];
}

/**
 * The dopamine-gated learning rate η(D) = η_base·(1 + tanh(D − 0.5)) (spec §5.1). It runs
 * from 0.54·η_base at D = 0 to 1.46·η_base at D = 1 (the spec's "η → 0 at low dopamine" and
 * "≈ 2η_base at high dopamine" do not follow from its own formula).
 * @param dopamine - D in [0, 1]
 * @param etaBase - η_base ≥ 0
 */
export function learningRate(dopamine: number, etaBase: number): number {
  assert(dopamine >= 0 && dopamine <= 1 && etaBase >= 0 && Number.isFinite(etaBase), 'D in [0, 1], η_base ≥ 0');
  return etaBase * (1 + Math.tanh(dopamine - driveBaseline));
}

/**
 * The serotonin-gated elasticity λ(S) = λ_base·(0.5 + 0.5·tanh(S − 0.5)) (spec §5.1): from
 * 0.27·λ_base at S = 0 to 0.73·λ_base at S = 1; λ_base/2 at the baseline.
 * @param serotonin - S in [0, 1]
 * @param lambdaBase - λ_base ≥ 0
 */
export function elasticity(serotonin: number, lambdaBase: number): number {
  assert(serotonin >= 0 && serotonin <= 1 && lambdaBase >= 0 && Number.isFinite(lambdaBase), 'S in [0, 1], λ_base ≥ 0');
  return lambdaBase * (0.5 + 0.5 * Math.tanh(serotonin - driveBaseline));
}

/**
 * One plasticity step over the graph of `state` (see the module comment). Pure: the patch
 * is not modified.
 * @param state - the wave field; its graph's edges are the candidate co-activated pairs
 * @param patch - the nodes' coordinates and metrics, in the graph's node order
 * @param options - η, λ, dt and the eigenvalue bounds
 * @returns the new metrics and which nodes changed
 */
export function hebbianUpdate(state: WaveState, patch: ManifoldPatch, options: HebbianOptions): HebbianResult {
  const n = state.graph.nodeCount;
  const dt = options.dt ?? 1;
  const bounds = { min: options.eigenvalueMin ?? plasticityEigenvalueBounds.min, max: options.eigenvalueMax ?? plasticityEigenvalueBounds.max };
  assert(patch.coords.length === n && patch.metrics.length === n * metricEntries, 'one coordinate and one metric per node');
  assert(options.learningRate >= 0 && Number.isFinite(options.learningRate), 'η is non-negative and finite');
  assert(options.elasticity >= 0 && dt > 0 && options.elasticity * dt <= 1, 'λ ≥ 0 and λ·dt ≤ 1');
  assert(bounds.min > 0 && bounds.min <= 1 && bounds.max >= 1, 'eigenvalue bounds contain 1 and are positive');
  const increment = new Float64Array(n * metricEntries);
  const touched = new Uint8Array(n);
  if (options.learningRate > 0) accumulatePlasticity(state, patch.coords, options.learningRate * dt, increment, touched);
  if (options.elasticity > 0) accumulateRestoring(patch.metrics, options.elasticity * dt, increment, touched);
  const metrics = patch.metrics.slice();
  const changed: number[] = [];
  for (let i = 0; i < n; i++) {
    if (touched[i] === 0) continue;
    const offset = i * metricEntries;
    const next = settledMetric(patch.metrics.subarray(offset, offset + metricEntries), increment.subarray(offset, offset + metricEntries), bounds);
    if (next.some((value, k) => value !== patch.metrics[offset + k])) {
      metrics.set(next, offset);
      changed.push(i);
    }
  }
  return { metrics, changed };
}

/** Adds −ηdt·c·uuᵀ to both ends of every edge with non-zero coactivation. */
function accumulatePlasticity(state: WaveState, coords: readonly TorusCoord[], etaDt: number, increment: Float64Array, touched: Uint8Array): void {
  const { rowStart, neighbour, nodeCount } = state.graph;
  const { psiRe, psiIm } = state;
  const delta = new Float64Array(torusDims);
  for (let i = 0; i < nodeCount; i++) {
    for (let e = rowStart[i]!, end = rowStart[i + 1]!; e < end; e++) {
      const j = neighbour[e]!;
      if (j <= i) continue; // each undirected edge once
      const coactivation = psiRe[i]! * psiRe[j]! + psiIm[i]! * psiIm[j]!;
      assert(Number.isFinite(coactivation), 'the wave field is finite');
      if (coactivation === 0) continue;
      let lengthSquared = 0;
      for (let k = 0; k < torusDims; k++) {
        delta[k] = wrappedDelta(coords[j]![k]!, coords[i]![k]!);
        lengthSquared += delta[k]! * delta[k]!;
      }
      if (lengthSquared === 0) continue; // same cell: no direction joins them
      // uuᵀ = δδᵀ/|δ|², so the scale carries the normalisation.
      const scale = (-etaDt * coactivation) / lengthSquared;
      addOuterProduct(increment, i * metricEntries, delta, scale);
      addOuterProduct(increment, j * metricEntries, delta, scale);
      touched[i] = 1;
      touched[j] = 1;
    }
  }
}

/** Adds −λdt·(g − I) for every node whose metric is not the identity. */
function accumulateRestoring(metrics: Float32Array, lambdaDt: number, increment: Float64Array, touched: Uint8Array): void {
  const n = metrics.length / metricEntries;
  for (let i = 0; i < n; i++) {
    const offset = i * metricEntries;
    for (let row = 0, k = 0; row < torusDims; row++) {
      for (let column = row; column < torusDims; column++, k++) {
        const away = metrics[offset + k]! - (row === column ? 1 : 0);
        if (away === 0) continue;
        increment[offset + k] = increment[offset + k]! - lambdaDt * away;
        touched[i] = 1;
      }
    }
  }
}

/** increment[offset + packed(a, b)] += scale·δₐδ_b over the upper triangle. */
function addOuterProduct(increment: Float64Array, offset: number, delta: Float64Array, scale: number): void {
  for (let a = 0, k = offset; a < torusDims; a++) {
    const da = scale * delta[a]!;
    for (let b = a; b < torusDims; b++, k++) increment[k] = increment[k]! + da * delta[b]!;
  }
}

/** g + increment with eigenvalues clamped into bounds, as float32, asserted SPD. */
function settledMetric(metric: Float32Array, increment: Float64Array, bounds: { min: number; max: number }): Float32Array {
  const next = new Float64Array(metricEntries);
  for (let k = 0; k < metricEntries; k++) next[k] = metric[k]! + increment[k]!;
  const { values } = symmetricEigen(next);
  // Reconstructing from the eigen-decomposition costs a few ulps, so do it only when needed.
  const inBounds = values[0]! >= bounds.min && values[torusDims - 1]! <= bounds.max;
  const settled = Float32Array.from(inBounds ? next : clampEigenvalues(next, bounds));
  assert(isPositiveDefiniteMetric(settled), 'a metric stays SPD after plasticity');
  return settled;
}
