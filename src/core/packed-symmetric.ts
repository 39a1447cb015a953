/**
 * Symmetric matrices stored as their upper triangle, row by row (a₀₀ a₀₁ … a₀,ₙ₋₁ a₁₁ …):
 * n(n+1)/2 entries. This is the layout of the node metric (45 float32 for 9×9, manifold's
 * `metricIndex`); the linear algebra in core reads it without knowing about metrics.
 */
import { assert } from './assert.ts';

/**
 * Where aᵢⱼ (= aⱼᵢ) lives in the packed upper triangle of an n×n matrix.
 * @param n - the dimension
 * @param i - row, 0..n−1
 * @param j - column, 0..n−1
 */
export function packedUpperIndex(n: number, i: number, j: number): number {
  const row = Math.min(i, j);
  const column = Math.max(i, j);
  assert(row >= 0 && column < n, 'packed indices are 0..n−1');
  return row * n - (row * (row - 1)) / 2 + (column - row);
}

/**
 * The dimension n of a packed symmetric matrix with `length` entries (n(n+1)/2 = length).
 * @param length - entries of the packed triangle
 */
export function packedDimension(length: number): number {
  const n = Math.round((Math.sqrt(8 * length + 1) - 1) / 2);
  assert(n >= 1 && (n * (n + 1)) / 2 === length, 'a packed symmetric matrix has n(n+1)/2 entries');
  return n;
}

/**
 * The full n×n row-major matrix of a packed one.
 * @param packed - n(n+1)/2 entries
 */
export function unpackSymmetric(packed: ArrayLike<number>): Float64Array {
  const n = packedDimension(packed.length);
  const full = new Float64Array(n * n);
  for (let i = 0, k = 0; i < n; i++) {
    for (let j = i; j < n; j++, k++) {
      full[i * n + j] = packed[k]!;
      full[j * n + i] = packed[k]!;
    }
  }
  return full;
}

/**
 * The packed upper triangle of a full n×n row-major matrix, symmetrized as (A + Aᵀ)/2.
 * @param full - n² entries
 */
export function packSymmetric(full: ArrayLike<number>): Float64Array {
  const n = Math.round(Math.sqrt(full.length));
  assert(n * n === full.length && n >= 1, 'a full matrix has n² entries');
  const packed = new Float64Array((n * (n + 1)) / 2);
  for (let i = 0, k = 0; i < n; i++) {
    for (let j = i; j < n; j++, k++) packed[k] = (full[i * n + j]! + full[j * n + i]!) / 2;
  }
  return packed;
}
