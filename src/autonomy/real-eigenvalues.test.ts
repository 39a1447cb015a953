/**
 * Goal: realEigenvalues() returns the eigenvalues of general real matrices, complex pairs
 * included, to near machine precision. Method: matrices with known spectra (diagonal,
 * rotation, companion matrices of known polynomials, a defective Jordan block) and random
 * orthogonal similarity transforms Q·B·Qᵀ of block-triangular B whose spectrum is read off its
 * diagonal blocks; also the trace and determinant identities on random matrices.
 */
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../core/index.ts';
import { realEigenvalues, type Eigenvalue, type RealMatrix } from './real-eigenvalues.ts';

const byReal = (values: Eigenvalue[]): Eigenvalue[] => [...values].sort((x, y) => y.re - x.re || y.im - x.im);

function expectSpectrum(actual: Eigenvalue[], expected: Eigenvalue[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  byReal(expected).forEach((value, i) => {
    expect(Math.abs(actual[i]!.re - value.re)).toBeLessThan(tolerance);
    expect(Math.abs(actual[i]!.im - value.im)).toBeLessThan(tolerance);
  });
}

/** The companion matrix of the monic polynomial λⁿ + c[n−1]λⁿ⁻¹ + … + c[0]. */
function companion(c: number[]): number[][] {
  const n = c.length;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j === n - 1 ? -c[i]! : i === j + 1 ? 1 : 0)));
}

/** A random orthogonal matrix: a product of Givens rotations. */
function randomOrthogonal(n: number, rng: Xoshiro256pp): number[][] {
  let q: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let r = 0; r < 3 * n; r++) {
    const i = rng.nextUint32() % n, j = (i + 1 + (rng.nextUint32() % (n - 1))) % n;
    const angle = 2 * Math.PI * rng.nextFloat64();
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    q = q.map((row) => { const next = [...row]; next[i] = c * row[i]! - s * row[j]!; next[j] = s * row[i]! + c * row[j]!; return next; });
  }
  return q;
}

const multiply = (a: RealMatrix, b: RealMatrix): number[][] => a.map((row) => b[0]!.map((_, j) => row.reduce((sum, v, k) => sum + v * b[k]![j]!, 0)));
const transpose = (a: RealMatrix): number[][] => a[0]!.map((_, j) => a.map((row) => row[j]!));

describe('realEigenvalues', () => {
  test('realEigenvalues() returns a diagonal matrix\'s entries, sorted by real part', () => {
    expect(realEigenvalues([[1, 0, 0], [0, -3, 0], [0, 0, 2]])).toEqual([{ re: 2, im: 0 }, { re: 1, im: 0 }, { re: -3, im: 0 }]);
  });

  test('realEigenvalues() finds the complex pair ±i of a rotation', () => {
    expectSpectrum(realEigenvalues([[0, -1], [1, 0]]), [{ re: 0, im: 1 }, { re: 0, im: -1 }], 1e-15);
  });

  test('realEigenvalues() finds the roots of companion matrices of known polynomials', () => {
    // (λ−1)(λ−2)(λ−3)(λ−4) = λ⁴ − 10λ³ + 35λ² − 50λ + 24
    expectSpectrum(realEigenvalues(companion([24, -50, 35, -10])), [1, 2, 3, 4].map((re) => ({ re, im: 0 })), 1e-12);
    // (λ² + 1)(λ + 2)(λ − 0.5) = λ⁴ + 1.5λ³ + 0λ² + 1.5λ − 1
    expectSpectrum(realEigenvalues(companion([-1, 1.5, 0, 1.5])), [{ re: 0, im: 1 }, { re: 0, im: -1 }, { re: -2, im: 0 }, { re: 0.5, im: 0 }], 1e-12);
  });

  test('realEigenvalues() handles a defective (Jordan) block and a zero matrix', () => {
    expectSpectrum(realEigenvalues([[2, 1], [0, 2]]), [{ re: 2, im: 0 }, { re: 2, im: 0 }], 1e-12);
    expect(realEigenvalues([[0, 0], [0, 0]])).toEqual([{ re: 0, im: 0 }, { re: 0, im: 0 }]);
  });

  test('realEigenvalues() recovers the spectrum of Q·B·Qᵀ for random orthogonal Q', () => {
    const rng = Xoshiro256pp.fromSeed(6);
    for (let trial = 0; trial < 50; trial++) {
      const n = 2 + (trial % 7); // 2..8
      const expected: Eigenvalue[] = [];
      const b = Array.from({ length: n }, () => Array.from({ length: n }, () => 0));
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) b[i]![j] = rng.nextGaussian();
      for (let i = 0; i < n;) {
        if (i + 1 < n && rng.nextFloat64() < 0.5) { // a 2×2 block [[a, c], [−c, a]]: a ± i·c
          const [a, c] = [rng.nextGaussian(), 0.1 + rng.nextFloat64()];
          Object.assign(b[i]!, { [i]: a, [i + 1]: c });
          Object.assign(b[i + 1]!, { [i]: -c, [i + 1]: a });
          expected.push({ re: a, im: c }, { re: a, im: -c });
          i += 2;
        } else {
          expected.push({ re: b[i]![i]!, im: 0 });
          i += 1;
        }
      }
      const q = randomOrthogonal(n, rng);
      expectSpectrum(realEigenvalues(multiply(multiply(q, b), transpose(q))), expected, 1e-9);
    }
  });

  test('realEigenvalues() of random matrices sum to the trace and multiply to the determinant', () => {
    const rng = Xoshiro256pp.fromSeed(7);
    for (let trial = 0; trial < 30; trial++) {
      const m = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => rng.nextGaussian() * 10 ** (rng.nextUint32() % 5 - 2)));
      const values = realEigenvalues(m);
      const trace = m[0]![0]! + m[1]![1]! + m[2]![2]!;
      const det = m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) + m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
      const product = values.reduce((p, v) => ({ re: p.re * v.re - p.im * v.im, im: p.re * v.im + p.im * v.re }), { re: 1, im: 0 });
      const scale = Math.max(...m.flat().map(Math.abs));
      expect(Math.abs(values.reduce((sum, v) => sum + v.re, 0) - trace)).toBeLessThan(1e-12 * 3 * scale);
      expect(Math.abs(values.reduce((sum, v) => sum + v.im, 0))).toBeLessThan(1e-12 * scale);
      expect(Math.abs(product.re - det)).toBeLessThan(1e-10 * scale ** 3);
    }
  });

  test('realEigenvalues() keeps the sign of a tiny eigenvalue beside large ones', () => {
    // Rows on scales 1e-2 and 5e-5, like the drive coupling matrix: det/(product of the others).
    const values = realEigenvalues([[-0.01, -0.004, 0.003], [0.000_015, -0.000_05, -0.000_02], [0.01, -0.02, -0.05]]);
    expect(values.every((v) => v.re < 0 && v.im === 0)).toBe(true);
    const det = -0.01 * (-0.000_05 * -0.05 - -0.000_02 * -0.02) - -0.004 * (0.000_015 * -0.05 - -0.000_02 * 0.01) + 0.003 * (0.000_015 * -0.02 - -0.000_05 * 0.01);
    expect(values.reduce((p, v) => p * v.re, 1) / det).toBeCloseTo(1, 12);
  });

  test('realEigenvalues() rejects a non-square or non-finite matrix as a bug', () => {
    expect(() => realEigenvalues([[1, 2]])).toThrow(/square/);
    expect(() => realEigenvalues([[Number.NaN]])).toThrow(/finite/);
    expect(() => realEigenvalues([])).toThrow();
  });
});
