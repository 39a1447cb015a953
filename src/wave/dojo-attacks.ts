/**
 * The Adversarial Dojo's attacks (spec §5.4 "Adversarial Code Dojo", issue 4): each builds a
 * hostile (state, params, steps) scenario on the caller's graph (the hub attack builds its own).
 * Valid-input attacks must be survived by the propagator; invalid-input attacks are meant for the
 * input gate (wave-input-gate.ts), which rejects them up front:
 *   survived by the propagator: delta-spike, white-noise, eigenmode-drive, near-singular-index,
 *     runaway-nonlinearity, denormals, exact-zero-field, hub-node;
 *   rejected by the gate: nan-injection, inf-injection, singular-index (s² underflows to 0),
 *     huge-dt (1000× the stable step), negative-damping (α < 0), resonance-above-one (r = 2,
 *     so α(1−r) < 0).
 * Time steps are a fraction of the stable step (wave-params.ts): near the edge, as an attacker
 * would choose, but inside the bound the gate enforces.
 */
import { assert, limits } from '../core/index.ts';
import { topLaplacianMode } from './laplacian-modes.ts';
import { randomWaveState } from './random-state.ts';
import { waveGraph, type WaveGraph } from './wave-graph.ts';
import { stableTimeStep, type WaveParams } from './wave-params.ts';
import { cloneWaveState, createWaveState, type WaveState } from './wave-state.ts';

/** What one attack hands the propagator. */
export interface DojoScenario {
  readonly state: WaveState;
  readonly params: WaveParams;
  readonly steps: number;
}

/** Settings every attack reads. */
export interface DojoAttackConfig {
  /** Steps per attack. */
  readonly steps: number;
  /** Seed of random states. */
  readonly seed: number;
  /** dt as a fraction of the stable step. */
  readonly timeStepFraction: number;
  /** Leaves of the hub attack's star (≤ limits.dojoHubLeavesMax). */
  readonly hubLeaves: number;
}

/** One attack. */
export interface DojoAttack {
  readonly name: string;
  /** What it does and what it tests. */
  readonly description: string;
  /** True when the input gate is expected to reject it (documentation; the Dojo checks either way). */
  readonly invalidInput: boolean;
  setup(graph: WaveGraph, config: DojoAttackConfig): DojoScenario;
}

type Physics = Omit<WaveParams, 'dt'>;

/** The bundled attacks, in a stable order: 8 the propagator must survive, 6 the gate rejects. */
export const dojoAttacks: readonly DojoAttack[] = [
  attack('delta-spike', 'ψ = 1e6 at one node, zero elsewhere, β = 0: the clamp must catch it', false, (graph, config) => {
    const state = createWaveState(graph);
    state.psiRe[0] = 1e6;
    return scenario(state, { c: 1, alpha: 0, beta: 0 }, config);
  }),
  attack('white-noise', 'uniform random |ψ| ≤ 4, random phases, r and s; α = 0.5, β = 1', false, (graph, config) =>
    scenario(randomWaveState(graph, { seed: config.seed, amplitude: 4, velocitySigma: 1 }), { c: 1, alpha: 0.5, beta: 1 }, config)),
  attack('eigenmode-drive', 'emitters along the top Laplacian mode at its natural frequency (α = 0.1)', false, (graph, config) => {
    const mode = topLaplacianMode(graph, { seed: config.seed, iterations: 500 });
    const omega = Math.sqrt(mode.value); // c = s = 1
    const emitters = Array.from(mode.vector, (u, node) => ({ node, re: 4 * u, im: 0, angularFrequency: omega }));
    return scenario(createWaveState(graph, { refractiveIndex: 1 }), { c: 1, alpha: 0.1, beta: 0, emitters }, config);
  }),
  attack('near-singular-index', 's = 1e-6 at one node (wave speed 1e6×): stiff but valid', false, (graph, config) => {
    const state = randomWaveState(graph, { seed: config.seed, amplitude: 2 });
    state.refractiveIndex[0] = 1e-6;
    return scenario(state, { c: 1, alpha: 0, beta: 1 }, config);
  }),
  attack('runaway-nonlinearity', 'β = 1e8 with |ψ| up to 4', false, (graph, config) =>
    scenario(randomWaveState(graph, { seed: config.seed, amplitude: 4 }), { c: 1, alpha: 0, beta: 1e8 }, config)),
  attack('denormals', 'ψ and v subnormal (≈1e-310) everywhere, β = 1', false, (graph, config) => {
    const state = createWaveState(graph);
    for (let i = 0; i < graph.nodeCount; i++) {
      state.psiRe[i] = (i % 2 === 0 ? 1 : -1) * 1e-310; state.psiIm[i] = 3e-310; state.vRe[i] = 5e-312;
    }
    return scenario(state, { c: 1, alpha: 0.5, beta: 1 }, config);
  }),
  attack('exact-zero-field', 'ψ = 0 exactly with random v (0/0 traps in |ψ|-normalised terms)', false, (graph, config) => {
    const state = randomWaveState(graph, { seed: config.seed, amplitude: 0, velocitySigma: 0.5 });
    return scenario(state, { c: 1, alpha: 0, beta: 1 }, { ...config, steps: 1 });
  }),
  attack('hub-node', 'a hub joined to thousands of leaves on a ring, spiked at the hub', false, (_graph, config) => {
    const state = randomWaveState(hubGraph(config.hubLeaves), { seed: config.seed, amplitude: 1 });
    state.psiRe[0] = 4;
    return scenario(state, { c: 1, alpha: 0, beta: 1 }, config);
  }),
  attack('nan-injection', 'ψ = NaN at one node', true, (graph, config) => {
    const state = randomWaveState(graph, { seed: config.seed });
    state.psiRe[graph.nodeCount - 1] = Number.NaN;
    return scenario(state, { c: 1, alpha: 0, beta: 1 }, config);
  }),
  attack('inf-injection', 'v = +Inf at one node', true, (graph, config) => {
    const state = randomWaveState(graph, { seed: config.seed });
    state.vIm[0] = Number.POSITIVE_INFINITY;
    return scenario(state, { c: 1, alpha: 0, beta: 1 }, config);
  }),
  attack('singular-index', 's = 1e-200 at one node: s² underflows to 0, c²/s² = Inf', true, (graph, config) => {
    const state = randomWaveState(graph, { seed: config.seed });
    state.refractiveIndex[0] = 1e-200;
    return { state, params: { c: 1, alpha: 0, beta: 1, dt: 1e-3 }, steps: config.steps };
  }),
  attack('huge-dt', 'dt = 1000× the stable step', true, (graph, config) => {
    const base = scenario(randomWaveState(graph, { seed: config.seed }), { c: 1, alpha: 0.5, beta: 1 }, config);
    return { ...base, params: { ...base.params, dt: (base.params.dt / config.timeStepFraction) * 1000 } };
  }),
  attack('negative-damping', 'α = −1: damping that pumps energy in', true, (graph, config) =>
    scenario(randomWaveState(graph, { seed: config.seed }), { c: 1, alpha: -1, beta: 1 }, config)),
  attack('resonance-above-one', 'r = 2 everywhere, so α(1−r) = −α', true, (graph, config) => {
    const state = randomWaveState(graph, { seed: config.seed });
    return scenario(cloneWaveState(state, { resonance: state.resonance.map(() => 2) }), { c: 1, alpha: 1, beta: 1 }, config);
  }),
];

/**
 * A ring of `leaves` nodes plus a hub (node 0) joined to every one: hub degree = leaves.
 * @param leaves - 3..limits.dojoHubLeavesMax
 */
export function hubGraph(leaves: number): WaveGraph {
  assert(Number.isInteger(leaves) && leaves >= 3 && leaves <= limits.dojoHubLeavesMax, 'hub leaves within limits');
  const edges = [];
  for (let i = 1; i <= leaves; i++) {
    edges.push({ a: 0, b: i, distance: 1 }, { a: i, b: (i % leaves) + 1, distance: 1 });
  }
  return waveGraph(leaves + 1, edges, { sigma: 1e6 });
}

function attack(name: string, description: string, invalidInput: boolean, setup: DojoAttack['setup']): DojoAttack {
  return { name, description, invalidInput, setup };
}

/** The scenario with dt = fraction × the stable step of `state` under `physics`. */
function scenario(state: WaveState, physics: Physics, config: DojoAttackConfig): DojoScenario {
  const dt = config.timeStepFraction * stableTimeStep(state, physics);
  return { state, params: { ...physics, dt }, steps: config.steps };
}

