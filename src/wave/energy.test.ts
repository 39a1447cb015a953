import { describe, expect, test } from 'vitest';
import { waveEnergy } from './energy.ts';
import { accelerationInto } from './velocity-verlet.ts';
import { randomWaveState } from './random-state.ts';
import { randomKnnWaveGraph } from './test-graphs.ts';
import { cloneWaveState } from './wave-state.ts';

const graph = randomKnnWaveGraph(60, { k: 6, seed: 11 });
const params = { c: 1.3, alpha: 0, beta: 0.7, dt: 0.01, norepinephrine: 0.4 };

describe('waveEnergy', () => {
  test('waveEnergy() potential gradient equals mass × acceleration (the D3 force), by finite differences', () => {
    const state = randomWaveState(graph, { seed: 5, amplitude: 2 });
    const probe = cloneWaveState(state);
    accelerationInto(probe, params, 0);
    const boost = 1 + params.norepinephrine;
    const h = 1e-6;
    for (const i of [0, 17, 42]) {
      const mass = (state.refractiveIndex[i]! / boost) ** 2 / (params.c * params.c);
      for (const part of ['psiRe', 'psiIm'] as const) {
        const plus = cloneWaveState(state), minus = cloneWaveState(state);
        plus[part][i]! += h; minus[part][i]! -= h;
        const gradient = (waveEnergy(plus, params).total - waveEnergy(minus, params).total) / (2 * h);
        const force = mass * (part === 'psiRe' ? probe.aRe[i]! : probe.aIm[i]!);
        expect(Math.abs(-gradient - force)).toBeLessThan(1e-6 * Math.max(1, Math.abs(force)));
      }
    }
  });

  test('waveEnergy() parts are non-negative and sum to the total', () => {
    const energy = waveEnergy(randomWaveState(graph, { seed: 2 }), params);
    expect(energy.kinetic).toBeGreaterThan(0);
    expect(energy.coupling).toBeGreaterThan(0);
    expect(energy.nonlinear).toBeGreaterThan(0);
    expect(energy.total).toBeCloseTo(energy.kinetic + energy.coupling + energy.nonlinear, 12);
  });

  test('waveEnergy() of a uniform field at rest is zero when β = 0', () => {
    const state = randomWaveState(graph, { seed: 3, velocitySigma: 0 });
    state.psiRe.fill(0.5); state.psiIm.fill(-0.25);
    expect(waveEnergy(state, { ...params, beta: 0 }).total).toBeCloseTo(0, 12);
  });
});
