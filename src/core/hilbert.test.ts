/**
 * Goal: the Hilbert index is a bijection that walks the grid one unit step at a time.
 * Method: fast-check round-trips on random shapes, and an exhaustive walk of every index of
 * small spaces checking that consecutive points differ by exactly 1 in exactly one coordinate.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { hilbertCoords, hilbertIndex, hilbertIndexBytes, type HilbertShape } from './hilbert.ts';

function indexFromNumber(value: number, shape: HilbertShape): Uint8Array {
  const bytes = new Uint8Array(hilbertIndexBytes(shape));
  for (let i = bytes.length - 1, rest = value; i >= 0; i--, rest = Math.floor(rest / 256)) bytes[i] = rest % 256;
  return bytes;
}

function numberFromIndex(bytes: Uint8Array): number {
  return bytes.reduce((acc, byte) => acc * 256 + byte, 0);
}

const arbitraryPoint = fc
  .record({ dims: fc.integer({ min: 1, max: 12 }), bitsPerDim: fc.integer({ min: 1, max: 31 }) })
  .chain((shape) => fc.tuple(
    fc.constant(shape),
    fc.array(fc.integer({ min: 0, max: 2 ** shape.bitsPerDim - 1 }), { minLength: shape.dims, maxLength: shape.dims }),
  ));

describe('hilbert', () => {
  test('hilbertIndex() round-trips through hilbertCoords()', () => {
    fc.assert(fc.property(arbitraryPoint, ([shape, coords]) => {
      expect(Array.from(hilbertCoords(hilbertIndex(coords, shape.bitsPerDim), shape))).toEqual(coords);
    }), { numRuns: 2000 });
  });

  test('hilbertCoords() round-trips through hilbertIndex() on the D1 shape', () => {
    const shape = { dims: 9, bitsPerDim: 10 };
    fc.assert(fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), (bytes) => {
      bytes[0] = bytes[0]! & 0b11; // 90 bits: the top six bits of a 12-byte key are zero.
      expect(hilbertIndex(hilbertCoords(bytes, shape), shape.bitsPerDim)).toEqual(bytes);
    }), { numRuns: 2000 });
  });

  test('hilbertIndex() gives the D1 shape a 12-byte key with six zero leading bits', () => {
    const key = hilbertIndex([1023, 1023, 1023, 1023, 1023, 1023, 1023, 1023, 1023], 10);
    expect(key.length).toBe(12);
    expect(key[0]! >>> 2).toBe(0);
  });

  test('hilbertIndex() maps the origin to index 0', () => {
    expect(Array.from(hilbertIndex([0, 0, 0], 5))).toEqual([0, 0]);
  });

  test.each([
    { dims: 1, bitsPerDim: 6 }, { dims: 2, bitsPerDim: 1 }, { dims: 2, bitsPerDim: 4 }, { dims: 3, bitsPerDim: 3 },
    { dims: 4, bitsPerDim: 2 }, { dims: 5, bitsPerDim: 2 }, { dims: 9, bitsPerDim: 1 }, { dims: 6, bitsPerDim: 2 },
  ])('hilbertCoords() steps by one unit in one coordinate between consecutive indices ($dims × $bitsPerDim)', (shape) => {
    const total = 2 ** (shape.dims * shape.bitsPerDim);
    const seen = new Set<string>();
    let previous = hilbertCoords(indexFromNumber(0, shape), shape);
    seen.add(previous.join(','));
    for (let value = 1; value < total; value++) {
      const point = hilbertCoords(indexFromNumber(value, shape), shape);
      const steps = point.reduce((acc, c, i) => acc + Math.abs(c - previous[i]!), 0);
      expect(steps).toBe(1);
      seen.add(point.join(','));
      previous = point;
    }
    expect(seen.size).toBe(total);
  });

  test('hilbertIndex() inverts hilbertCoords() for every index of a small space', () => {
    const shape = { dims: 3, bitsPerDim: 3 };
    for (let value = 0; value < 512; value++) {
      const index = hilbertIndex(hilbertCoords(indexFromNumber(value, shape), shape), shape.bitsPerDim);
      expect(numberFromIndex(index)).toBe(value);
    }
  });

  test('hilbertIndex() rejects a coordinate too wide for bitsPerDim', () => {
    expect(() => hilbertIndex([4, 0], 2)).toThrow();
  });
});
