/**
 * Goal: the optimised Hilbert index is bit-identical to the one first shipped, since stored
 * homes and `.nik` files hold its keys.
 * Method: fast-check against the frozen copy in hilbert-reference.testing.ts on the D1 shape
 * (9 × 10 bits; hilbertKeyOf() is checked in manifold/torus-coord.test.ts), on random shapes (including dims too many for the
 * grouped interleave), on edge values, and exhaustively on small spaces.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { hilbertIndex } from './hilbert.ts';
import { referenceHilbertIndex } from './hilbert-reference.testing.ts';

function pointOf(dims: number, bitsPerDim: number, edgesOnly: boolean): fc.Arbitrary<number[]> {
  const top = 2 ** bitsPerDim - 1;
  const value = edgesOnly
    ? fc.constantFrom(0, 1, top - 1, top).map((v) => Math.max(0, v))
    : fc.oneof(fc.integer({ min: 0, max: top }), fc.constantFrom(0, top));
  return fc.array(value, { minLength: dims, maxLength: dims });
}

const arbitraryShapedPoint = fc
  .record({ dims: fc.integer({ min: 1, max: 40 }), bitsPerDim: fc.integer({ min: 1, max: 31 }), edgesOnly: fc.boolean() })
  .chain(({ dims, bitsPerDim, edgesOnly }) => fc.tuple(fc.constant(bitsPerDim), pointOf(dims, bitsPerDim, edgesOnly)));

describe('hilbert equivalence', () => {
  test('hilbertIndex() equals the reference on the D1 shape', () => {
    fc.assert(fc.property(fc.boolean().chain((edges) => pointOf(9, 10, edges)), (coords) => {
      expect(hilbertIndex(coords, 10)).toEqual(referenceHilbertIndex(coords, 10));
    }), { numRuns: 5000 });
  });

  test('hilbertIndex() equals the reference on random shapes', () => {
    fc.assert(fc.property(arbitraryShapedPoint, ([bitsPerDim, coords]) => {
      expect(hilbertIndex(coords, bitsPerDim)).toEqual(referenceHilbertIndex(coords, bitsPerDim));
    }), { numRuns: 3000 });
  });

  test('hilbertIndex() equals the reference on all-zero and all-max points of every shape', () => {
    for (let dims = 1; dims <= 40; dims++) {
      for (let bitsPerDim = 1; bitsPerDim <= 31; bitsPerDim++) {
        for (const value of [0, 2 ** bitsPerDim - 1]) {
          const coords = new Array<number>(dims).fill(value);
          expect(hilbertIndex(coords, bitsPerDim)).toEqual(referenceHilbertIndex(coords, bitsPerDim));
        }
      }
    }
  });

  test.each([
    { dims: 1, bitsPerDim: 12 }, { dims: 2, bitsPerDim: 6 }, { dims: 3, bitsPerDim: 4 }, { dims: 4, bitsPerDim: 3 },
    { dims: 9, bitsPerDim: 1 }, { dims: 6, bitsPerDim: 2 }, { dims: 12, bitsPerDim: 1 },
  ])('hilbertIndex() equals the reference on every point of $dims × $bitsPerDim', ({ dims, bitsPerDim }) => {
    const coords = new Array<number>(dims).fill(0);
    for (let value = 0; value < 2 ** (dims * bitsPerDim); value++) {
      for (let i = 0, rest = value; i < dims; i++, rest >>>= bitsPerDim) coords[i] = rest & (2 ** bitsPerDim - 1);
      expect(hilbertIndex(coords, bitsPerDim)).toEqual(referenceHilbertIndex(coords, bitsPerDim));
    }
  });

  test('hilbertIndex() rejects what the reference rejects', () => {
    for (const bad of [[4, 0], [0, -1], [1.5, 0], [Number.NaN, 0], [0, Infinity]]) {
      expect(() => referenceHilbertIndex(bad, 2)).toThrow();
      expect(() => hilbertIndex(bad, 2)).toThrow();
    }
    expect(() => hilbertIndex([2 ** 31], 31)).toThrow();
    expect(() => hilbertIndex([], 3)).toThrow();
    expect(() => hilbertIndex([1], 32)).toThrow();
  });
});
