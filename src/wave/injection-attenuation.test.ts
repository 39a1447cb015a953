/**
 * Goal: the spatial firewall picks the least-damped smooth modes, takes 20 dB (or the asked
 * loss) off a drive at such a mode, leaves a drive orthogonal to them alone, never lets a value
 * past the nonary clamp, never grows the injection, and refuses NaN as a bug.
 * Method: a 32-node ring (known spectrum 2 − 2cos(2πk/32)) with uniform resonance, and two
 * separate rings, one undamped, whose modes each live on one ring; seeded and fast-check-generated injections.
 */
import { AssertionError } from 'node:assert';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../core/index.ts';
import { injectionAttenuation, lowDampingModes, modeDampingRate, type SpatialInjection } from './injection-attenuation.ts';
import { lanczosLowestModes } from './lanczos-modes.ts';
import type { LaplacianMode } from './laplacian-modes.ts';
import { ringWaveGraph } from './test-graphs.ts';
import { waveGraph } from './wave-graph.ts';
import { createWaveState } from './wave-state.ts';

const n = 32;
const ring = ringWaveGraph(n);
const uniform = createWaveState(ring, { resonance: 0.5 });
/** Two separate rings of 12 and 20 nodes (weights 1); the small one undamped (r = 1), the large one fully damped. */
const twoRings = createWaveState(waveGraph(32, Array.from({ length: 32 }, (_, i) => (i < 12
  ? { a: i, b: (i + 1) % 12, distance: 0.01 }
  : { a: i, b: 12 + ((i - 11) % 20), distance: 0.01 })), { sigma: 1e4 }));
for (let i = 0; i < 12; i++) twoRings.resonance[i] = 1;
/** A full Krylov basis (m = n) makes the modes exact, so the tests can name their eigenvalues. */
const exact = { basisSize: n } as const;
const modes = lowDampingModes(uniform, { alpha: 1 }, { count: 4, ...exact });

const norm = (x: SpatialInjection): number => Math.sqrt(x.re.reduce((s, v, i) => s + v * v + x.im[i]! ** 2, 0));
const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
const times = (mode: LaplacianMode, scale: number): Float64Array => mode.vector.map((v) => v * scale);

/** A seeded injection in [−1, 1]² with its components along `modes` removed. */
function orthogonalInjection(seed: number): SpatialInjection {
  const rng = Xoshiro256pp.fromSeed(seed);
  const re = Float64Array.from({ length: n }, () => 2 * rng.nextFloat64() - 1);
  const im = Float64Array.from({ length: n }, () => 2 * rng.nextFloat64() - 1);
  for (const mode of modes) {
    const pr = dot(mode.vector, re), pi = dot(mode.vector, im);
    mode.vector.forEach((v, i) => { re[i] = re[i]! - pr * v; im[i] = im[i]! - pi * v; });
  }
  return { re, im };
}

describe('lowDampingModes', () => {
  test('lowDampingModes() ranks by eigenvalue when damping is uniform', () => {
    const expected = [0, 1, 1, 2].map((k) => 2 - 2 * Math.cos((2 * Math.PI * k) / n));
    modes.forEach((mode, k) => expect(mode.value).toBeCloseTo(expected[k]!, 6));
    modes.forEach((mode) => expect(mode.dampingRate).toBeCloseTo(0.5, 12));
  });

  test('lowDampingModes() picks the candidates with the smallest damping rates', () => {
    const chosen = lowDampingModes(twoRings, { alpha: 1 }, { count: 4, candidates: 8, ...exact });
    const rates = lanczosLowestModes(twoRings.graph, 8, exact).map((mode) => modeDampingRate(twoRings, { alpha: 1 }, mode)).sort((a, b) => a - b);
    expect(chosen.map((mode) => mode.dampingRate)).toEqual(rates.slice(0, 4).map((rate) => expect.closeTo(rate, 9)));
    // The undamped small ring's first pair (λ = 2 − 2cos(2π/12) ≈ 0.268) outranks the damped
    // large ring's smoother pair (λ = 2 − 2cos(2π/20) ≈ 0.098): damping, not λ, decides.
    const smallRingPair = 2 - 2 * Math.cos((2 * Math.PI) / 12);
    expect(chosen.filter((mode) => Math.abs(mode.value - smallRingPair) < 1e-6)).toHaveLength(2);
    expect(chosen.every((mode) => Math.abs(mode.value - (2 - 2 * Math.cos((2 * Math.PI) / 20))) > 1e-6)).toBe(true);
  });
});

describe('injectionAttenuation', () => {
  test('injectionAttenuation() takes 20 dB off a drive at a low-damping mode by default', () => {
    const injection = { re: times(modes[1]!, 2), im: times(modes[1]!, -1.5) };
    const lossDb = 20 * Math.log10(norm(injectionAttenuation(injection, modes)) / norm(injection));
    expect(lossDb).toBeCloseTo(-20, 9);
  });

  test('injectionAttenuation() takes the configured loss off a drive at a mode', () => {
    const injection = { re: times(modes[0]!, 3), im: new Float64Array(n) };
    const lossDb = 20 * Math.log10(norm(injectionAttenuation(injection, modes, { attenuationDb: 40 })) / norm(injection));
    expect(lossDb).toBeCloseTo(-40, 9);
  });

  test('injectionAttenuation() leaves an injection orthogonal to the modes unchanged', () => {
    const injection = orthogonalInjection(5);
    const out = injectionAttenuation(injection, modes);
    out.re.forEach((v, i) => expect(v).toBeCloseTo(injection.re[i]!, 12));
    out.im.forEach((v, i) => expect(v).toBeCloseTo(injection.im[i]!, 12));
  });

  test('injectionAttenuation() clamps a 1e6 spike to |value| ≤ 4 and keeps it the peak', () => {
    const re = new Float64Array(n), im = new Float64Array(n);
    re[7] = 1e6; im[7] = -1e6;
    const out = injectionAttenuation({ re, im }, modes);
    const moduli = Array.from(out.re, (v, i) => Math.hypot(v, out.im[i]!));
    expect(Math.max(...moduli)).toBeLessThanOrEqual(4);
    expect(moduli.indexOf(Math.max(...moduli))).toBe(7);
  });

  test('injectionAttenuation() never grows the injection and always clamps', () => {
    const values = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n, maxLength: n });
    fc.assert(fc.property(values, values, (re, im) => {
      const injection = { re: Float64Array.from(re), im: Float64Array.from(im) };
      const out = injectionAttenuation(injection, modes);
      expect(norm(out)).toBeLessThanOrEqual(norm(injection) * (1 + 1e-12));
      out.re.forEach((v, i) => expect(Math.hypot(v, out.im[i]!)).toBeLessThanOrEqual(4));
    }), { numRuns: 200 });
  });

  test('injectionAttenuation() refuses NaN with an assertion', () => {
    const re = new Float64Array(n), im = new Float64Array(n);
    im[3] = Number.NaN;
    expect(() => injectionAttenuation({ re, im }, modes)).toThrow(AssertionError);
  });
});
