import { describe, expect, test } from 'vitest';
import { reciprocalRankFusion } from './fusion.ts';

const bm25 = { signal: 'bm25', results: [{ id: 'a', score: 9 }, { id: 'b', score: 5 }] };
const dense = { signal: 'dense', results: [{ id: 'b', score: 0.9 }, { id: 'c', score: 0.8 }] };

describe('fusion', () => {
  test('reciprocalRankFusion() sums weight / (k + rank) and keeps each signal hit', () => {
    const [first] = reciprocalRankFusion([bm25, dense]);
    expect(first).toEqual({ id: 'b', score: 1 / 62 + 1 / 61, signals: { bm25: { rank: 2, score: 5 }, dense: { rank: 1, score: 0.9 } } });
  });

  test('reciprocalRankFusion() applies signal weights', () => {
    expect(reciprocalRankFusion([bm25, dense]).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(reciprocalRankFusion([bm25, dense], { weights: { dense: 3 } }).map((r) => r.id)).toEqual(['b', 'c', 'a']);
  });

  test('reciprocalRankFusion() ignores a signal weighted 0', () => {
    expect(reciprocalRankFusion([bm25, dense], { weights: { dense: 0 } }).map((r) => r.id)).toEqual(['a', 'b']);
  });

  test('reciprocalRankFusion() breaks ties by best rank, then id', () => {
    const one = { signal: 'one', results: [{ id: 'z', score: 1 }] };
    const two = { signal: 'two', results: [{ id: 'y', score: 1 }] };
    expect(reciprocalRankFusion([one, two]).map((r) => r.id)).toEqual(['y', 'z']);
  });

  test('reciprocalRankFusion() rejects a signal named twice', () => {
    expect(() => reciprocalRankFusion([bm25, bm25])).toThrow();
  });
});
