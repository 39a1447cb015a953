import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { cosine, dot, norm, normalized } from './vector.ts';

const vectors = fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(
  fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
  fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
));

describe('vector', () => {
  test('dot() equals the plain sum of products', () => {
    fc.assert(fc.property(vectors, ([a, b]) => {
      const plain = a.reduce((acc, x, i) => acc + x * b[i]!, 0);
      expect(dot(a, b)).toBeCloseTo(plain, 9);
    }));
  });

  test('dot() unrolls without losing the tail entries', () => {
    expect(dot([1, 2, 3, 4, 5, 6, 7], [1, 1, 1, 1, 1, 1, 1])).toBe(28);
  });

  test('normalized() gives unit length and keeps zero at zero', () => {
    expect(norm(normalized([3, 4]))).toBeCloseTo(1, 6);
    expect(Array.from(normalized([0, 0]))).toEqual([0, 0]);
  });

  test('cosine() is 1 for parallel vectors, -1 for opposite and 0 with a zero vector', () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosine([1, 2], [-1, -2])).toBeCloseTo(-1, 12);
    expect(cosine([1, 2], [0, 0])).toBe(0);
  });

  test('dot() rejects vectors of different lengths', () => {
    expect(() => dot([1], [1, 2])).toThrow();
  });
});
