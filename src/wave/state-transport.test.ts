import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { clampEigenvalues, packSymmetric } from '../core/index.ts';
import { identityMetric, metricIndex } from '../manifold/index.ts';
import { metricNormSquared, transport, transportBatch, transportFactors } from './state-transport.ts';

const entry = fc.double({ min: -2, max: 2, noNaN: true });
/** A random SPD metric: a random symmetric matrix with eigenvalues clamped to [0.05, 20]. */
const metric = fc.array(entry, { minLength: 81, maxLength: 81 })
  .map((full) => clampEigenvalues(packSymmetric(full), { min: 0.05, max: 20 }));
const vector = fc.array(entry, { minLength: 9, maxLength: 9 }).filter((h) => h.some((x) => Math.abs(x) > 1e-3));

describe('state transport', () => {
  test('transport() keeps hᵀgh invariant to 1e-5 relative', () => {
    fc.assert(fc.property(metric, metric, vector, (gOld, gNew, h) => {
      const moved = transport(h, transportFactors(gOld, gNew));
      const before = metricNormSquared(h, gOld);
      expect(Math.abs(metricNormSquared(moved, gNew) - before) / before).toBeLessThan(1e-5);
    }), { numRuns: 200 });
  });

  test('transportBatch() keeps every row\'s norm and matches transport()', () => {
    fc.assert(fc.property(metric, metric, fc.array(vector, { minLength: 1, maxLength: 8 }), (gOld, gNew, rows) => {
      const factors = transportFactors(gOld, gNew);
      const moved = transportBatch(Float64Array.from(rows.flat()), factors);
      rows.forEach((h, r) => {
        const row = moved.subarray(9 * r, 9 * r + 9);
        expect(Array.from(row)).toEqual(Array.from(transport(h, factors)));
        const before = metricNormSquared(h, gOld);
        expect(Math.abs(metricNormSquared(row, gNew) - before) / before).toBeLessThan(1e-5);
      });
    }), { numRuns: 50 });
  });

  test('transport() between equal metrics is the identity map', () => {
    const h = [1, -2, 3, 0, 0.5, 0, 0, 1, 9];
    const moved = transport(h, transportFactors(identityMetric(), identityMetric()));
    h.forEach((x, i) => expect(moved[i]).toBeCloseTo(x, 14));
  });

  test('transportFactors() asserts on a non-SPD metric', () => {
    const bad = identityMetric();
    bad[0] = -1;
    expect(() => transportFactors(bad, identityMetric())).toThrow(/SPD/);
  });
});

describe('transport between metrics', () => {
  test('transport(h, gOld, gNew) and transportBatch(batch, gOld, gNew) equal the factored forms', () => {
    const gOld = identityMetric();
    const gNew = identityMetric();
    gNew[metricIndex(0, 0)] = 2; gNew[metricIndex(0, 1)] = 0.3; gNew[metricIndex(4, 4)] = 0.5;
    const h = Float64Array.from({ length: 9 }, (_, i) => i - 4);
    const factors = transportFactors(gOld, gNew);
    expect(transport(h, gOld, gNew)).toEqual(transport(h, factors));
    const batch = Float64Array.from({ length: 27 }, (_, i) => Math.sin(i));
    expect(transportBatch(batch, gOld, gNew)).toEqual(transportBatch(batch, factors));
    const moved = transport(h, gOld, gNew);
    expect(Math.abs(metricNormSquared(moved, gNew) / metricNormSquared(h, gOld) - 1)).toBeLessThan(1e-5);
  });
});
