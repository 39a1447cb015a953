import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { blockCornerOf, hilbertKeyOf, isTorusCoord } from './torus-coord.ts';

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
});
