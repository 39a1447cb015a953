/**
 * Goal: the drive integrator is stable at every allowed tick, exact for the linear part,
 * keeps every level in [0, 1], and applies its inputs (events, waking drain, fatigue) as
 * documented. Method: the contraction bound ‖e^{Mh}‖∞ ≤ e^{μ∞h} < 1 and the spectral radius
 * over ticks from 1 ms to an hour; long runs from the corners of the box; a semigroup check
 * (ten 100 ms ticks = one 1 s tick); an RK4 reference at a fine step; fast-check for bounds.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { NoctemError, limits } from '../core/index.ts';
import { noctemCouplingMatrix, specCouplingMatrix } from './coupling-matrix.ts';
import { createDriveIntegrator, driveForcing } from './drive-integrator.ts';
import { driveBaselines, initialDriveState, type DriveState } from './drive-state.ts';
import { realEigenvalues } from './real-eigenvalues.ts';
import type { DriveEvent } from './drive-event.ts';

const chemicals = ['dopamine', 'serotonin', 'norepinephrine'] as const;
const distanceToBaseline = (s: DriveState): number => Math.max(...chemicals.map((c) => Math.abs(s[c] - driveBaselines[c])));
const errorCode = (run: () => unknown): string | undefined => {
  try { run(); return undefined; } catch (error) { return error instanceof NoctemError ? error.code : 'not a NoctemError'; }
};

describe('drive integrator', () => {
  test('createDriveIntegrator() contracts every tick from 1 ms to an hour (stability proof by log-norm)', () => {
    for (const tickMs of [1, 10, 100, 1000, 60_000, limits.driveTickMsMax]) {
      const integrator = createDriveIntegrator({ tickMs });
      const bound = Math.exp(integrator.validation.logNormInfinity * tickMs / 1000);
      expect(integrator.contraction).toBeLessThan(1);
      expect(integrator.contraction).toBeLessThanOrEqual(bound + 1e-12);
      const radius = Math.max(...realEigenvalues(integrator.operators.flow).map((v) => Math.hypot(v.re, v.im)));
      expect(radius).toBeLessThan(1);
    }
  });

  test('step() asleep with a full ATP reserve brings every corner of the box back to the baselines, never moving away', () => {
    const integrator = createDriveIntegrator({ tickMs: 60_000 });
    for (let corner = 0; corner < 8; corner++) {
      let state: DriveState = { dopamine: corner & 1, serotonin: (corner >> 1) & 1, norepinephrine: (corner >> 2) & 1, atpFraction: 1 };
      let distance = distanceToBaseline(state);
      for (let tick = 0; tick < 24 * 60 * 5; tick++) { // five days
        state = integrator.step(state, { awake: false });
        const next = distanceToBaseline(state);
        expect(next).toBeLessThanOrEqual(distance);
        distance = next;
      }
      expect(distance).toBeLessThan(1e-3);
    }
  });

  test('step() is exact for the linear part: ten 100 ms ticks equal one 1 s tick', () => {
    const fine = createDriveIntegrator({ tickMs: 100 });
    const coarse = createDriveIntegrator({ tickMs: 1000 });
    const start: DriveState = { dopamine: 0.9, serotonin: 0.4, norepinephrine: 0.6, atpFraction: 0.05 };
    let state = start;
    for (let i = 0; i < 10; i++) state = fine.step(state, { awake: true });
    const once = coarse.step(start, { awake: true });
    for (const c of chemicals) expect(Math.abs(state[c] - once[c])).toBeLessThan(1e-14);
  });

  test('step() matches an RK4 reference of dx/dt = M·x + u at a fine step', () => {
    const start: DriveState = { dopamine: 0.2, serotonin: 0.8, norepinephrine: 0.5, atpFraction: 0.03 };
    const u = driveForcing(start, true, 0.005);
    const derivative = (x: number[]): number[] => noctemCouplingMatrix.map((row, i) => row.reduce((s, m, j) => s + m * x[j]!, 0) + u[i]!);
    let x = chemicals.map((c) => start[c] - driveBaselines[c]);
    const h = 0.01;
    for (let t = 0; t < 2000; t++) { // 20 s
      const k1 = derivative(x);
      const k2 = derivative(x.map((v, i) => v + (h / 2) * k1[i]!));
      const k3 = derivative(x.map((v, i) => v + (h / 2) * k2[i]!));
      const k4 = derivative(x.map((v, i) => v + h * k3[i]!));
      x = x.map((v, i) => v + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
    }
    const exact = createDriveIntegrator({ tickMs: 20_000 }).step(start, { awake: true });
    chemicals.forEach((c, i) => expect(Math.abs(exact[c] - (driveBaselines[c] + x[i]!))).toBeLessThan(1e-12));
  });

  test('step() relaxes dopamine with the 100 s time constant when it is uncoupled', () => {
    const diagonal = [[-0.01, 0, 0], [0, -0.000_05, 0], [0, 0, -0.05]];
    const integrator = createDriveIntegrator({ tickMs: 100_000, couplingMatrix: diagonal });
    const next = integrator.step({ ...initialDriveState, dopamine: 1 }, { awake: false });
    expect(next.dopamine - 0.5).toBeCloseTo(0.5 * Math.exp(-1), 14);
  });

  test('step() awake drains serotonin toward ≈ 0.29 over a day; asleep it stays at 0.5', () => {
    const integrator = createDriveIntegrator({ tickMs: 600_000 });
    let awake = initialDriveState, asleep = initialDriveState;
    for (let tick = 0; tick < 6 * 24 * 3; tick++) { // three days
      awake = integrator.step(awake, { awake: true });
      asleep = integrator.step(asleep, { awake: false });
    }
    expect(awake.serotonin).toBeCloseTo(0.292, 3);
    expect(asleep).toEqual(initialDriveState);
  });

  test('step() with an empty ATP reserve pulls dopamine below the 0.2 nap trigger within two minutes', () => {
    const integrator = createDriveIntegrator({ tickMs: 1000 });
    let state: DriveState = { ...initialDriveState, atpFraction: 0 };
    for (let s = 0; s < 120; s++) state = integrator.step(state, { awake: true });
    expect(state.dopamine).toBeLessThan(0.2);
    expect(state.atpFraction).toBe(0);
    expect(driveForcing({ ...initialDriveState, atpFraction: 0.15 }, false, 0.005)).toEqual([-0, 0, -0]);
  });

  test('step() applies the tick\'s events first, then the flow', () => {
    const integrator = createDriveIntegrator({ tickMs: 1 });
    const next = integrator.step(initialDriveState, { awake: false, events: [{ kind: 'security-alert' }] });
    expect(next.serotonin).toBeCloseTo(0, 5);
    expect(next.norepinephrine).toBeCloseTo(0.5, 4);
  });

  test('step() keeps every level in [0, 1] under any events and ATP', () => {
    const integrator = createDriveIntegrator({ tickMs: 250 });
    const level = fc.double({ min: 0, max: 1, noNaN: true });
    const event: fc.Arbitrary<DriveEvent> = fc.oneof(
      fc.record({ kind: fc.constant('answer-feedback' as const), helpful: fc.boolean(), value: level, nextValue: level }),
      fc.record({ kind: fc.constant('goal-completed' as const), value: level, nextValue: level }),
      fc.constant({ kind: 'nap-completed' as const }), fc.constant({ kind: 'security-alert' as const }),
      fc.record({ kind: fc.constant('novelty' as const), novelty: level }),
    );
    fc.assert(fc.property(fc.record({ dopamine: level, serotonin: level, norepinephrine: level, atpFraction: level }), fc.array(event, { maxLength: 20 }), fc.boolean(), (state, events, awake) => {
      const next = integrator.step(state, { awake, events });
      for (const key of [...chemicals, 'atpFraction'] as const) expect(next[key] >= 0 && next[key] <= 1).toBe(true);
      expect(next.atpFraction).toBe(state.atpFraction);
    }));
  });

  test('createDriveIntegrator() refuses a bad tick, fatigue rate or coupling matrix', () => {
    expect(errorCode(() => createDriveIntegrator({ tickMs: 0 }))).toBe('AUTONOMY_DRIVES_INVALID');
    expect(errorCode(() => createDriveIntegrator({ tickMs: 2.5 }))).toBe('AUTONOMY_DRIVES_INVALID');
    expect(errorCode(() => createDriveIntegrator({ tickMs: limits.driveTickMsMax + 1 }))).toBe('AUTONOMY_DRIVES_INVALID');
    expect(errorCode(() => createDriveIntegrator({ fatigueRatePerS: Number.NaN }))).toBe('AUTONOMY_DRIVES_INVALID');
    const spec = specCouplingMatrix({ lambdaS: 1, lambdaN: 1, lambdaA: 3, kappaSA: 0, kappaNA: 0, kappaND: 0 });
    expect(errorCode(() => createDriveIntegrator({ couplingMatrix: spec }))).toBe('AUTONOMY_COUPLING_UNSTABLE');
    expect(errorCode(() => createDriveIntegrator({ couplingMatrix: spec.slice(0, 3).map((row) => row.slice(0, 3)) }))).toBe('AUTONOMY_COUPLING_UNSTABLE');
    expect(errorCode(() => createDriveIntegrator())).toBeUndefined();
  });
});
