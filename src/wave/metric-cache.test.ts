/**
 * Goal: the metric cache refactors only the nodes plasticity changed, never on identity
 * perturbations, and its first-order inverse is within O(γ²) of an exact refactorization.
 * Method: a 100-node ring with random cells and a real Hebbian step on three nodes; random
 * SPD metrics (fast-check) compared against core cholesky on g + h.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Xoshiro256pp, cholesky, clampEigenvalues, packSymmetric, solveLower, solveLowerTransposed } from '../core/index.ts';
import { coordCells, identityMetric, metricEntries, metricIndex, torusDims, torusDistanceSquared } from '../manifold/index.ts';
import { hebbianUpdate } from './hebbian-plasticity.ts';
import { MetricCache } from './metric-cache.ts';
import { ringWaveGraph } from './test-graphs.ts';
import { createWaveState } from './wave-state.ts';

const metricArb = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 81, maxLength: 81 })
  .map((full) => Float32Array.from(clampEigenvalues(packSymmetric(full), { min: 0.1, max: 10 })));
const coordArb = fc.array(fc.integer({ min: 0, max: coordCells - 1 }), { minLength: torusDims, maxLength: torusDims }).map((c) => Uint16Array.from(c));

/** The exact inverse of a packed SPD matrix, packed. */
function exactInverse(packed: ArrayLike<number>): Float64Array {
  const lower = cholesky(packed);
  if (lower === undefined) throw new Error('not SPD');
  const full = new Float64Array(81);
  for (let c = 0; c < torusDims; c++) {
    const unit = new Float64Array(torusDims);
    unit[c] = 1;
    solveLowerTransposed(lower, solveLower(lower, unit)).forEach((x, r) => { full[r * 9 + c] = x; });
  }
  return packSymmetric(full);
}

function relativeError(approx: ArrayLike<number>, exact: ArrayLike<number>): number {
  let diff = 0, norm = 0;
  for (let k = 0; k < exact.length; k++) {
    diff += (approx[k]! - exact[k]!) ** 2;
    norm += exact[k]! ** 2;
  }
  return Math.sqrt(diff / norm);
}

function identityMetrics(count: number): Float32Array {
  const metrics = new Float32Array(count * metricEntries);
  for (let i = 0; i < count; i++) metrics.set(identityMetric(), i * metricEntries);
  return metrics;
}

describe('metric cache', () => {
  test('MetricCache.updateBaseMetrics() refactors exactly the 3 of 100 nodes plasticity changed', () => {
    const rng = Xoshiro256pp.fromSeed(7);
    const coords = Array.from({ length: 100 }, () => Uint16Array.from({ length: torusDims }, () => Math.floor(rng.nextFloat64() * coordCells)));
    const metrics = identityMetrics(100);
    const cache = new MetricCache(metrics);
    expect(cache.factorizationCount).toBe(100);
    const state = createWaveState(ringWaveGraph(100));
    for (const node of [10, 11, 12]) state.psiRe[node] = 1; // edges 10–11 and 11–12 co-activate
    const { metrics: next, changed } = hebbianUpdate(state, { coords, metrics }, { learningRate: 0.2, elasticity: 0 });
    expect(changed).toEqual([10, 11, 12]);
    expect(cache.updateBaseMetrics(next)).toBe(3);
    expect(cache.factorizationCount).toBe(103);
    expect(cache.updateBaseMetrics(next, changed)).toBe(0);
    expect(cache.factorizationCount).toBe(103);
    expect(Array.from(cache.baseMetric(11))).toEqual(Array.from(next.subarray(11 * metricEntries, 12 * metricEntries)));
  });

  test('MetricCache perturbations never refactor', () => {
    const cache = new MetricCache(identityMetrics(4));
    cache.setScaledPerturbation(1, 0.05);
    cache.setPerturbationEntry(2, { index: metricIndex(2, 2), value: -0.03 });
    cache.effectiveInverse(1);
    cache.effectiveDistanceSquared(2, [1, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(cache.factorizationCount).toBe(4);
  });

  test('MetricCache.effectiveDistanceSquared() with h = 0 equals torusDistanceSquared() under the base metric', () => {
    fc.assert(fc.property(metricArb, coordArb, coordArb, (metric, a, b) => {
      const cache = new MetricCache(metric);
      const expected = torusDistanceSquared(a, b, metric);
      expect(Math.abs(cache.effectiveDistance(0, a, b) ** 2 - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
    }), { numRuns: 200 });
  });

  test('MetricCache.effectiveDistanceSquared() under h = −γg is (1 − γ)·d² exactly', () => {
    fc.assert(fc.property(metricArb, coordArb, coordArb, fc.double({ min: 0, max: 0.5, noNaN: true }), (metric, a, b, gamma) => {
      const cache = new MetricCache(metric);
      cache.setScaledPerturbation(0, gamma);
      const expected = (1 - gamma) * torusDistanceSquared(a, b, metric);
      expect(Math.abs(cache.effectiveDistance(0, a, b) ** 2 - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
    }), { numRuns: 100 });
  });

  test('MetricCache.effectiveInverse() is within 3γ² of an exact refactorization for h = −γg (γ = 0.05)', () => {
    const gamma = 0.05;
    fc.assert(fc.property(metricArb, (metric) => {
      const cache = new MetricCache(metric);
      cache.setScaledPerturbation(0, gamma);
      const error = relativeError(cache.effectiveInverse(0), exactInverse(cache.effectiveMetric(0)));
      expect(error).toBeLessThan(3 * gamma * gamma);
      expect(error).toBeGreaterThan(0.5 * gamma * gamma); // first order, not exact: the error is really O(γ²)
    }), { numRuns: 100 });
  });

  test('MetricCache.effectiveInverse() of a small g_tt perturbation is within 3(ε·g⁻¹_tt)² of the exact inverse', () => {
    fc.assert(fc.property(metricArb, fc.double({ min: 0.001, max: 0.05, noNaN: true }), (metric, ratio) => {
      const cache = new MetricCache(metric);
      const tt = metricIndex(2, 2);
      const epsilon = ratio / cache.inverseBaseEntry(0, tt); // ε·(g⁻¹)_tt = ratio
      cache.setPerturbationEntry(0, { index: tt, value: -epsilon });
      const error = relativeError(cache.effectiveInverse(0), exactInverse(cache.effectiveMetric(0)));
      expect(error).toBeLessThan(3 * ratio * ratio);
    }), { numRuns: 100 });
  });

  test('MetricCache.inverseBaseEntry() matches the exact inverse', () => {
    fc.assert(fc.property(metricArb, (metric) => {
      const cache = new MetricCache(metric);
      const exact = exactInverse(metric);
      for (let k = 0; k < metricEntries; k++) expect(cache.inverseBaseEntry(0, k)).toBeCloseTo(exact[k]!, 9);
    }), { numRuns: 50 });
  });

  test('MetricCache rejects a base metric that is not SPD', () => {
    const metric = identityMetric();
    metric[metricIndex(4, 4)] = -1;
    expect(() => new MetricCache(metric)).toThrow(/SPD/);
  });
});
