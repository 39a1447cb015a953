/**
 * Goal: wave recall (D4) ranks nodes by the energy a seed's wave gives them: nearer in hops
 * is higher, nothing in gives nothing out, the result is a pure function of its input, the
 * neighbourhood bounds are kept, and the propagator and time step are the ones documented.
 * Method: a 40-node ring (hop distance is index distance) and a seeded random k-NN graph.
 */
import { describe, expect, test } from 'vitest';
import { waveEnergy } from './energy.ts';
import type { Propagator } from './propagator.ts';
import { randomWaveState } from './random-state.ts';
import { randomKnnWaveGraph, ringWaveGraph } from './test-graphs.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import { stableTimeStep, type WaveParams } from './wave-params.ts';
import { nodeEnergies, waveRecall, waveRecallParamsDefault } from './wave-recall.ts';
import { createWaveState } from './wave-state.ts';

const ring = ringWaveGraph(40);
/** The firewall off: these tests follow the raw injection through the propagator. */
const raw = { firewall: { modes: 0, attenuationDb: 0 } } as const;

/** Hop distance between ring nodes. */
const hops = (a: number, b: number): number => Math.min(Math.abs(a - b), 40 - Math.abs(a - b));

describe('waveRecall', () => {
  test('waveRecall() gives nodes nearer the seed in hops more energy', () => {
    const hits = waveRecall(ring, [{ node: 10, weight: 1 }], { ...raw, hopsMax: 16 });
    const energyAt = new Map(hits.map((h) => [h.node, h.score]));
    for (let d = 0; d < 6; d++) expect(energyAt.get(10 + d)!).toBeGreaterThan(energyAt.get(10 + d + 1)!);
    expect(hits.slice(0, 7).map((h) => hops(h.node, 10))).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  test('waveRecall() reaches the neighbours before the nodes beyond them', () => {
    const hits = waveRecall(ring, [{ node: 0, weight: 1 }], { ...raw, steps: 1, hopsMax: 16 });
    expect(hits.map((h) => h.node).sort((a, b) => a - b)).toEqual([0, 1, 39]);
  });

  test('waveRecall() returns nothing without a seed of positive weight', () => {
    expect(waveRecall(ring, [])).toEqual([]);
    expect(waveRecall(ring, [{ node: 3, weight: 0 }])).toEqual([]);
  });

  test('waveRecall() is deterministic and ignores the order of its seeds', () => {
    const graph = randomKnnWaveGraph(300, { k: 8, seed: 4 });
    const seeds = [{ node: 5, weight: 1 }, { node: 77, weight: 0.5 }, { node: 210, weight: 0.25 }];
    const first = waveRecall(graph, seeds, { injection: 'displacement' });
    expect(first.length).toBeGreaterThan(3);
    expect(waveRecall(graph, seeds, { injection: 'displacement' })).toEqual(first);
    expect(waveRecall(graph, [...seeds].reverse(), { injection: 'displacement' })).toEqual(first);
  });

  test('waveRecall() stays inside hopsMax hops and nodesMax nodes of the seeds', () => {
    const near = waveRecall(ring, [{ node: 20, weight: 1 }], { hopsMax: 3, steps: 30 });
    expect(Math.max(...near.map((h) => hops(h.node, 20)))).toBe(3);
    const graph = randomKnnWaveGraph(300, { k: 8, seed: 4 });
    expect(waveRecall(graph, [{ node: 1, weight: 1 }], { nodesMax: 25 }).length).toBeLessThanOrEqual(25);
    expect(waveRecall(graph, [{ node: 1, weight: 1 }], { limit: 4 })).toHaveLength(4);
    const manySeeds = Array.from({ length: 12 }, (_, i) => ({ node: i * 20, weight: 12 - i }));
    expect(waveRecall(graph, manySeeds, { nodesMax: 5, hopsMax: 0 }).map((h) => h.node).sort((a, b) => a - b)).toEqual([0, 20, 40, 60, 80]);
  });

  test('waveRecall() propagates with the given propagator at dtFraction of the stable step', () => {
    const calls: { params: WaveParams; steps: number | undefined }[] = [];
    const spy: Propagator = {
      name: 'spy',
      advance: (state, params, options) => {
        calls.push({ params, steps: options?.steps });
        return velocityVerletPropagator.advance(state, params, options);
      },
    };
    waveRecall(ring, [{ node: 0, weight: 2 }], { ...raw, propagator: spy, steps: 7, dtFraction: 0.25, hopsMax: 16 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.steps).toBe(7);
    expect(calls[0]?.params.dt).toBeCloseTo(0.25 * stableTimeStep(createWaveState(ring), waveRecallParamsDefault), 12);
    expect(calls[0]?.params.emitters).toEqual([{ node: 0, re: 1, im: 0 }]);
  });

  test('waveRecall() sends the injection through the firewall: 20 dB off the smoothest modes, clamped', () => {
    const seen: WaveParams[] = [];
    const spy: Propagator = { name: 'spy', advance: (state, params, options) => { seen.push(params); return velocityVerletPropagator.advance(state, params, options); } };
    waveRecall(ring, [{ node: 5, weight: 1 }], { propagator: spy, hopsMax: 16, amplitude: 4 });
    const emitters = seen[0]!.emitters!;
    expect(emitters.length).toBeGreaterThan(1); // the attenuation spreads a correction over the region
    const sum = emitters.reduce((total, e) => total + e.re, 0); // the constant mode's projection × √n
    expect(Math.abs(sum)).toBeCloseTo(0.4, 6); // 4 → 0.4: the constant mode (λ = 0) lost 20 dB
    for (const e of emitters) expect(Math.hypot(e.re, e.im)).toBeLessThanOrEqual(4);
  });

  test('waveRecall() uses the given resonance of each node', () => {
    const resonances: Float64Array[] = [];
    const spy: Propagator = { name: 'spy', advance: (state, params, options) => { resonances.push(state.resonance.slice()); return velocityVerletPropagator.advance(state, params, options); } };
    const resonance = Float64Array.from({ length: 40 }, (_, i) => i / 40);
    waveRecall(ring, [{ node: 0, weight: 1 }], { ...raw, propagator: spy, hopsMax: 1, resonance });
    expect([...resonances[0]!].sort()).toEqual([0, 1 / 40, 39 / 40].sort());
    expect(() => waveRecall(ring, [{ node: 0, weight: 1 }], { resonance: new Float64Array(3) })).toThrow(/one resonance per node/);
  });

  test('waveRecall() displacement moves the seeds, drive leaves ψ at rest at first', () => {
    const calls: { psi: number }[] = [];
    const spy: Propagator = {
      name: 'spy',
      advance: (state, params, options) => {
        calls.push({ psi: state.psiRe[0]! });
        return velocityVerletPropagator.advance(state, params, options);
      },
    };
    waveRecall(ring, [{ node: 0, weight: 1 }], { ...raw, propagator: spy, injection: 'displacement', amplitude: 2 });
    waveRecall(ring, [{ node: 0, weight: 1 }], { ...raw, propagator: spy, injection: 'drive' });
    expect(calls.map((c) => c.psi)).toEqual([2, 0]);
  });
});

describe('nodeEnergies', () => {
  test('nodeEnergies() sums to the Hamiltonian', () => {
    const graph = randomKnnWaveGraph(200, { k: 6, seed: 9 });
    const state = randomWaveState(graph, { seed: 3 });
    const params = { c: 1.3, beta: 0.7, norepinephrine: 0.2 };
    const sum = nodeEnergies(state, params).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(waveEnergy(state, params).total, 9);
  });
});
