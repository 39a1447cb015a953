import { describe, expect, test } from 'vitest';
import { kahanAdd, kahanSum, kahanSumOf, kahanValue } from './kahan.ts';

describe('kahan', () => {
  test('kahanSumOf() recovers small terms a naive sum loses', () => {
    const values = [1e16, 1, -1e16, 1, 1, 1];
    expect(kahanSumOf(values)).toBe(4);
    expect(values.reduce((a, b) => a + b, 0)).not.toBe(4);
  });

  test('kahanAdd() sums a million tenths to within one ulp', () => {
    const acc = kahanSum();
    for (let i = 0; i < 1_000_000; i++) kahanAdd(acc, 0.1);
    expect(Math.abs(kahanValue(acc) - 100_000)).toBeLessThanOrEqual(1.5e-11);
  });

  test('kahanSumOf() of an empty array is 0', () => {
    expect(kahanSumOf([])).toBe(0);
  });
});
