/**
 * Goal: Q9_0 (D9) keeps its 20-byte layout and its error bound. Method: a hand-built block
 * that pins the byte layout, fast-check bounds |w − ŵ| ≤ scale / 2, exact round trips of
 * values on the grid, the zero block, partial blocks, and each malformed block refused.
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/helpers/error-code.ts';
import fc from 'fast-check';
import { dequantizeQ9, q9BitsPerWeight, q9BlockBytes, q9BlockWeights, quantizeQ9 } from './q9.ts';


function words(block: Uint8Array): number[] {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  return Array.from({ length: 8 }, (_, k) => view.getUint16(4 + 2 * k, true));
}

describe('q9', () => {
  it('q9 blocks cost 5.0 bits per weight', () => {
    expect([q9BlockBytes, q9BlockWeights, q9BitsPerWeight]).toEqual([20, 32, 5]);
    expect(quantizeQ9(new Float32Array(33)).length).toBe(40);
    expect(quantizeQ9(new Float32Array(0)).length).toBe(0);
  });

  it('quantizeQ9() writes the float32 scale then base-9 words, first digit least significant', () => {
    const weights = new Float32Array(32);
    weights.set([-4, -3, 0, 1, 4, 2], 0);
    weights[31] = -1;
    const block = quantizeQ9(weights);
    expect(new DataView(block.buffer).getFloat32(0, true)).toBe(1);
    const first = 0 + 1 * 9 + 4 * 81 + 5 * 729 + 8 * 6561;
    const zeros = 4 * (1 + 9 + 81 + 729 + 6561);
    expect(words(block)).toEqual([first, 6 + 4 * (9 + 81 + 729 + 6561), zeros, zeros, zeros, zeros, 4 + 3 * 9 + 29484, 0]);
  });

  it('dequantizeQ9() is within scale / 2 of every weight', () => {
    const values = fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { maxLength: 100 });
    fc.assert(fc.property(values, (list) => {
      const weights = Float32Array.from(list);
      const blocks = quantizeQ9(weights);
      const restored = dequantizeQ9(blocks, weights.length);
      const view = new DataView(blocks.buffer);
      return list.every((w, i) => {
        const scale = view.getFloat32(Math.floor(i / q9BlockWeights) * q9BlockBytes, true);
        return Math.abs(w - restored[i]!) <= scale / 2 + 1e-6 * Math.abs(w) + 1e-37;
      });
    }));
  });

  it('dequantizeQ9() restores values on the grid exactly', () => {
    const digits = fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 1, maxLength: 32 });
    fc.assert(fc.property(digits, fc.integer({ min: -20, max: 20 }), (list, exponent) => {
      const scale = 2 ** exponent;
      const weights = Float32Array.from([4, ...list], (d) => d * scale);
      expect(Array.from(dequantizeQ9(quantizeQ9(weights), weights.length))).toEqual(Array.from(weights));
    }));
  });

  it('quantizeQ9() gives a zero block scale 0 and dequantizes it to zeros', () => {
    const block = quantizeQ9(new Float32Array(32));
    expect(new DataView(block.buffer).getFloat32(0, true)).toBe(0);
    expect(Array.from(dequantizeQ9(block, 32))).toEqual(new Array(32).fill(0));
  });

  it('dequantizeQ9() refuses a length that does not match the count', () => {
    expect(codeOf(() => dequantizeQ9(new Uint8Array(20), 33))).toBe('FORMAT_CORRUPT');
    expect(codeOf(() => dequantizeQ9(new Uint8Array(39), 33))).toBe('FORMAT_CORRUPT');
    expect(codeOf(() => dequantizeQ9(new Uint8Array(0), -1))).toBe('FORMAT_CORRUPT');
  });

  it('dequantizeQ9() refuses malformed blocks', () => {
    const valid = quantizeQ9(Float32Array.from({ length: 32 }, (_, i) => i - 16));
    const mutations: ((view: DataView) => void)[] = [
      (view) => view.setFloat32(0, -1, true),
      (view) => view.setFloat32(0, NaN, true),
      (view) => view.setFloat32(0, Infinity, true),
      (view) => view.setUint16(4, 59049, true),
      (view) => view.setUint16(16, 0, true),
      (view) => view.setUint16(18, 1, true),
    ];
    for (const mutate of mutations) {
      const block = valid.slice();
      mutate(new DataView(block.buffer));
      expect(codeOf(() => dequantizeQ9(block, 32))).toBe('FORMAT_CORRUPT');
    }
  });

  it('dequantizeQ9() throws only FORMAT_CORRUPT on random blocks', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.integer({ min: 1, max: 32 }), (block, count) => {
      const code = codeOf(() => dequantizeQ9(block, count));
      return code === undefined || code === 'FORMAT_CORRUPT';
    }), { numRuns: 2000 });
  });
});
