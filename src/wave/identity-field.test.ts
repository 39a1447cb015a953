/**
 * Goal: the identity field is strongest at the self-concept's anchors, there it raises
 * resonance and contracts g_tt toward the spec's target without refactoring, it keeps
 * g_eff SPD, and strength 0 changes nothing. Method: a seeded projection places embedded
 * parts; nodes are put at, near and far from the anchor; g_eff is checked with core cholesky.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { cholesky, clampEigenvalues, packSymmetric } from '../core/index.ts';
import { coordCells, createProjection, identityMetric, metricEntries, metricIndex, torusDims, type TorusCoord } from '../manifold/index.ts';
import { applyIdentityField, identityAnchors, identityField, type IdentityAnchor } from './identity-field.ts';
import { MetricCache } from './metric-cache.ts';

const tt = metricIndex(2, 2);
const projection = createProjection('00112233445566ff', 4);

/** The anchor's coordinate moved by `cells` along every axis. */
function shifted(coord: TorusCoord, cells: number): TorusCoord {
  return coord.map((c) => (c + cells) % coordCells);
}

function identityCache(count: number): MetricCache {
  const metrics = new Float32Array(count * metricEntries);
  for (let i = 0; i < count; i++) metrics.set(identityMetric(), i * metricEntries);
  return new MetricCache(metrics);
}

const [anchor] = identityAnchors(projection, [{ vector: [1, 0.5, -0.2, 0], weight: 1 }]) as [IdentityAnchor];
/** At the anchor, 0.05 away per axis (d = 0.15), 0.5 away per axis (the far side). */
const coords = [anchor.coord, shifted(anchor.coord, 819), shifted(anchor.coord, 8192)];

describe('identity field', () => {
  test('identityAnchors() places each part with the projection and drops non-positive weights', () => {
    const anchors = identityAnchors(projection, [
      { vector: [1, 0, 0, 0], weight: 0.5 },
      { vector: [0, 1, 0, 0], weight: -0.3 },
      { vector: [0, 0, 1, 0], weight: 0 },
    ]);
    expect(anchors).toEqual([{ coord: projection.place([1, 0, 0, 0]).coord, weight: 0.5 }]);
  });

  test('identityField() is 1 at a unit anchor and exp(−d²/σ²) around it', () => {
    const phi = identityField(coords, [anchor], { sigma: 0.3 });
    expect(phi[0]).toBe(1);
    const d2 = torusDims * (819 / coordCells) ** 2;
    expect(phi[1]).toBeCloseTo(Math.exp(-d2 / 0.09), 12);
    expect(phi[2]).toBeLessThan(1e-10);
  });

  test('identityField() normalizes several anchors by their total weight when it exceeds 1', () => {
    const far = shifted(anchor.coord, 8192);
    const phi = identityField([anchor.coord, far], [{ coord: anchor.coord, weight: 1 }, { coord: far, weight: 3 }]);
    expect(phi[0]).toBeCloseTo(0.25, 9);
    expect(phi[1]).toBeCloseTo(0.75, 9);
    expect(identityField([anchor.coord], [])[0]).toBe(0);
  });

  test('applyIdentityField() raises resonance and contracts g_tt near the anchor, not far from it', () => {
    const cache = identityCache(3);
    const phi = identityField(coords, [anchor]);
    const { resonance } = applyIdentityField(phi, { cache, resonance: new Float64Array([0.5, 0.5, 0.5]) });
    expect(resonance[0]).toBeCloseTo(0.6, 12);
    expect(resonance[1]).toBeCloseTo(0.5 + 0.1 * phi[1]!, 12);
    expect(phi[1]).toBeGreaterThan(0.1);
    expect(resonance[2]).toBe(0.5);
    expect(cache.effectiveMetric(0)[tt]).toBeLessThan(cache.effectiveMetric(1)[tt]!);
    expect(cache.effectiveMetric(1)[tt]).toBeLessThan(1);
    expect(cache.effectiveMetric(2)[tt]).toBeGreaterThan(1 - 1e-9);
  });

  test('applyIdentityField() relaxes g_tt to the spec target 1/(1 + 0.05Φ) without refactoring', () => {
    const cache = identityCache(3);
    const phi = identityField(coords, [anchor]);
    let resonance: Float64Array = new Float64Array(3);
    for (let step = 0; step < 400; step++) resonance = applyIdentityField(phi, { cache, resonance }).resonance;
    expect(cache.effectiveMetric(0)[tt]).toBeCloseTo(1 / 1.05, 8);
    expect(cache.effectiveMetric(1)[tt]).toBeCloseTo(1 / (1 + 0.05 * phi[1]!), 8);
    expect(resonance[0]).toBe(1);
    expect(cache.factorizationCount).toBe(3);
  });

  test('applyIdentityField() with strength 0 changes nothing', () => {
    const cache = identityCache(3);
    const before = new Float64Array([0.2, 0.9, 1]);
    const result = applyIdentityField(identityField(coords, [anchor]), { cache, resonance: before }, { strength: 0 });
    expect(result.perturbed).toBe(0);
    expect(Array.from(result.resonance)).toEqual(Array.from(before));
    for (let i = 0; i < 3; i++) for (let k = 0; k < metricEntries; k++) expect(cache.perturbationEntry(i, k)).toBe(0);
  });

  test('applyIdentityField() keeps g_eff SPD on warped metrics at any strength', () => {
    const metricArb = fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 81, maxLength: 81 })
      .map((full) => Float32Array.from(clampEigenvalues(packSymmetric(full), { min: 0.1, max: 10 })));
    fc.assert(fc.property(metricArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (metric, field, strength) => {
      const cache = new MetricCache(metric);
      let resonance: Float64Array = new Float64Array(1);
      for (let step = 0; step < 100; step++) resonance = applyIdentityField(Float64Array.of(field), { cache, resonance }, { strength }).resonance;
      expect(cholesky(cache.effectiveMetric(0))).toBeDefined();
      expect(resonance[0]).toBeLessThanOrEqual(1);
    }), { numRuns: 50 });
  });
});
