/**
 * Dense vector arithmetic on `Float32Array`s (embeddings): dot products, norms, cosine.
 * Sums are accumulated in float64 and unrolled by four, which V8 compiles to tight code.
 */
import { assert } from './assert.ts';

/**
 * The dot product Σ aᵢbᵢ.
 * @param a - a vector
 * @param b - a vector of the same length
 */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert(a.length === b.length, 'dot() needs equal lengths');
  return dotAt(a, 0, b, a.length);
}

/** The dot product of `length` entries of `matrix` from `offset` with `b` (no view made). */
function dotAt(matrix: ArrayLike<number>, offset: number, b: ArrayLike<number>, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += matrix[offset + i]! * b[i]!;
    s1 += matrix[offset + i + 1]! * b[i + 1]!;
    s2 += matrix[offset + i + 2]! * b[i + 2]!;
    s3 += matrix[offset + i + 3]! * b[i + 3]!;
  }
  for (; i < length; i++) s0 += matrix[offset + i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/**
 * The Euclidean norm ‖a‖.
 * @param a - a vector
 */
export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dotAt(a, 0, a, a.length));
}

/**
 * A unit-length copy of `a`; the zero vector stays zero (it has no direction).
 * @param a - a vector
 * @returns a new vector with ‖result‖ = 1, or all zeros
 */
export function normalized(a: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(a);
  const length = norm(out);
  if (length > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / length;
  return out;
}

/**
 * The cosine similarity a·b / (‖a‖‖b‖), in [−1, 1]; 0 when either vector is zero.
 * @param a - a vector
 * @param b - a vector of the same length
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const denominator = norm(a) * norm(b);
  if (denominator === 0) return 0;
  return Math.max(-1, Math.min(1, dot(a, b) / denominator));
}
