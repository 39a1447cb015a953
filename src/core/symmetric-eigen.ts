/**
 * Eigen-decomposition of a small symmetric matrix by the cyclic Jacobi method, and eigenvalue
 * clamping that keeps a metric symmetric positive-definite after plasticity (issue 4, spec
 * §5.1). Jacobi is chosen over QR for 9×9 metrics: it is short, unconditionally stable and
 * accurate to a few ulps in the eigenvalues, and 9×9 needs well under 10 sweeps.
 */
import { assert } from './assert.ts';
import { limits } from './limits.ts';
import { packSymmetric, unpackSymmetric } from './packed-symmetric.ts';

/** A symmetric matrix's eigen-decomposition A = V·diag(values)·Vᵀ. */
export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /** Orthonormal eigenvectors as the columns of an n×n row-major matrix, in `values` order. */
  readonly vectors: Float64Array;
}

/** Bounds for {@link clampEigenvalues}. */
export interface EigenvalueBounds {
  /** Smallest eigenvalue kept (> 0 keeps the matrix SPD). @default 1e-3 */
  readonly min?: number;
  /** Largest eigenvalue kept. @default 1e3 */
  readonly max?: number;
}

/**
 * The eigenvalues and eigenvectors of a packed symmetric matrix.
 * @param packed - n(n+1)/2 finite entries (packed-symmetric.ts)
 * @returns values ascending with their eigenvectors
 */
export function symmetricEigen(packed: ArrayLike<number>): SymmetricEigen {
  const a = unpackSymmetric(packed);
  const n = Math.round(Math.sqrt(a.length));
  assert(a.every(Number.isFinite), 'symmetricEigen() needs finite entries');
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let sweep = 0;
  for (; sweep < limits.jacobiSweepsMax && offDiagonalNorm(a, n) > 1e-15 * frobenius(a); sweep++) {
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
  }
  assert(sweep < limits.jacobiSweepsMax, 'Jacobi converges within limits.jacobiSweepsMax sweeps');
  return sortedEigen(a, v, n);
}

/**
 * The matrix with every eigenvalue clamped into [min, max]; with min > 0 the result is SPD.
 * @param packed - n(n+1)/2 finite entries
 * @param bounds - min and max eigenvalue
 * @returns the packed clamped matrix (new array)
 */
export function clampEigenvalues(packed: ArrayLike<number>, bounds: EigenvalueBounds = {}): Float64Array {
  const min = bounds.min ?? 1e-3;
  const max = bounds.max ?? 1e3;
  assert(min <= max, 'eigenvalue bounds are ordered');
  const { values, vectors } = symmetricEigen(packed);
  const n = values.length;
  const full = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const lambda = Math.min(max, Math.max(min, values[k]!));
    for (let i = 0; i < n; i++) {
      const vik = vectors[i * n + k]! * lambda;
      for (let j = 0; j < n; j++) full[i * n + j] = full[i * n + j]! + vik * vectors[j * n + k]!;
    }
  }
  return packSymmetric(full);
}

/** One Jacobi rotation zeroing a[p][q] (Golub & Van Loan, Algorithm 8.5.2). */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q]!;
  if (apq === 0) return;
  const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p]!, akq = a[k * n + q]!;
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k]!, aqk = a[q * n + k]!;
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

function offDiagonalNorm(a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sum += a[i * n + j]! ** 2;
  return Math.sqrt(sum);
}

function frobenius(a: Float64Array): number {
  let sum = 0;
  for (const x of a) sum += x * x;
  return Math.sqrt(sum) || 1;
}

function sortedEigen(a: Float64Array, v: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[x * n + x]! - a[y * n + y]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, k) => {
    values[k] = a[source * n + source]!;
    for (let i = 0; i < n; i++) vectors[i * n + k] = v[i * n + source]!;
  });
  return { values, vectors };
}
