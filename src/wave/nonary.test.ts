import { describe, expect, test } from 'vitest';
import { nonaryDigit, nonaryDigits, signedAmplitude } from './nonary.ts';

describe('nonary', () => {
  test('nonaryDigit() rounds half away from zero, symmetric under negation', () => {
    expect([0.49, 0.5, 1.5, 2.5, 3.49].map(nonaryDigit)).toEqual([0, 1, 2, 3, 3]);
    expect([-0.49, -0.5, -1.5, -2.5].map(nonaryDigit)).toEqual([0, -1, -2, -3]);
    expect(Object.is(nonaryDigit(-0.2), 0)).toBe(true);
  });

  test('nonaryDigit() clamps to -4..4', () => {
    expect([9, 4.6, -4.6, -1e9].map(nonaryDigit)).toEqual([4, 4, -4, -4]);
  });

  test('nonaryDigit() asserts on NaN', () => {
    expect(() => nonaryDigit(Number.NaN)).toThrow(/finite/);
  });

  test('signedAmplitude() is the modulus, negative in the left half-plane', () => {
    expect(signedAmplitude(3, 4)).toBe(5);
    expect(signedAmplitude(-3, 4)).toBe(-5);
    expect(signedAmplitude(0, -2)).toBe(-2);
    expect(Array.from(nonaryDigits(Float64Array.of(3, -1), Float64Array.of(4, 0)))).toEqual([4, -1]);
  });
});
