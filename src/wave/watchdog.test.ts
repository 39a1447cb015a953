/**
 * Goal: the runtime watchdog never flags the built-in propagator, SCRAMs a faulty one within
 * a few checks and hands back a state the run really passed through, and tolerates transient
 * violations.
 * Method: seeded states on a 100-node k-NN graph at dt = 0.05 of the stable step; faulty
 * behaviour comes from the bundled faulty propagators and from small wrappers around the
 * built-in that throw or corrupt on chosen calls, recording every state they hand back.
 */
import { describe, expect, test } from 'vitest';
import { faultyPropagators } from './faulty-propagators.ts';
import { randomWaveState } from './random-state.ts';
import { randomKnnWaveGraph } from './test-graphs.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import { stableTimeStep, type WaveParams } from './wave-params.ts';
import { cloneWaveState, isFiniteWaveState, type WaveState } from './wave-state.ts';
import { isConservativeRun, runWatchdog, type WatchdogRun } from './watchdog.ts';
import type { Propagator } from './propagator.ts';

const graph = randomKnnWaveGraph(100, { k: 8, seed: 7 });

/** A conservative run: α = 0, β = 1, every node undamped. */
function conservativeRun(propagator: Propagator, steps = 2000): WatchdogRun {
  const state = cloneWaveState(randomWaveState(graph, { seed: 3 }));
  state.resonance.fill(1);
  const base = { c: 1, alpha: 0, beta: 1 };
  return { propagator, state, params: { ...base, dt: 0.05 * stableTimeStep(state, base) }, steps };
}

/** A damped, driven run: α = 0.5, random resonance, three emitters. */
function drivenRun(propagator: Propagator, steps = 2000): WatchdogRun {
  const state = randomWaveState(graph, { seed: 4 });
  const base: Omit<WaveParams, 'dt'> = {
    c: 1, alpha: 0.5, beta: 1,
    emitters: [{ node: 1, re: 0.5, im: 0 }, { node: 20, re: 0, im: 0.3, angularFrequency: 2 }, { node: 50, re: 0.2, im: 0.2 }],
  };
  return { propagator, state, params: { ...base, dt: 0.05 * stableTimeStep(state, base) }, steps };
}

/** The built-in, except on the calls `behaviour` returns a replacement for; records every state it returns. */
function scripted(behaviour: (call: number, state: WaveState) => WaveState | 'throw' | undefined): Propagator & { returned: WaveState[] } {
  const returned: WaveState[] = [];
  let call = 0;
  return {
    name: 'scripted', returned,
    advance(state, params, options) {
      call += 1;
      const end = velocityVerletPropagator.advance(state, params, options);
      const replaced = behaviour(call, end);
      if (replaced === 'throw') throw new Error(`failure on call ${call}`);
      const handed = replaced ?? end;
      returned.push(handed.graph === undefined ? handed : cloneWaveState(handed)); // a malformed state is kept as is
      return handed;
    },
  };
}

const amplitudeGrowth = faultyPropagators.find((candidate) => candidate.name === 'amplitude-growth')!;

describe('runWatchdog', () => {
  test('runWatchdog() runs the built-in 2000 steps, conservative and driven, without a violation', () => {
    for (const run of [conservativeRun(velocityVerletPropagator), drivenRun(velocityVerletPropagator)]) {
      const result = runWatchdog(run);
      expect(result).toMatchObject({ scram: false, checks: 20, violationCount: 0, step: 2000, restored: false });
    }
  });

  test('runWatchdog() hands back exactly the state an unwatched conservative run reaches', () => {
    // Only without damping: with it, a new advance() call recomputes a from the full-step v,
    // where a running one used the half-step v, so chunked damped runs differ by O(α·dt²) terms.
    const run = conservativeRun(velocityVerletPropagator, 1050);
    const result = runWatchdog(run);
    expect(result.scram).toBe(false);
    expect(result.scram === false && result.state).toEqual(velocityVerletPropagator.advance(run.state, run.params, { steps: 1050 }));
  });

  test('runWatchdog() SCRAMs the amplitude-growth candidate within three checks', () => {
    const result = runWatchdog(conservativeRun(amplitudeGrowth));
    expect(result.scram).toBe(true);
    if (!result.scram) return;
    expect(result.checks).toBe(3);
    expect(result.violation).toMatchObject({ check: 'energy', step: 300 });
    expect(result.streak.map((v) => v.step)).toEqual([100, 200, 300]);
    expect(result.lastGoodStep).toBe(0);
    expect(result.lastGoodState).toEqual(conservativeRun(amplitudeGrowth).state);
  });

  test('runWatchdog() restores the last state the run passed through before a late fault', () => {
    const late = scripted((call, state) => {
      if (call <= 5) return undefined;
      for (let i = 0; i < state.psiRe.length; i++) state.psiRe[i]! *= 1.5;
      return state;
    });
    const result = runWatchdog(conservativeRun(late));
    expect(result.scram).toBe(true);
    if (!result.scram) return;
    expect(result.lastGoodStep).toBe(500);
    expect(isFiniteWaveState(result.lastGoodState)).toBe(true);
    expect(result.lastGoodState).toEqual(late.returned[4]);
    expect(result.emergencyState).toEqual(late.returned[7]);
  });

  test('runWatchdog() tolerates a single transient violation', () => {
    const run = conservativeRun(scripted((call) => (call === 3 ? 'throw' : undefined)));
    const result = runWatchdog(run);
    expect(result).toMatchObject({ scram: false, step: 2000, violationCount: 1, restored: false, streak: [] });
    expect(result.scram === false && result.state).toEqual(velocityVerletPropagator.advance(run.state, run.params, { steps: 2000 }));
  });

  test('runWatchdog() resets the count after a good check', () => {
    const result = runWatchdog(conservativeRun(scripted((call) => ([3, 4, 6, 7].includes(call) ? 'throw' : undefined))));
    expect(result).toMatchObject({ scram: false, step: 2000, violationCount: 4 });
  });

  test('runWatchdog() SCRAMs after three consecutive throws, keeping the state it was handing over', () => {
    const run = conservativeRun(scripted((call) => (call >= 2 ? 'throw' : undefined)));
    const result = runWatchdog(run);
    expect(result).toMatchObject({ scram: true, lastGoodStep: 100, violation: { check: 'threw', step: 200 } });
    expect(result.scram && result.emergencyState).toEqual(result.scram && result.lastGoodState);
  });

  test('runWatchdog() returns the last good state when the steps end during a streak', () => {
    const result = runWatchdog(conservativeRun(scripted((call, state) => {
      if (call === 20) state.vIm[3] = Number.NaN;
      return state;
    })));
    expect(result).toMatchObject({ scram: false, restored: true, step: 1900, streak: [{ check: 'non-finite', step: 2000 }] });
  });

  test('runWatchdog() flags a state whose refractive indices changed', () => {
    const result = runWatchdog(conservativeRun(scripted((_call, state) => ({ ...state, refractiveIndex: state.refractiveIndex.map((s) => s * 2) }))));
    expect(result).toMatchObject({ scram: true, violation: { check: 'structure' } });
  });

  test('runWatchdog() survives malformed states and keeps the state it handed over as evidence', () => {
    const malformed = [
      (state: WaveState): WaveState => ({ ...state, psiRe: state.psiRe.subarray(1) }),
      (): WaveState => ({}) as WaveState,
    ];
    for (const corrupt of malformed) {
      const result = runWatchdog(conservativeRun(scripted((call, state) => (call >= 3 ? corrupt(state) : undefined))));
      expect(result).toMatchObject({ scram: true, lastGoodStep: 200, violation: { check: 'structure', step: 300 } });
      expect(result.scram && result.emergencyState).toEqual(result.scram && result.lastGoodState);
    }
  });

  test('runWatchdog() flags an amplitude above the clamp in a driven run', () => {
    const result = runWatchdog(drivenRun(scripted((_call, state) => {
      state.psiRe[0] = 4.5;
      return state;
    })));
    expect(result).toMatchObject({ scram: true, violation: { check: 'amplitude' } });
  });
});

describe('isConservativeRun', () => {
  test('isConservativeRun() is true only without emitters and without damping', () => {
    const { state, params } = conservativeRun(velocityVerletPropagator);
    expect(isConservativeRun(state, params)).toBe(true);
    expect(isConservativeRun(state, { ...params, alpha: 1 })).toBe(true); // every r = 1
    expect(isConservativeRun(randomWaveState(graph), { ...params, alpha: 1 })).toBe(false);
    expect(isConservativeRun(state, { ...params, emitters: [{ node: 0, re: 1, im: 0 }] })).toBe(false);
  });
});
