/**
 * Goal: exactSum gives the correctly rounded sum of its numbers, whatever their order and
 * however the sum was reached (subtractions included), which is what lets a differential
 * checkpoint carry the memory's energy checksum forward. Method: known answers from CPython's
 * test_math `testFsum` (math.fsum implements the same algorithm), then fast-check properties:
 * shuffling changes nothing, and adding then subtracting a number leaves the value as it was.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { exactSum, exactSumAdd, exactSumValue } from './exact-sum.ts';

/** A hex float 0x1.<mantissa>p<exponent>, with 13 hex digits of mantissa. */
function hexFloat(sign: 1 | -1, mantissa: string, exponent: number): number {
  return sign * Number.parseInt(`1${mantissa}`, 16) * 2 ** (exponent - 52);
}

describe('exactSum()', () => {
  test('matches CPython math.fsum on its test vectors', () => {
    const cases: [number[], number][] = [
      [[], 0],
      [[0], 0],
      [[1e100, 1, -1e100, 1e-100, 1e50, -1, -1e50], 1e-100],
      [[2 ** 53, -0.5, -(2 ** -54)], 2 ** 53 - 1],
      [[2 ** 53, 1, 2 ** -100], 2 ** 53 + 2],
      [[2 ** 53 + 10, 1, 2 ** -100], 2 ** 53 + 12],
      [[2 ** 53 - 4, 0.5, 2 ** -54], 2 ** 53 - 3],
      [Array.from({ length: 1000 }, (_, n) => 1 / (n + 1)), hexFloat(1, 'df11f45f4e61a', 2)],
      [Array.from({ length: 1000 }, (_, n) => (-1) ** (n + 1) / (n + 1)), hexFloat(-1, '62a2af1bd3624', -1)],
      [[1e16, 1, 1e-16], 10000000000000002],
      [[1e16 - 2, 1 - 2 ** -53, -(1e16 - 2), -(1 - 2 ** -53)], 0],
      [Array(10).fill(0.1) as number[], 1],
    ];
    for (const [values, expected] of cases) expect(exactSum(values)).toBe(expected);
  });

  test('gives the same double in any order', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), { maxLength: 60 }), fc.integer(), (values, seed) => {
      const shuffled = [...values].sort((a, b) => Math.sin(a * seed) - Math.sin(b * seed));
      expect(exactSum(shuffled)).toBe(exactSum(values));
    }), { numRuns: 300, seed: 0xf5 });
  });

  test('exactSumAdd() of a number and of its negation leaves the value unchanged', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, min: 0, max: 100 }), { maxLength: 40 }), fc.double({ noNaN: true, min: 0, max: 100 }), (values, extra) => {
      const partials: number[] = [];
      for (const value of values) exactSumAdd(partials, value);
      const before = exactSumValue(partials);
      exactSumAdd(partials, extra);
      exactSumAdd(partials, -extra);
      expect(exactSumValue(partials)).toBe(before);
    }), { numRuns: 300, seed: 0xf6 });
  });
});
