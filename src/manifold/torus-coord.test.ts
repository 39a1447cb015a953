import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
// The frozen pre-optimization transform (core's test-only copy): stored keys must not change.
import { referenceHilbertIndex } from '../core/hilbert-reference.testing.ts';
import { blockCornerOf, coordBits, coordCells, hilbertBitsPerDim, hilbertKeyOf, isTorusCoord, torusDims } from './torus-coord.ts';

const point = fc.array(fc.integer({ min: 0, max: 16383 }), { minLength: 9, maxLength: 9 }).map((c) => Uint16Array.from(c));

describe('torus-coord', () => {
  test('hilbertKeyOf() ignores the low 4 bits of each coordinate', () => {
    fc.assert(fc.property(point, (coord) => {
      expect(hilbertKeyOf(coord)).toEqual(hilbertKeyOf(coord.map((c) => c | 15)));
    }));
  });

  test('blockCornerOf() inverts hilbertKeyOf() up to the low bits', () => {
    fc.assert(fc.property(point, (coord) => {
      expect(blockCornerOf(hilbertKeyOf(coord))).toEqual(coord.map((c) => c & ~15));
    }));
  });

  test('isTorusCoord() rejects wrong lengths and values above 16383', () => {
    expect([isTorusCoord(new Uint16Array(9)), isTorusCoord(new Uint16Array(8)), isTorusCoord(new Uint16Array(9).fill(16384))])
      .toEqual([true, false, false]);
  });

  test('hilbertKeyOf() equals the reference index of the coarse cell', () => {
    const cell = fc.oneof(fc.integer({ min: 0, max: coordCells - 1 }), fc.constantFrom(0, 15, 16, coordCells - 16, coordCells - 1));
    fc.assert(fc.property(fc.array(cell, { minLength: torusDims, maxLength: torusDims }), (cells) => {
      const coord = Uint16Array.from(cells);
      const coarse = cells.map((c) => c >>> (coordBits - hilbertBitsPerDim));
      expect(hilbertKeyOf(coord)).toEqual(referenceHilbertIndex(coarse, hilbertBitsPerDim));
    }), { numRuns: 5000 });
  });
});
