import { describe, expect, test } from 'vitest';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import { waveEnergy } from './energy.ts';
import { randomWaveState } from './random-state.ts';
import { ringWaveGraph } from './test-graphs.ts';
import { stableTimeStep } from './wave-params.ts';
import { amplitudeMaxOf, createWaveState } from './wave-state.ts';

const ring = ringWaveGraph(32);

describe('velocityVerletPropagator', () => {
  test('advance() never mutates its input state', () => {
    const state = randomWaveState(ring, { seed: 1 });
    const before = JSON.stringify([...state.psiRe, ...state.vRe, ...state.aRe]);
    velocityVerletPropagator.advance(state, { c: 1, alpha: 0.1, beta: 1, dt: 0.01 }, { steps: 5 });
    expect(JSON.stringify([...state.psiRe, ...state.vRe, ...state.aRe])).toBe(before);
  });

  test('advance() moves a ring eigenmode at the discrete dispersion frequency', () => {
    // On a ring with unit weights, mode m has ω² = c²·(2 − 2cos(2πm/n)) (s = 1).
    const n = 32, m = 3, c = 1;
    const state = createWaveState(ring);
    for (let i = 0; i < n; i++) state.psiRe[i] = Math.cos((2 * Math.PI * m * i) / n);
    const omega = c * Math.sqrt(2 - 2 * Math.cos((2 * Math.PI * m) / n));
    const dt = 0.001, steps = 2000;
    const end = velocityVerletPropagator.advance(state, { c, alpha: 0, beta: 0, dt }, { steps });
    const expected = Math.cos(omega * dt * steps);
    expect(Math.abs(end.psiRe[0]! - expected)).toBeLessThan(1e-5);
    expect(end.time).toBeCloseTo(dt * steps, 12);
  });

  test('advance() keeps |ψ| ≤ 4 after a huge spike', () => {
    const state = createWaveState(ring);
    state.psiRe[3] = 1e9;
    const end = velocityVerletPropagator.advance(state, { c: 1, alpha: 0, beta: 1, dt: 0.01 }, { steps: 3 });
    expect(amplitudeMaxOf(end)).toBeLessThanOrEqual(4);
  });

  test('advance() lets emitters pump energy in and damping take it out', () => {
    const rest = createWaveState(ring);
    const params = { c: 1, alpha: 0, beta: 0, dt: 0.01, emitters: [{ node: 0, re: 1, im: 0 }] };
    const driven = velocityVerletPropagator.advance(rest, params, { steps: 50 });
    expect(waveEnergy(driven, params).total).toBeGreaterThan(0);
    const moving = randomWaveState(ring, { seed: 4 });
    const damped = { c: 1, alpha: 2, beta: 0, dt: 0.5 * stableTimeStep(moving, { c: 1, alpha: 2, beta: 0 }) };
    const later = velocityVerletPropagator.advance(moving, damped, { steps: 200 });
    expect(waveEnergy(later, damped).total).toBeLessThan(waveEnergy(moving, damped).total);
  });

  test('advance() asserts on a non-finite dt', () => {
    expect(() => velocityVerletPropagator.advance(createWaveState(ring), { c: 1, alpha: 0, beta: 0, dt: Number.NaN }))
      .toThrow(/dt/);
  });
});
