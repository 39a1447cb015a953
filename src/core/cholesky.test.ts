import { describe, expect, test } from 'vitest';
import { cholesky, multiplyLower, multiplyLowerTransposed, solveLower, solveLowerTransposed } from './cholesky.ts';
import { packSymmetric, packedDimension, packedUpperIndex, unpackSymmetric } from './packed-symmetric.ts';
import { Xoshiro256pp } from './rng.ts';

/** A random SPD matrix B·Bᵀ + shift·I, packed. */
function randomSpd(n: number, seed: number, shift = 0.5): Float64Array {
  const rng = Xoshiro256pp.fromSeed(seed);
  const b = Float64Array.from({ length: n * n }, () => rng.nextGaussian());
  const full = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? shift : 0;
      for (let k = 0; k < n; k++) sum += b[i * n + k]! * b[j * n + k]!;
      full[i * n + j] = sum;
    }
  }
  return packSymmetric(full);
}

describe('cholesky', () => {
  test('packedUpperIndex() walks the triangle in storage order', () => {
    let k = 0;
    for (let i = 0; i < 9; i++) for (let j = i; j < 9; j++) expect(packedUpperIndex(9, j, i)).toBe(k++);
    expect(k).toBe(45);
    expect(packedDimension(45)).toBe(9);
  });

  test('cholesky() of a random 9×9 SPD matrix reproduces it as L·Lᵀ', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const packed = randomSpd(9, seed);
      const lower = cholesky(packed)!;
      const full = unpackSymmetric(packed);
      for (let i = 0; i < 9; i++) {
        for (let j = 0; j < 9; j++) {
          let sum = 0;
          for (let k = 0; k < 9; k++) sum += lower[i * 9 + k]! * lower[j * 9 + k]!;
          expect(Math.abs(sum - full[i * 9 + j]!)).toBeLessThan(1e-10 * Math.abs(full[i * 9 + i]!));
        }
      }
    }
  });

  test('cholesky() returns undefined for an indefinite or singular matrix', () => {
    expect(cholesky(packSymmetric([1, 2, 2, 1]))).toBeUndefined();
    expect(cholesky(packSymmetric([1, 1, 1, 1]))).toBeUndefined();
  });

  test('solveLower() and solveLowerTransposed() invert the triangular products', () => {
    const lower = cholesky(randomSpd(9, 42))!;
    const x = Float64Array.from({ length: 9 }, (_, i) => i - 4.5);
    const back = solveLower(lower, multiplyLower(lower, x));
    const backT = solveLowerTransposed(lower, multiplyLowerTransposed(lower, x));
    for (let i = 0; i < 9; i++) {
      expect(back[i]).toBeCloseTo(x[i]!, 10);
      expect(backT[i]).toBeCloseTo(x[i]!, 10);
    }
  });
});
