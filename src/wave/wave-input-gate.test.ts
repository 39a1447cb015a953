import { describe, expect, test } from 'vitest';
import { gatedPropagator, waveInputProblems } from './wave-input-gate.ts';
import { randomWaveState } from './random-state.ts';
import { ringWaveGraph } from './test-graphs.ts';
import { stableTimeStep } from './wave-params.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';

const graph = ringWaveGraph(16);
const physics = { c: 1, alpha: 0.1, beta: 1 };

describe('waveInputProblems', () => {
  test('waveInputProblems() accepts a valid state with dt inside the stable step', () => {
    const state = randomWaveState(graph);
    expect(waveInputProblems(state, { ...physics, dt: 0.5 * stableTimeStep(state, physics) })).toEqual([]);
  });

  test('waveInputProblems() rejects a NaN amplitude', () => {
    const state = randomWaveState(graph);
    state.psiIm[3] = Number.NaN;
    expect(waveInputProblems(state, { ...physics, dt: 1e-3 })).toEqual(['psi holds NaN or Inf']);
  });

  test('waveInputProblems() rejects dt beyond the stable step', () => {
    const state = randomWaveState(graph);
    expect(waveInputProblems(state, { ...physics, dt: 2 * stableTimeStep(state, physics) })[0]).toContain('stable step');
  });
});

describe('gatedPropagator', () => {
  test('gatedPropagator() throws before the propagator sees a rejected input', () => {
    const state = randomWaveState(graph);
    state.vRe[0] = Number.POSITIVE_INFINITY;
    expect(() => gatedPropagator(velocityVerletPropagator).advance(state, { ...physics, dt: 1e-3 })).toThrow(/v holds NaN/);
  });
});
