/**
 * The per-node metric tensor g: a 9×9 symmetric positive-definite matrix stored as its upper
 * triangle, row by row (g₀₀ g₀₁ … g₀₈ g₁₁ … g₈₈), 45 float32. Every node is born with the
 * identity; naps may warp it (spec §6.4).
 */
import { assert, cholesky } from '../core/index.ts';
import { torusDims } from './torus-coord.ts';

/** Entries of a stored metric: 9·10/2. */
export const metricEntries = 45;

/** A metric tensor's upper triangle (see the module comment for the layout). */
export type NodeMetric = Float32Array;

/**
 * Where gᵢⱼ (= gⱼᵢ) lives in the upper-triangle array.
 * @param i - row, 0..8
 * @param j - column, 0..8
 */
export function metricIndex(i: number, j: number): number {
  const row = Math.min(i, j);
  const column = Math.max(i, j);
  assert(row >= 0 && column < torusDims, 'metric indices are 0..8');
  return row * torusDims - (row * (row - 1)) / 2 + (column - row);
}

/** A fresh identity metric. */
export function identityMetric(): NodeMetric {
  const metric = new Float32Array(metricEntries);
  for (let i = 0; i < torusDims; i++) metric[metricIndex(i, i)] = 1;
  return metric;
}

/**
 * True when `metric` is exactly the identity (the codec then stores one flag bit instead).
 * @param metric - 45 entries
 */
export function isIdentityMetric(metric: NodeMetric): boolean {
  let diagonal = 0;
  for (let k = 0; k < metricEntries; k++) {
    const value = metric[k]!;
    if (k === metricIndex(diagonal, diagonal)) {
      if (value !== 1) return false;
      diagonal++;
    } else if (value !== 0) {
      return false;
    }
  }
  return true;
}

/**
 * True when `metric` is symmetric positive-definite: its Cholesky factorization succeeds with
 * every pivot above `pivotMin`.
 * @param metric - 45 entries
 * @param pivotMin - smallest accepted pivot (guards against near-singular metrics)
 */
export function isPositiveDefiniteMetric(metric: NodeMetric, pivotMin = 1e-9): boolean {
  return metric.length === metricEntries && cholesky(metric, { pivotMin }) !== undefined;
}
