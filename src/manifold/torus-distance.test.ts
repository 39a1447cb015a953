/**
 * Goal: torus distance is a metric that wraps around, and the node metric weights it.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { torusDistance, torusDistanceMax, torusDistanceSquared, wrappedDelta } from './torus-distance.ts';
import { identityMetric, metricIndex } from './node-metric.ts';

const point = fc.array(fc.integer({ min: 0, max: 16383 }), { minLength: 9, maxLength: 9 }).map((c) => Uint16Array.from(c));

function at(values: Record<number, number>): Uint16Array {
  const coord = new Uint16Array(9);
  for (const [k, v] of Object.entries(values)) coord[Number(k)] = v;
  return coord;
}

describe('torus-distance', () => {
  test('torusDistance() wraps around: 0 and 16383 are one cell apart', () => {
    expect(torusDistance(at({ 0: 0 }), at({ 0: 16383 }))).toBeCloseTo(1 / 16384, 12);
  });

  test('wrappedDelta() folds into [-1/2, 1/2)', () => {
    expect([wrappedDelta(0, 8192), wrappedDelta(8192, 0), wrappedDelta(100, 16000)]).toEqual([-0.5, -0.5, 484 / 16384]);
  });

  test('torusDistance() is symmetric, zero on the diagonal and bounded by 1.5', () => {
    fc.assert(fc.property(point, point, (a, b) => {
      expect(torusDistance(a, b)).toBe(torusDistance(b, a));
      expect(torusDistance(a, a)).toBe(0);
      expect(torusDistance(a, b)).toBeLessThanOrEqual(torusDistanceMax);
    }));
  });

  test('torusDistance() satisfies the triangle inequality', () => {
    fc.assert(fc.property(point, point, point, (a, b, c) => {
      expect(torusDistance(a, c)).toBeLessThanOrEqual(torusDistance(a, b) + torusDistance(b, c) + 1e-12);
    }));
  });

  test('torusDistanceSquared() with the identity metric equals the metric-free form', () => {
    fc.assert(fc.property(point, point, (a, b) => {
      expect(torusDistanceSquared(a, b, identityMetric())).toBeCloseTo(torusDistanceSquared(a, b), 14);
    }));
  });

  test('torusDistanceSquared() weights each axis by the diagonal of the metric', () => {
    const metric = identityMetric();
    metric[metricIndex(2, 2)] = 4;
    expect(torusDistanceSquared(at({}), at({ 2: 1638 }), metric)).toBeCloseTo(4 * (1638 / 16384) ** 2, 12);
  });

  test('torusDistanceSquared() adds the off-diagonal cross terms twice', () => {
    const metric = identityMetric();
    metric[metricIndex(0, 1)] = 0.5;
    const d = 1024 / 16384;
    expect(torusDistanceSquared(at({}), at({ 0: 1024, 1: 1024 }), metric)).toBeCloseTo(d * d + d * d + 2 * 0.5 * d * d, 12);
  });
});
