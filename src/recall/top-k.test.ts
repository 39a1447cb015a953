import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { topKIndices, topKOfMap } from './top-k.ts';

describe('top-k', () => {
  test('topKIndices() equals a full sort by score then id', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 })), fc.integer({ min: 0, max: 30 }), (scores, k) => {
      const ids = scores.map((_, i) => `id${String(i).padStart(3, '0')}`);
      const expected = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || (ids[a]! < ids[b]! ? -1 : 1)).slice(0, k);
      expect(topKIndices(scores, ids, k)).toEqual(expected);
    }));
  });

  test('topKIndices() skips NaN scores', () => {
    expect(topKIndices([Number.NaN, 1], ['a', 'b'], 2)).toEqual([1]);
  });

  test('topKOfMap() returns sorted entries', () => {
    expect(topKOfMap(new Map([['a', 1], ['b', 3], ['c', 2]]), 2)).toEqual([{ id: 'b', score: 3 }, { id: 'c', score: 2 }]);
  });
});
