import { describe, expect, test } from 'vitest';
import { runDojo } from './dojo.ts';
import { dojoAttacks, hubGraph } from './dojo-attacks.ts';
import { runOracle } from './oracle.ts';
import { faultyPropagators } from './faulty-propagators.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import { randomKnnWaveGraph, ringWaveGraph } from './test-graphs.ts';
import type { Propagator } from './propagator.ts';

const ring = ringWaveGraph(64);
const knn = randomKnnWaveGraph(100, { k: 8, seed: 7 });

describe('runDojo', () => {
  test('runDojo() runs at least 10 attacks and the built-in survives every one', () => {
    for (const graph of [ring, knn]) {
      const verdict = runDojo(velocityVerletPropagator, graph);
      expect(verdict.attacks.length).toBeGreaterThanOrEqual(10);
      expect(verdict.attacks.filter((result) => !result.passed)).toEqual([]);
      expect(verdict.passed).toBe(true);
    }
  });

  test('runDojo() has the gate reject exactly the invalid-input attacks', () => {
    const verdict = runDojo(velocityVerletPropagator, ring);
    const rejected = verdict.attacks.filter((result) => result.rejected !== undefined).map((result) => result.name);
    expect(rejected).toEqual(dojoAttacks.filter((attack) => attack.invalidInput).map((attack) => attack.name));
  });

  test('runDojo() fails a candidate that throws', () => {
    const throwing: Propagator = { name: 'throws', advance: () => { throw new Error('boom'); } };
    const verdict = runDojo(throwing, ring);
    expect(verdict.passed).toBe(false);
    expect(verdict.attacks[0]?.failure).toContain('boom');
  });

  test('runDojo() fails a candidate that drops the clamp on a delta spike', () => {
    const unclamped = faultyPropagators.find((candidate) => candidate.name === 'no-amplitude-clamp')!;
    const spike = runDojo(unclamped, ring).attacks.find((result) => result.name === 'delta-spike');
    expect(spike?.passed).toBe(false);
  });

  test('runOracle() and runDojo() together reject every faulty candidate and accept the built-in', () => {
    const accepts = (candidate: Propagator): boolean =>
      runOracle(candidate, ring, { steps: 1000 }).passed && runDojo(candidate, ring).passed;
    expect(accepts(velocityVerletPropagator)).toBe(true);
    expect(faultyPropagators.filter(accepts).map((candidate) => candidate.name)).toEqual([]);
  });
});

describe('hubGraph', () => {
  test('hubGraph() joins the hub to every leaf', () => {
    const graph = hubGraph(3000);
    expect(graph.rowStart[1]! - graph.rowStart[0]!).toBe(3000);
    expect(graph.nodeCount).toBe(3001);
  });
});
