/**
 * Goal: the physics gate (Oracle + Dojo) is sound, as the spec's Gate 1 demands: it accepts the
 * built-in and rejects 100% of the bundled faulty candidates, each with a reason. Method:
 * runPhysicsGate() on a 64-node ring (`noctem oracle`'s test covers the default k-NN graph).
 */
import { describe, expect, test } from 'vitest';
import { judgePropagator, physicsGateGraph, runPhysicsGate } from './physics-gate.ts';
import { dojoAttacks } from './dojo-attacks.ts';
import { faultyPropagators } from './faulty-propagators.ts';
import { ringWaveGraph } from './test-graphs.ts';
import type { Propagator } from './propagator.ts';

describe('runPhysicsGate', () => {
  test('runPhysicsGate() accepts the built-in and rejects every faulty candidate', () => {
    const judged: string[] = [];
    const report = runPhysicsGate({ graph: ringWaveGraph(64), onJudging: (name) => judged.push(name) });
    expect(report.builtin.failures).toEqual([]);
    expect(report.builtin.passed).toBe(true);
    expect(report.candidates.map((c) => c.name)).toEqual(faultyPropagators.map((c) => c.name));
    expect(report.candidates.filter((c) => c.passed || c.failures.length === 0)).toEqual([]);
    expect(report.sound).toBe(true);
    expect(report.attacks).toBe(dojoAttacks.length);
    expect(judged).toEqual(['velocity-verlet', ...faultyPropagators.map((c) => c.name)]);
  });
});

describe('judgePropagator', () => {
  test('judgePropagator() lists the Dojo attacks a candidate failed after the Oracle\'s failures', () => {
    const throwing: Propagator = { name: 'throws', advance: () => { throw new Error('boom'); } };
    const verdict = judgePropagator(throwing, { graph: ringWaveGraph(32), oracle: { steps: 10, longRunSteps: 10 } });
    expect(verdict.passed).toBe(false);
    expect(verdict.failures).toContain('energy: threw boom');
    expect(verdict.failures).toContain('dojo delta-spike: threw boom');
    expect(verdict.failures.indexOf('energy: threw boom')).toBeLessThan(verdict.failures.indexOf('dojo delta-spike: threw boom'));
  });
});

describe('physicsGateGraph', () => {
  test('physicsGateGraph() is the same seeded 64-node graph every time', () => {
    const a = physicsGateGraph(), b = physicsGateGraph();
    expect(a.nodeCount).toBe(64);
    expect(Array.from(a.neighbour)).toEqual(Array.from(b.neighbour));
  });
});
