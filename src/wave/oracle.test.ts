/**
 * Goal: the Physics Oracle accepts the built-in velocity-Verlet propagator on every check, meets
 * the figures (relative energy error < 1e-4 over 1e5 steps, reversibility within 1e-6),
 * and rejects every bundled faulty candidate. Method: runOracle() on a ring and on a seeded k-NN
 * graph; the 1e5-step figure runs on a 32-node ring so it takes well under a second.
 */
import { describe, expect, test } from 'vitest';
import { runOracle } from './oracle.ts';
import { faultyPropagators } from './faulty-propagators.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import { randomKnnWaveGraph, ringWaveGraph } from './test-graphs.ts';
import type { Propagator } from './propagator.ts';

const graphs = {
  ring: ringWaveGraph(64),
  knn: randomKnnWaveGraph(200, { k: 8, seed: 7 }),
};

describe('runOracle', () => {
  for (const [name, graph] of Object.entries(graphs)) {
    test(`runOracle() accepts the built-in velocity-Verlet propagator on the ${name} graph`, () => {
      const verdict = runOracle(velocityVerletPropagator, graph, { steps: 1000 });
      expect(verdict.failures).toEqual([]);
      expect(verdict.metrics.energyDrift).toBeLessThan(1e-4);
      expect(verdict.metrics.reversibilityError).toBeLessThan(1e-6);
    });

    test(`runOracle() rejects every faulty candidate on the ${name} graph`, () => {
      expect(faultyPropagators.length).toBeGreaterThanOrEqual(6);
      const accepted = faultyPropagators
        .filter((candidate) => runOracle(candidate, graph, { steps: 1000 }).passed)
        .map((candidate) => candidate.name);
      expect(accepted).toEqual([]);
    });
  }

  test('runOracle() reports every new metric of the built-in inside its tolerance', () => {
    const { metrics } = runOracle(velocityVerletPropagator, graphs.ring);
    expect(metrics.dispersionError).toBeLessThan(0.01);
    expect(metrics.wrapTransmission).toBeGreaterThan(0.98);
    expect(metrics.wrapTransmissionError).toBeLessThan(1e-9);
    expect(metrics.wrapFluxError).toBeLessThan(1e-9);
    expect(metrics.longRunEnergyError).toBeLessThan(1e-4);
    expect(metrics.longRunEnergyGrowth).toBeLessThanOrEqual(1e-4);
    expect(metrics.steadyStateVariation).toBeLessThan(1e-3);
    expect(metrics.steadyStateError).toBeLessThan(0.01);
    expect(metrics.steadyStateBoundRatio).toBeLessThan(1);
  });

  test('runOracle() keeps the built-in\'s relative energy error below 1e-4 over 1e5 steps (α = β = 0)', () => {
    const verdict = runOracle(velocityVerletPropagator, ringWaveGraph(32), { longRunSteps: 100_000 });
    expect(verdict.metrics.longRunEnergyError).toBeLessThan(1e-4);
    expect(verdict.passed).toBe(true);
  });

  test('runOracle() finds the built-in time-reversible within 1e-6 over 5000 steps each way', () => {
    const verdict = runOracle(velocityVerletPropagator, graphs.knn, { steps: 5000, longRunSteps: 1 });
    expect(verdict.metrics.reversibilityError).toBeLessThan(1e-6);
  });

  test('runOracle() turns a candidate\'s throw into a failure of each check', () => {
    const throwing: Propagator = { name: 'throws', advance: () => { throw new Error('boom'); } };
    const verdict = runOracle(throwing, graphs.ring, { steps: 10, longRunSteps: 10 });
    expect(verdict.passed).toBe(false);
    expect(verdict.failures).toContain('wrap transmission: threw boom');
    expect(verdict.failures).toContain('steady state: threw boom');
    expect(verdict.metrics.dispersionError).toBeNaN();
  });
});
