/**
 * Goal: the long-run and steady-state checks hold for the built-in and can fail. Long run: the
 * built-in stays finite, within |ψ| ≤ 4 and without energy growth from random states; a
 * component-wise clamp (component-clamp) fails that check and no other, and a fault that only
 * appears late in a trajectory is caught. Steady state: the damped, driven ring settles to the
 * closed-form energy under the analytic bound; a drive at the wrong frequency
 * (frozen-emitter-phase) fails only this check, and a drive ten times too strong breaks the
 * bound. Method: the check functions and runOracle() on a ring and a seeded k-NN graph.
 */
import { describe, expect, test } from 'vitest';
import { drivenSteadyState, longRunEnergy } from './oracle-stability-checks.ts';
import { runOracle } from './oracle.ts';
import { faultyPropagators } from './faulty-propagators.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import { randomKnnWaveGraph, ringWaveGraph } from './test-graphs.ts';
import type { Propagator } from './propagator.ts';

const knn = randomKnnWaveGraph(64, { k: 8, seed: 7 });
const atClamp = { steps: 10_000, seed: 5, timeStepFraction: 0.005, beta: 1, amplitude: 4, velocitySigma: 1 };
const candidate = (name: string): Propagator => faultyPropagators.find((c) => c.name === name)!;

describe('longRunEnergy', () => {
  test('longRunEnergy() of the built-in stays within 1e-4 when α = β = 0', () => {
    const measure = longRunEnergy(velocityVerletPropagator, knn, { ...atClamp, beta: 0, amplitude: 1, velocitySigma: 0.1 });
    expect(measure.errorMax).toBeLessThan(1e-4);
  });

  test('longRunEnergy() of the built-in never gains energy while the clamp removes some', () => {
    const measure = longRunEnergy(velocityVerletPropagator, knn, atClamp);
    expect(measure.growthMax).toBeLessThanOrEqual(1e-4);
    expect(measure.errorMax).toBeGreaterThan(1e-3); // the clamp acted
  });

  test('longRunEnergy() reports NaN for a clamp that lets |ψ| exceed 4', () => {
    expect(longRunEnergy(candidate('component-clamp'), knn, atClamp).growthMax).toBeNaN();
  });

  test('longRunEnergy() reports NaN for a fault that appears only late in a trajectory', () => {
    // Models a counter that overflows after 8000 steps of one trajectory.
    const lateFault: Propagator = {
      name: 'late-fault',
      advance(state, params, options = {}) {
        const end = velocityVerletPropagator.advance(state, params, options);
        if (end.time > 8000 * params.dt) end.psiRe[0] = Number.NaN;
        return end;
      },
    };
    expect(longRunEnergy(lateFault, knn, { ...atClamp, steps: 5000 }).errorMax).not.toBeNaN();
    expect(longRunEnergy(lateFault, knn, atClamp).errorMax).toBeNaN();
  });

  test('runOracle() rejects component-clamp for its long run alone', () => {
    const verdict = runOracle(candidate('component-clamp'), knn);
    expect(verdict.failures).toHaveLength(1);
    expect(verdict.failures[0]).toMatch(/^long-run energy grew NaN/);
  });
});

describe('drivenSteadyState', () => {
  test('drivenSteadyState() of the built-in is steady, under the bound and at its closed form', () => {
    const measure = drivenSteadyState(velocityVerletPropagator, 0.005);
    expect(measure.variation).toBeLessThan(1e-4);
    expect(measure.error).toBeLessThan(1e-3);
    expect(measure.boundRatio).toBeLessThan(1);
  });

  test('drivenSteadyState() converges to the closed form as dt shrinks', () => {
    const coarse = drivenSteadyState(velocityVerletPropagator, 0.02).error;
    const fine = drivenSteadyState(velocityVerletPropagator, 0.005).error;
    expect(fine).toBeLessThan(coarse / 2);
  });

  test('drivenSteadyState() finds a drive ten times too strong above the analytic bound', () => {
    const loud: Propagator = {
      name: 'loud-emitters',
      advance: (state, params, options) => velocityVerletPropagator.advance(state, {
        ...params, emitters: params.emitters?.map((e) => ({ ...e, re: 10 * e.re, im: 10 * e.im })) ?? [],
      }, options),
    };
    expect(drivenSteadyState(loud, 0.005).boundRatio).toBeGreaterThan(1);
  });

  test('runOracle() rejects frozen-emitter-phase for its steady state alone', () => {
    const verdict = runOracle(candidate('frozen-emitter-phase'), ringWaveGraph(64));
    expect(verdict.failures).toHaveLength(1);
    expect(verdict.failures[0]).toMatch(/^steady-state energy off its closed form/);
  });
});
