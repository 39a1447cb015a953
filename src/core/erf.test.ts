/**
 * Goal: erf, erfc and Φ agree with reference values (CPython's `math.erf`/`math.erfc`, which
 * are accurate to about 1 ulp) across the series, the continued fraction and the switch.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { erf, erfc, normalCdf } from './erf.ts';

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('erf', () => {
  test.each([
    [0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527],
    [2.4, 0.999311486103355], [2.6, 0.9997639655834707], [3, 0.9999779095030014], [4, 0.9999999845827421],
  ])('erf(%d) matches the reference value', (x, expected) => {
    expect(relativeError(erf(x), expected)).toBeLessThan(1e-14);
  });

  test.each([
    [0.5, 0.4795001221869535], [2.4, 0.0006885138966450789], [2.6, 0.00023603441652934908],
    [3, 2.2090496998585438e-5], [5, 1.5374597944280351e-12], [10, 2.088487583762545e-45], [26, 5.663192408856143e-296],
  ])('erfc(%d) matches the reference value with relative accuracy', (x, expected) => {
    expect(relativeError(erfc(x), expected)).toBeLessThan(1e-12);
  });

  test.each([
    [-8, 6.220960574271819e-16], [-3, 0.0013498980316300957], [-1, 0.15865525393145707],
    [0, 0.5], [1.96, 0.9750021048517795], [3, 0.9986501019683699],
  ])('normalCdf(%d) matches the reference value', (x, expected) => {
    expect(relativeError(normalCdf(x), expected)).toBeLessThan(1e-12);
  });

  test('erf() is odd and bounded by 1', () => {
    fc.assert(fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (x) => {
      expect(erf(-x) + erf(x)).toBe(0);
      expect(Math.abs(erf(x))).toBeLessThanOrEqual(1);
    }));
  });

  test('normalCdf() is non-decreasing up to one rounding at the method switch', () => {
    fc.assert(fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, step) => {
      expect(normalCdf(x + step)).toBeGreaterThanOrEqual(normalCdf(x) - 1e-15);
    }));
  });

  test('erf() and erfc() give NaN for NaN', () => {
    expect(erf(Number.NaN)).toBeNaN();
    expect(erfc(Number.NaN)).toBeNaN();
  });
});
