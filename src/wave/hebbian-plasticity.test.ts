/**
 * Goal: Hebbian plasticity keeps every metric SPD, contracts the metric between co-activated
 * nodes, restores toward (never away from) the identity, and each force vanishes exactly
 * when its rate is 0. Method: fast-check properties over random k-NN patches of T⁹ with
 * random wave fields and random SPD metrics; distances measured with torusDistanceSquared.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { clampEigenvalues, packSymmetric, symmetricEigen, type NodeId } from '../core/index.ts';
import {
  coordCells,
  identityMetric,
  isPositiveDefiniteMetric,
  metricEntries,
  nearestNeighbours,
  torusDistanceSquared,
  torusDims,
  type KnnPoint,
  type TorusCoord,
} from '../manifold/index.ts';
import { elasticity, hebbianUpdate, learningRate, type ManifoldPatch } from './hebbian-plasticity.ts';
import { waveGraph, waveGraphFromKnn } from './wave-graph.ts';
import { createWaveState, type WaveState } from './wave-state.ts';

const coordArb = fc.array(fc.integer({ min: 0, max: coordCells - 1 }), { minLength: torusDims, maxLength: torusDims }).map((c) => Uint16Array.from(c));
/** A random SPD metric with eigenvalues in [lo, hi]. */
const metricArb = (lo: number, hi: number): fc.Arbitrary<Float32Array> =>
  fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 81, maxLength: 81 })
    .map((full) => Float32Array.from(clampEigenvalues(packSymmetric(full), { min: lo, max: hi })));

/** A k-NN patch over `coords` with the given metrics and a wave field ψ. */
function patchState(coords: TorusCoord[], metrics: Float32Array[], psi: [number, number][]): { state: WaveState; patch: ManifoldPatch } {
  const points: KnnPoint[] = coords.map((coord, i) => ({ id: i.toString(16).padStart(8, '0') as NodeId, coord }));
  const { graph } = waveGraphFromKnn(points.map((p) => ({ ...p, neighbours: nearestNeighbours(p, points, { k: 4 }) })));
  const state = createWaveState(graph);
  psi.forEach(([re, im], i) => { state.psiRe[i] = re; state.psiIm[i] = im; });
  const all = new Float32Array(coords.length * metricEntries);
  metrics.forEach((m, i) => all.set(m, i * metricEntries));
  return { state, patch: { coords, metrics: all } };
}

const patchArb = fc.integer({ min: 2, max: 12 }).chain((n) => fc.tuple(
  fc.array(coordArb, { minLength: n, maxLength: n }),
  fc.array(metricArb(0.1, 10), { minLength: n, maxLength: n }),
  fc.array(fc.tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true })), { minLength: n, maxLength: n }),
));

const metricOf = (metrics: Float32Array, i: number): Float32Array => metrics.subarray(i * metricEntries, (i + 1) * metricEntries);

describe('hebbian plasticity', () => {
  test('learningRate() and elasticity() follow the spec maps (η_base at D = 0.5, λ_base/2 at S = 0.5)', () => {
    expect(learningRate(0.5, 0.2)).toBe(0.2);
    expect(learningRate(1, 1)).toBeCloseTo(1 + Math.tanh(0.5), 15);
    expect(learningRate(0, 1)).toBeCloseTo(1 - Math.tanh(0.5), 15);
    expect(elasticity(0.5, 0.2)).toBeCloseTo(0.1, 15);
    expect(elasticity(0, 1)).toBeCloseTo(0.5 - 0.5 * Math.tanh(0.5), 15);
    expect(() => learningRate(1.5, 1)).toThrow();
  });

  test('hebbianUpdate() keeps every metric SPD with eigenvalues in the bounds', () => {
    fc.assert(fc.property(patchArb, fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), ([coords, metrics, psi], eta, lambda) => {
      const { state, patch } = patchState(coords, metrics, psi);
      const { metrics: next } = hebbianUpdate(state, patch, { learningRate: eta, elasticity: lambda });
      for (let i = 0; i < coords.length; i++) {
        expect(isPositiveDefiniteMetric(metricOf(next, i))).toBe(true);
        const { values } = symmetricEigen(metricOf(next, i));
        expect(values[0]).toBeGreaterThan(0.1 - 1e-5);
        expect(values[torusDims - 1]).toBeLessThan(10 + 1e-4);
      }
    }), { numRuns: 100 });
  });

  test('hebbianUpdate() with η = 0 is the restoring force alone: ψ does not matter', () => {
    fc.assert(fc.property(patchArb, fc.double({ min: 0, max: 1, noNaN: true }), ([coords, metrics, psi], lambda) => {
      const a = patchState(coords, metrics, psi);
      const b = patchState(coords, metrics, psi.map(() => [0, 0]));
      const options = { learningRate: 0, elasticity: lambda };
      expect(Array.from(hebbianUpdate(a.state, a.patch, options).metrics)).toEqual(Array.from(hebbianUpdate(b.state, b.patch, options).metrics));
    }), { numRuns: 50 });
  });

  test('hebbianUpdate() with η = 0 leaves identity metrics exactly unchanged', () => {
    fc.assert(fc.property(patchArb, fc.double({ min: 0, max: 1, noNaN: true }), ([coords, , psi], lambda) => {
      const { state, patch } = patchState(coords, coords.map(() => identityMetric()), psi);
      const result = hebbianUpdate(state, patch, { learningRate: 0, elasticity: lambda });
      expect(result.changed).toEqual([]);
      expect(Array.from(result.metrics)).toEqual(Array.from(patch.metrics));
    }), { numRuns: 30 });
  });

  test('hebbianUpdate() with λ = 0 has no restoring force: warped metrics without coactivation keep their bits', () => {
    fc.assert(fc.property(patchArb, ([coords, metrics, psi]) => {
      const { state, patch } = patchState(coords, metrics, psi.map(() => [0, 0]));
      const result = hebbianUpdate(state, patch, { learningRate: 1, elasticity: 0 });
      expect(result.changed).toEqual([]);
      expect(Array.from(result.metrics)).toEqual(Array.from(patch.metrics));
    }), { numRuns: 30 });
  });

  test('hebbianUpdate() restoring force alone converges to the identity', () => {
    fc.assert(fc.property(patchArb, ([coords, metrics, psi]) => {
      const start = patchState(coords, metrics, psi);
      let patch = start.patch;
      for (let step = 0; step < 200; step++) {
        patch = { coords, metrics: hebbianUpdate(start.state, patch, { learningRate: 0, elasticity: 0.1 }).metrics };
      }
      const identity = identityMetric();
      for (let i = 0; i < coords.length; i++) {
        metricOf(patch.metrics, i).forEach((value, k) => expect(Math.abs(value - identity[k]!)).toBeLessThan(1e-6));
      }
    }), { numRuns: 10 });
  });

  test('hebbianUpdate() moves a metric halfway to the identity at λ·dt = ½ (the spec sign is fixed)', () => {
    fc.assert(fc.property(patchArb, ([coords, metrics, psi]) => {
      const { state, patch } = patchState(coords, metrics, psi);
      const next = hebbianUpdate(state, patch, { learningRate: 0, elasticity: 0.5 }).metrics;
      const identity = identityMetric();
      const expected = patch.metrics.map((g, k) => Math.fround(g - 0.5 * (g - identity[k % metricEntries]!)));
      expect(Array.from(next)).toEqual(Array.from(expected));
    }), { numRuns: 30 });
  });

  test('hebbianUpdate() with positive coactivation shortens the pair\'s distance under both metrics', () => {
    const pairArb = fc.tuple(coordArb, coordArb, metricArb(0.5, 5), metricArb(0.5, 5), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 0.4, noNaN: true }))
      .filter(([a, b]) => torusDistanceSquared(a, b) > 0);
    fc.assert(fc.property(pairArb, ([a, b, ga, gb, amplitude, eta]) => {
      const state = createWaveState(waveGraph(2, [{ a: 0, b: 1, distance: 1 }]));
      state.psiRe[0] = 1;
      state.psiRe[1] = amplitude; // c = amplitude > 0, so η·c ≤ 0.4 keeps eigenvalues ≥ 0.1
      const metrics = new Float32Array(2 * metricEntries);
      metrics.set(ga, 0);
      metrics.set(gb, metricEntries);
      const result = hebbianUpdate(state, { coords: [a, b], metrics }, { learningRate: eta, elasticity: 0 });
      expect(result.changed).toEqual([0, 1]);
      expect(torusDistanceSquared(a, b, metricOf(result.metrics, 0))).toBeLessThan(torusDistanceSquared(a, b, ga));
      expect(torusDistanceSquared(a, b, metricOf(result.metrics, 1))).toBeLessThan(torusDistanceSquared(a, b, gb));
    }), { numRuns: 200 });
  });

  test('hebbianUpdate() contracts exactly by η·c along the joining direction from the identity', () => {
    const a = new Uint16Array(torusDims);
    const b = new Uint16Array(torusDims);
    b[0] = 1000; // the pair joins along axis 0 only
    const state = createWaveState(waveGraph(2, [{ a: 0, b: 1, distance: 1 }]));
    state.psiRe[0] = 2;
    state.psiIm[1] = 1;
    state.psiRe[1] = 0.5; // c = Re(ψ₀ψ₁*) = 2·0.5 = 1
    const metrics = new Float32Array(2 * metricEntries);
    metrics.set(identityMetric(), 0);
    metrics.set(identityMetric(), metricEntries);
    const result = hebbianUpdate(state, { coords: [a, b], metrics }, { learningRate: 0.3, elasticity: 0 });
    const expected = identityMetric();
    expected[0] = 0.7;
    expect(Array.from(metricOf(result.metrics, 0))).toEqual(Array.from(expected));
    expect(Array.from(metricOf(result.metrics, 1))).toEqual(Array.from(expected));
  });

  test('hebbianUpdate() changes only nodes on co-activated edges when λ = 0', () => {
    const coords = [0, 1, 2, 3].map((i) => Uint16Array.from({ length: torusDims }, (_, k) => (i * 500 + k * 7) % coordCells));
    const edges = [{ a: 0, b: 1, distance: 1 }, { a: 1, b: 2, distance: 1 }, { a: 2, b: 3, distance: 1 }];
    const state = createWaveState(waveGraph(4, edges));
    state.psiRe[1] = 1;
    state.psiRe[2] = 1;
    const metrics = new Float32Array(4 * metricEntries);
    for (let i = 0; i < 4; i++) metrics.set(identityMetric(), i * metricEntries);
    expect(hebbianUpdate(state, { coords, metrics }, { learningRate: 0.1, elasticity: 0 }).changed).toEqual([1, 2]);
  });

  test('hebbianUpdate() clamps a runaway contraction at the smallest eigenvalue', () => {
    const b = new Uint16Array(torusDims);
    b[3] = 200;
    const state = createWaveState(waveGraph(2, [{ a: 0, b: 1, distance: 1 }]));
    state.psiRe[0] = 4;
    state.psiRe[1] = 4;
    const metrics = new Float32Array(2 * metricEntries);
    metrics.set(identityMetric(), 0);
    metrics.set(identityMetric(), metricEntries);
    const result = hebbianUpdate(state, { coords: [new Uint16Array(torusDims), b], metrics }, { learningRate: 10, elasticity: 0 });
    const { values } = symmetricEigen(metricOf(result.metrics, 0));
    expect(values[0]).toBeCloseTo(0.1, 6);
    expect(values[1]).toBeCloseTo(1, 6);
  });

  test('hebbianUpdate() rejects an overshooting restoring step (λ·dt > 1)', () => {
    const { state, patch } = patchState([new Uint16Array(torusDims), Uint16Array.from({ length: torusDims }, () => 9)], [identityMetric(), identityMetric()], [[0, 0], [0, 0]]);
    expect(() => hebbianUpdate(state, patch, { learningRate: 0, elasticity: 0.6, dt: 2 })).toThrow(/λ·dt/);
  });
});
