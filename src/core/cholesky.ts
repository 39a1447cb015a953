/**
 * Cholesky factorization A = L·Lᵀ of a symmetric positive-definite matrix given as its packed
 * upper triangle, and the triangular products and solves built on it (D7 state transport,
 * spec §6.3.4-6.3.5). Factors are n×n row-major Float64Array with zeros above the diagonal.
 */
import { packedDimension } from './packed-symmetric.ts';
import { assert } from './assert.ts';

/** Options for {@link cholesky}. */
export interface CholeskyOptions {
  /** Smallest accepted pivot (before the square root); smaller means "not SPD". @default 1e-12 */
  readonly pivotMin?: number;
}

/**
 * The lower-triangular Cholesky factor of a packed SPD matrix.
 * @param packed - n(n+1)/2 entries (see packed-symmetric.ts)
 * @param options - pivotMin
 * @returns L (n×n row-major), or undefined when the matrix is not positive definite
 */
export function cholesky(packed: ArrayLike<number>, options: CholeskyOptions = {}): Float64Array | undefined {
  const n = packedDimension(packed.length);
  const pivotMin = options.pivotMin ?? 1e-12;
  const lower = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      // Packed index of a_{j,i} (j ≤ i): row j starts at j·n − j(j−1)/2.
      let sum = packed[j * n - (j * (j - 1)) / 2 + (i - j)]!;
      for (let k = 0; k < j; k++) sum -= lower[i * n + k]! * lower[j * n + k]!;
      if (i === j) {
        if (!(sum > pivotMin)) return undefined;
        lower[j * n + j] = Math.sqrt(sum);
      } else {
        lower[i * n + j] = sum / lower[j * n + j]!;
      }
    }
  }
  return lower;
}

/**
 * Solves L·x = b by forward substitution.
 * @param lower - L, n×n row-major lower-triangular with a non-zero diagonal
 * @param b - n entries
 * @returns x (new array)
 */
export function solveLower(lower: Float64Array, b: ArrayLike<number>): Float64Array {
  const n = dimensionOf(lower, b);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= lower[i * n + k]! * x[k]!;
    x[i] = sum / lower[i * n + i]!;
  }
  return x;
}

/**
 * Solves Lᵀ·x = b by back substitution (Lᵀ is upper-triangular).
 * @param lower - L, n×n row-major lower-triangular with a non-zero diagonal
 * @param b - n entries
 * @returns x (new array)
 */
export function solveLowerTransposed(lower: Float64Array, b: ArrayLike<number>): Float64Array {
  const n = dimensionOf(lower, b);
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < n; k++) sum -= lower[k * n + i]! * x[k]!;
    x[i] = sum / lower[i * n + i]!;
  }
  return x;
}

/**
 * The product Lᵀ·x.
 * @param lower - L, n×n row-major lower-triangular
 * @param x - n entries
 * @returns Lᵀx (new array)
 */
export function multiplyLowerTransposed(lower: Float64Array, x: ArrayLike<number>): Float64Array {
  const n = dimensionOf(lower, x);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = i; k < n; k++) sum += lower[k * n + i]! * x[k]!;
    y[i] = sum;
  }
  return y;
}

/**
 * The product L·x.
 * @param lower - L, n×n row-major lower-triangular
 * @param x - n entries
 * @returns Lx (new array)
 */
export function multiplyLower(lower: Float64Array, x: ArrayLike<number>): Float64Array {
  const n = dimensionOf(lower, x);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k <= i; k++) sum += lower[i * n + k]! * x[k]!;
    y[i] = sum;
  }
  return y;
}

function dimensionOf(lower: Float64Array, vector: ArrayLike<number>): number {
  const n = vector.length;
  assert(lower.length === n * n, 'a factor is n×n for an n-vector');
  return n;
}
