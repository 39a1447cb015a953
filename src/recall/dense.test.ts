import { describe, expect, test } from 'vitest';
import { denseSearch, packDenseMatrix } from './dense.ts';

const matrix = packDenseMatrix([
  { id: 'x', embedding: [1, 0, 0] },
  { id: 'y', embedding: [0, 2, 0] },
  { id: 'xy', embedding: [1, 1, 0] },
]);

describe('dense', () => {
  test('packDenseMatrix() stores unit rows', () => {
    expect(Array.from(matrix.vectors.subarray(3, 6))).toEqual([0, 1, 0]);
  });

  test('denseSearch() ranks by cosine', () => {
    const results = denseSearch([3, 1, 0], matrix, { limit: 3 });
    expect(results.map((r) => r.id)).toEqual(['x', 'xy', 'y']);
    expect(results[0]!.score).toBeCloseTo(3 / Math.sqrt(10), 6);
  });

  test('denseSearch() returns nothing for a zero query', () => {
    expect(denseSearch([0, 0, 0], matrix)).toEqual([]);
  });

  test('denseSearch() rejects a query of another width', () => {
    expect(() => denseSearch([1, 0], matrix)).toThrow();
  });
});
