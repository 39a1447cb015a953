/**
 * The matrix exponential of a small real matrix, for the drive integrator's exact linear step.
 * Scaling and squaring over a Taylor series: A is halved s times until ‖A/2ˢ‖₁ ≤ 1/2, the
 * series is summed until a term no longer changes the sum, and the result is squared s times.
 * At norm 1/2 the series converges to full double precision in about 20 terms, and the
 * matrices here are at most 2·limits.couplingMatrixSizeMax wide, so no Padé solve is needed.
 */
import { assert, limits } from '../core/index.ts';
import type { RealMatrix } from './real-eigenvalues.ts';

/** e^{A·t} and ∫₀ᵗ e^{A·s} ds for one matrix and one step. */
export interface ExponentialStep {
  /** e^{A·t}: the homogeneous flow over one step. */
  readonly flow: number[][];
  /** ∫₀ᵗ e^{A·s} ds (= A⁻¹(e^{At} − I) when A is invertible): the response to a constant input. */
  readonly inputResponse: number[][];
}

/**
 * e^{A} for a square matrix of finite entries.
 * @param matrix - n×n, n ≤ 2·limits.couplingMatrixSizeMax
 * @returns e^{matrix} as rows
 */
export function matrixExponential(matrix: RealMatrix): number[][] {
  const n = matrix.length;
  assert(n >= 1 && n <= 2 * limits.couplingMatrixSizeMax, 'a small non-empty matrix');
  assert(matrix.every((row) => row.length === n && row.every(Number.isFinite)), 'a square matrix of finite entries');
  const norm = Math.max(...Array.from({ length: n }, (_, j) => matrix.reduce((sum, row) => sum + Math.abs(row[j]!), 0)));
  const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scale = 2 ** -squarings;
  const scaled = matrix.map((row) => row.map((value) => value * scale));
  let sum = identity(n);
  let term = identity(n);
  let k = 1;
  for (; k <= limits.matrixExponentialTermsMax; k++) {
    term = multiply(term, scaled).map((row) => row.map((value) => value / k));
    const next = sum.map((row, i) => row.map((value, j) => value + term[i]![j]!));
    const settled = next.every((row, i) => row.every((value, j) => value === sum[i]![j]));
    sum = next;
    if (settled) break;
  }
  assert(k <= limits.matrixExponentialTermsMax, 'the Taylor series settles within limits.matrixExponentialTermsMax terms');
  for (let s = 0; s < squarings; s++) sum = multiply(sum, sum);
  return sum;
}

/**
 * The exact one-step operators of dx/dt = A·x + u with u constant over the step:
 * x(t) = flow·x(0) + inputResponse·u. Both come from one exponential of the block matrix
 * [[A, I], [0, 0]]·t, whose top-right block is ∫₀ᵗ e^{As} ds (Van Loan, 1978), so no inverse
 * of A is formed.
 * @param matrix - A, n×n finite, n ≤ limits.couplingMatrixSizeMax
 * @param stepLength - t ≥ 0, finite
 */
export function exponentialStep(matrix: RealMatrix, stepLength: number): ExponentialStep {
  const n = matrix.length;
  assert(n >= 1 && n <= limits.couplingMatrixSizeMax, 'a small non-empty matrix');
  assert(stepLength >= 0 && Number.isFinite(stepLength), 'the step length is finite and non-negative');
  const block = Array.from({ length: 2 * n }, (_, i) => Array.from({ length: 2 * n }, (_, j) => {
    if (i >= n) return 0;
    if (j < n) return matrix[i]![j]! * stepLength;
    return j - n === i ? stepLength : 0;
  }));
  const full = matrixExponential(block);
  return {
    flow: full.slice(0, n).map((row) => row.slice(0, n)),
    inputResponse: full.slice(0, n).map((row) => row.slice(n)),
  };
}

/**
 * The matrix–vector product A·x.
 * @param matrix - m×n
 * @param vector - n entries
 */
export function multiplyVector(matrix: RealMatrix, vector: readonly number[]): number[] {
  return matrix.map((row) => row.reduce((sum, value, j) => sum + value * vector[j]!, 0));
}

/**
 * The ∞-norm ‖A‖∞ = maxᵢ Σⱼ |aᵢⱼ| (the largest absolute row sum), which bounds how much one
 * application of A can grow any vector's largest component.
 * @param matrix - m×n
 */
export function infinityNorm(matrix: RealMatrix): number {
  return Math.max(...matrix.map((row) => row.reduce((sum, value) => sum + Math.abs(value), 0)));
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function multiply(a: RealMatrix, b: RealMatrix): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((sum, value, k) => sum + value * b[k]![j]!, 0)));
}
