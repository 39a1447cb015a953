/**
 * Goal: binary16 conversion is exact and rounds to nearest even. Method: every one of the
 * 65,536 half patterns round-trips; known values; halfway cases between neighbours; a
 * property that the result is the nearest half to a random float32.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { float16BitsToFloat32, float32ToFloat16Bits, fromFloat16Array, toFloat16Array } from './float16.ts';

describe('float16', () => {
  it('float32ToFloat16Bits() round-trips every half bit pattern', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16BitsToFloat32(bits);
      if (Number.isNaN(value)) {
        expect(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits(value)))).toBe(true);
      } else if (float32ToFloat16Bits(value) !== bits) {
        expect.fail(`0x${bits.toString(16)} (${value}) came back as 0x${float32ToFloat16Bits(value).toString(16)}`);
      }
    }
  });

  it('float16BitsToFloat32() gives the known values', () => {
    expect(float16BitsToFloat32(0x3c00)).toBe(1);
    expect(float16BitsToFloat32(0xc000)).toBe(-2);
    expect(float16BitsToFloat32(0x7bff)).toBe(65504);
    expect(float16BitsToFloat32(0x0400)).toBe(2 ** -14);
    expect(float16BitsToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16BitsToFloat32(0x7c00)).toBe(Infinity);
    expect(float16BitsToFloat32(0xfc00)).toBe(-Infinity);
    expect(Object.is(float16BitsToFloat32(0x8000), -0)).toBe(true);
    expect(float16BitsToFloat32(0x3555)).toBeCloseTo(1 / 3, 3);
  });

  it('float32ToFloat16Bits() rounds halfway cases to even', () => {
    const ulpAtOne = 2 ** -10;
    expect(float32ToFloat16Bits(1 + ulpAtOne / 2)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1 + 1.5 * ulpAtOne)).toBe(0x3c02);
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0);
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
    expect(float32ToFloat16Bits(65504 + 16)).toBe(0x7c00);
    expect(float32ToFloat16Bits(65504 + 15)).toBe(0x7bff);
  });

  it('float32ToFloat16Bits() maps overflow, NaN and tiny values', () => {
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-1e6)).toBe(0xfc00);
    expect(float32ToFloat16Bits(1e-10)).toBe(0);
    expect(float32ToFloat16Bits(-1e-10)).toBe(0x8000);
    expect(float32ToFloat16Bits(NaN) & 0x7c00).toBe(0x7c00);
    expect(float32ToFloat16Bits(NaN) & 0x3ff).not.toBe(0);
  });

  it('float32ToFloat16Bits() gives the nearest half', () => {
    fc.assert(fc.property(fc.float({ noNaN: true, min: -65504, max: 65504 }), (x) => {
      const bits = float32ToFloat16Bits(x);
      const error = Math.abs(float16BitsToFloat32(bits) - x);
      // The neighbours of the same sign, one step larger and smaller in magnitude.
      const magnitude = bits & 0x7fff;
      const larger = float16BitsToFloat32(bits + 1);
      const smaller = magnitude === 0 ? 0 : float16BitsToFloat32(bits - 1);
      return Math.sign(float16BitsToFloat32(bits)) * Math.sign(x) >= 0
        && error <= Math.abs(larger - x) && error <= Math.abs(smaller - x);
    }));
  });

  it('toFloat16Array() and fromFloat16Array() convert arrays', () => {
    const values = Float32Array.of(0, 1, -2.5, 0.099975586, 65504);
    expect(Array.from(fromFloat16Array(toFloat16Array(values)))).toEqual(Array.from(values));
    expect(toFloat16Array(values)).toBeInstanceOf(Uint16Array);
  });
});
