/**
 * Geodesic distance on the unit 9-torus under a node metric (D2, spec §6.4.5):
 * d²(u, v) = Σᵢⱼ gᵢⱼ δᵢ δⱼ, where δₖ is the wrapped difference of coordinate k, the signed
 * value of (uₖ − vₖ)/16384 folded into [−½, ½). With a diagonal metric this is the spec's
 * Σₖ gₖₖ·min(|uₖ − vₖ|, 1 − |uₖ − vₖ|)² (on a torus of period 1 rather than 2π); the spec
 * writes "≈" because with off-diagonal terms the shortest lattice image may differ from the
 * per-axis fold, and we keep the per-axis fold for speed and symmetry of the wrap.
 */
import { coordCells, torusDims, type TorusCoord } from './torus-coord.ts';
import { metricEntries, type NodeMetric } from './node-metric.ts';
import { assert } from '../core/index.ts';

/** Reused per call (the function is synchronous), so the k-NN inner loop allocates nothing. */
const scratch = new Float64Array(torusDims);

/** The largest identity-metric distance on T⁹: √(9·¼). */
export const torusDistanceMax = 1.5;

/**
 * The wrapped difference (a − b)/16384 folded into [−½, ½).
 * @param a - a coordinate, 0..16383
 * @param b - a coordinate, 0..16383
 */
export function wrappedDelta(a: number, b: number): number {
  let delta = a - b;
  if (delta >= coordCells / 2) delta -= coordCells;
  else if (delta < -coordCells / 2) delta += coordCells;
  return delta / coordCells;
}

/**
 * The squared geodesic distance between two points under `metric`.
 * @param a - a point
 * @param b - a point
 * @param metric - the metric (the measuring node's); omitted means the identity
 * @returns d² ≥ 0 for an SPD metric; with the identity, at most 2.25
 */
export function torusDistanceSquared(a: TorusCoord, b: TorusCoord, metric?: NodeMetric): number {
  const delta = scratch;
  for (let k = 0; k < torusDims; k++) delta[k] = wrappedDelta(a[k]!, b[k]!);
  if (metric === undefined) {
    let sum = 0;
    for (let k = 0; k < torusDims; k++) sum += delta[k]! * delta[k]!;
    return sum;
  }
  // The upper triangle is stored row by row, so k walks it in storage order.
  assert(metric.length === metricEntries, 'a metric has 45 entries');
  let sum = 0;
  let k = 0;
  for (let i = 0; i < torusDims; i++) {
    const di = delta[i]!;
    sum += metric[k++]! * di * di;
    for (let j = i + 1; j < torusDims; j++) sum += 2 * metric[k++]! * di * delta[j]!;
  }
  return Math.max(0, sum);
}

/**
 * The geodesic distance √d² (see {@link torusDistanceSquared}).
 * @param a - a point
 * @param b - a point
 * @param metric - the measuring node's metric; omitted means the identity
 */
export function torusDistance(a: TorusCoord, b: TorusCoord, metric?: NodeMetric): number {
  return Math.sqrt(torusDistanceSquared(a, b, metric));
}
