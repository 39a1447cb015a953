import { describe, expect, test } from 'vitest';
import { clampEigenvalues, symmetricEigen } from './symmetric-eigen.ts';
import { cholesky } from './cholesky.ts';
import { packSymmetric, unpackSymmetric } from './packed-symmetric.ts';
import { Xoshiro256pp } from './rng.ts';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = Xoshiro256pp.fromSeed(seed);
  return packSymmetric(Float64Array.from({ length: n * n }, () => rng.nextGaussian()));
}

describe('symmetricEigen', () => {
  test('symmetricEigen() satisfies A·v = λ·v with orthonormal vectors, ascending', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const packed = randomSymmetric(9, seed);
      const a = unpackSymmetric(packed);
      const { values, vectors } = symmetricEigen(packed);
      for (let k = 0; k < 9; k++) {
        if (k > 0) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
        for (let i = 0; i < 9; i++) {
          let av = 0;
          for (let j = 0; j < 9; j++) av += a[i * 9 + j]! * vectors[j * 9 + k]!;
          expect(Math.abs(av - values[k]! * vectors[i * 9 + k]!)).toBeLessThan(1e-10);
        }
        for (let m = 0; m < 9; m++) {
          let dot = 0;
          for (let i = 0; i < 9; i++) dot += vectors[i * 9 + k]! * vectors[i * 9 + m]!;
          expect(Math.abs(dot - (k === m ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });

  test('symmetricEigen() of a diagonal matrix returns its sorted diagonal', () => {
    const { values } = symmetricEigen(packSymmetric([3, 0, 0, 0, 1, 0, 0, 0, 2]));
    expect(Array.from(values)).toEqual([1, 2, 3]);
  });

  test('clampEigenvalues() makes an indefinite matrix SPD and keeps an SPD one unchanged', () => {
    const indefinite = randomSymmetric(9, 7);
    expect(cholesky(indefinite)).toBeUndefined();
    const clamped = clampEigenvalues(indefinite, { min: 0.01, max: 100 });
    expect(cholesky(clamped)).toBeDefined();
    expect(symmetricEigen(clamped).values[0]!).toBeCloseTo(0.01, 10);
    const identity = packSymmetric([2, 0, 0, 0, 1, 0, 0, 0, 3]);
    const same = clampEigenvalues(identity, { min: 0.5, max: 10 });
    same.forEach((x, i) => expect(x).toBeCloseTo(identity[i]!, 12));
  });
});
