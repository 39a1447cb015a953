/**
 * Covariant state transport (D7, spec §6.3.4): when plasticity changes a node's metric from
 * g_old to g_new, a 9-vector h living at the node is mapped to T·h with
 * T = L_new^{−T}·L_oldᵀ (g = L·Lᵀ, Cholesky). Then
 * (Th)ᵀ g_new (Th) = hᵀ L_old L_new^{−1} L_new L_newᵀ L_new^{−T} L_oldᵀ h = hᵀ g_old h,
 * so the metric norm ‖h‖²_g is invariant. The spec's second formula T = L_new·L_old^{−1}
 * preserves the inverse-metric norm instead and is not used.
 */
import { assert, cholesky, multiplyLowerTransposed, solveLowerTransposed } from '../core/index.ts';
import { metricEntries, torusDims, type NodeMetric } from '../manifold/index.ts';

/** Cholesky factors of the two metrics of one transport, computed once for a batch. */
export interface TransportFactors {
  /** L_old, 9×9 row-major lower-triangular. */
  readonly lowerOld: Float64Array;
  /** L_new, 9×9 row-major lower-triangular. */
  readonly lowerNew: Float64Array;
}

/**
 * Factors both metrics; asserts they are SPD (the plasticity clamp keeps them so).
 * @param gOld - the metric the vectors were measured in (45 packed entries)
 * @param gNew - the metric they move to
 */
export function transportFactors(gOld: NodeMetric | Float64Array, gNew: NodeMetric | Float64Array): TransportFactors {
  assert(gOld.length === metricEntries && gNew.length === metricEntries, 'metrics have 45 entries');
  const lowerOld = cholesky(gOld);
  const lowerNew = cholesky(gNew);
  assert(lowerOld !== undefined && lowerNew !== undefined, 'transported metrics are SPD');
  return { lowerOld, lowerNew };
}

/**
 * Transports one 9-vector from g_old to g_new, keeping hᵀgh: `transport(h, gOld, gNew)`, or
 * `transport(h, factors)` with factors computed once for many vectors at the same node.
 * @param h - 9 entries (a complex vector transports as its real and imaginary parts)
 * @param from - g_old (45 packed entries), or the factors of {@link transportFactors}
 * @param gNew - g_new, when `from` is a metric
 * @returns T·h (new array)
 */
export function transport(h: ArrayLike<number>, from: TransportFactors | NodeMetric | Float64Array, gNew?: NodeMetric | Float64Array): Float64Array {
  const factors = factorsOf(from, gNew);
  assert(h.length === torusDims, 'a transported vector has 9 entries');
  return solveLowerTransposed(factors.lowerNew, multiplyLowerTransposed(factors.lowerOld, h));
}

/**
 * Transports a batch of 9-vectors stored row by row (m × 9), factoring the metrics once:
 * `transportBatch(batch, gOld, gNew)` or `transportBatch(batch, factors)`.
 * @param batch - 9·m entries
 * @param from - g_old, or the factors of {@link transportFactors}
 * @param gNew - g_new, when `from` is a metric
 * @returns the transported batch (new array, same layout)
 */
export function transportBatch(batch: Float64Array, from: TransportFactors | NodeMetric | Float64Array, gNew?: NodeMetric | Float64Array): Float64Array {
  const factors = factorsOf(from, gNew);
  assert(batch.length % torusDims === 0, 'a batch is m rows of 9');
  const out = new Float64Array(batch.length);
  for (let row = 0; row < batch.length; row += torusDims) {
    out.set(transport(batch.subarray(row, row + torusDims), factors), row);
  }
  return out;
}

function factorsOf(from: TransportFactors | NodeMetric | Float64Array, gNew: NodeMetric | Float64Array | undefined): TransportFactors {
  if ('lowerOld' in from) return from;
  assert(gNew !== undefined, 'transport() from a metric needs the new metric');
  return transportFactors(from, gNew);
}

/**
 * The squared metric norm hᵀ·g·h.
 * @param h - 9 entries
 * @param g - 45 packed entries
 */
export function metricNormSquared(h: ArrayLike<number>, g: NodeMetric | Float64Array): number {
  assert(h.length === torusDims && g.length === metricEntries, 'a 9-vector and a 45-entry metric');
  let sum = 0;
  for (let i = 0, k = 0; i < torusDims; i++) {
    sum += g[k++]! * h[i]! * h[i]!;
    for (let j = i + 1; j < torusDims; j++) sum += 2 * g[k++]! * h[i]! * h[j]!;
  }
  return sum;
}
