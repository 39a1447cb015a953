import { describe, expect, test } from 'vitest';
import { runOracle } from './oracle.ts';
import { faultyPropagators } from './faulty-propagators.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import { randomKnnWaveGraph, ringWaveGraph } from './test-graphs.ts';

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
});
