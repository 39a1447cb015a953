/**
 * Goal: matrixExponential() and exponentialStep() are accurate to near machine precision.
 * Method: closed forms (diagonal, rotation, nilpotent, large norm through many squarings),
 * the identity e^{A}·e^{−A} = I on random matrices, and A·Φ = e^{At} − I for the input
 * response Φ = ∫₀ᵗ e^{As} ds.
 */
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../core/index.ts';
import { exponentialStep, infinityNorm, matrixExponential, multiplyVector } from './matrix-exponential.ts';
import type { RealMatrix } from './real-eigenvalues.ts';

const multiply = (a: RealMatrix, b: RealMatrix): number[][] => a.map((row) => b[0]!.map((_, j) => row.reduce((sum, v, k) => sum + v * b[k]![j]!, 0)));
const maxDifference = (a: RealMatrix, b: RealMatrix): number => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i]![j]!))));
const identity = (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

describe('matrixExponential', () => {
  test('matrixExponential() of a diagonal matrix exponentiates its entries', () => {
    const e = matrixExponential([[1, 0], [0, -2]]);
    expect(e[0]![0]! / Math.E).toBeCloseTo(1, 14);
    expect(e[1]![1]! / Math.exp(-2)).toBeCloseTo(1, 14);
    expect(e[0]![1]).toBe(0);
  });

  test('matrixExponential() of a rotation generator is the rotation', () => {
    const theta = 2.5;
    const e = matrixExponential([[0, -theta], [theta, 0]]);
    expect(maxDifference(e, [[Math.cos(theta), -Math.sin(theta)], [Math.sin(theta), Math.cos(theta)]])).toBeLessThan(1e-14);
  });

  test('matrixExponential() of a nilpotent matrix is its finite series', () => {
    expect(matrixExponential([[0, 1, 0], [0, 0, 1], [0, 0, 0]])).toEqual([[1, 1, 0.5], [0, 1, 1], [0, 0, 1]]);
  });

  test('matrixExponential() keeps relative accuracy through many squarings', () => {
    const e = matrixExponential([[-50]]);
    expect(e[0]![0]! / Math.exp(-50)).toBeCloseTo(1, 10);
  });

  test('matrixExponential() satisfies e^{A}·e^{−A} = I on random matrices', () => {
    const rng = Xoshiro256pp.fromSeed(11);
    for (let trial = 0; trial < 20; trial++) {
      const a = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => rng.nextGaussian()));
      const product = multiply(matrixExponential(a), matrixExponential(a.map((row) => row.map((v) => -v))));
      expect(maxDifference(product, identity(4))).toBeLessThan(1e-11);
    }
  });
});

describe('exponentialStep', () => {
  test('exponentialStep() gives the input response with A·Φ = e^{At} − I', () => {
    const a = [[-0.3, 0.1], [0.2, -0.5]];
    const { flow, inputResponse } = exponentialStep(a, 4);
    expect(maxDifference(flow, matrixExponential(a.map((row) => row.map((v) => 4 * v))))).toBeLessThan(1e-15);
    const lhs = multiply(a, inputResponse);
    expect(maxDifference(lhs, flow.map((row, i) => row.map((v, j) => v - (i === j ? 1 : 0))))).toBeLessThan(1e-14);
  });

  test('exponentialStep() of a zero matrix holds the state and integrates the input: Φ = t·I', () => {
    const { flow, inputResponse } = exponentialStep([[0, 0], [0, 0]], 3);
    expect(flow).toEqual(identity(2));
    expect(inputResponse).toEqual([[3, 0], [0, 3]]);
  });

  test('multiplyVector() and infinityNorm() compute A·x and the largest absolute row sum', () => {
    expect(multiplyVector([[1, 2], [3, 4]], [1, -1])).toEqual([-1, -1]);
    expect(infinityNorm([[1, -2], [3, 0.5]])).toBe(3.5);
  });
});
