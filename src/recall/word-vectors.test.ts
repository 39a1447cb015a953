import { describe, expect, test } from 'vitest';
import { sifWeights, zipfProbabilities } from './word-vectors.ts';

describe('word-vectors', () => {
  test('zipfProbabilities() sums to 1 and falls as 1/rank', () => {
    const p = zipfProbabilities(1000);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]! / p[9]!).toBeCloseTo(10, 12);
  });

  test('sifWeights() gives a/(a + p)', () => {
    expect(Array.from(sifWeights(Float64Array.of(0.001, 0), 0.001))).toEqual([0.5, 1]);
  });
});
