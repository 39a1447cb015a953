/**
 * The first principal direction of a set of vectors, uncentered (the top right singular
 * vector, as SIF's TruncatedSVD computes it), by power iteration on the d×d Gram matrix.
 */
import { assert } from '../core/index.ts';

/** Power-iteration steps at most; the Gram matrices here converge in a few dozen. */
const powerIterationsMax = 500;

/**
 * The unit vector u maximizing Σ (xᵢ·u)², with its sign fixed so its largest entry is positive.
 * @param rows - n×d row-major
 * @param dimensions - d
 * @returns u, unit length (zero when every row is zero)
 */
export function firstPrincipalComponent(rows: Float32Array, dimensions: number): Float32Array {
  assert(dimensions >= 1 && rows.length % dimensions === 0, 'rows are n × dimensions');
  const gram = new Float64Array(dimensions * dimensions);
  for (let offset = 0; offset < rows.length; offset += dimensions) {
    for (let i = 0; i < dimensions; i++) {
      const xi = rows[offset + i]!;
      if (xi === 0) continue;
      for (let j = 0; j < dimensions; j++) gram[i * dimensions + j] = gram[i * dimensions + j]! + xi * rows[offset + j]!;
    }
  }
  let u = new Float64Array(dimensions).fill(1 / Math.sqrt(dimensions));
  for (let step = 0; step < powerIterationsMax; step++) {
    const next = new Float64Array(dimensions);
    for (let i = 0; i < dimensions; i++) {
      let sum = 0;
      for (let j = 0; j < dimensions; j++) sum += gram[i * dimensions + j]! * u[j]!;
      next[i] = sum;
    }
    const length = Math.hypot(...next);
    if (length === 0) return new Float32Array(dimensions);
    let change = 0;
    for (let i = 0; i < dimensions; i++) {
      next[i] = next[i]! / length;
      change = Math.max(change, Math.abs(next[i]! - u[i]!));
    }
    u = next;
    if (change < 1e-12) break;
  }
  const largest = u.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
  return Float32Array.from(u, (x) => (largest < 0 ? -x : x));
}

/**
 * Removes the projection on a unit direction: v ← v − (v·u)u, in place.
 * @param vector - modified in place
 * @param unit - a unit vector of the same width
 */
export function removeComponent(vector: Float32Array | Float64Array, unit: Float32Array): void {
  let projection = 0;
  for (let i = 0; i < vector.length; i++) projection += vector[i]! * unit[i]!;
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! - projection * unit[i]!;
}
