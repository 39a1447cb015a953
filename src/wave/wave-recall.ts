/**
 * Associative recall on the wave substrate (D4): the query is injected at seed nodes (its
 * nearest nodes, or its first-stage hits), the field is propagated a few damped steps, and
 * each node's energy is read as a recall score. Pure.
 *
 * Propagation runs on the seeds' neighbourhood (a multi-source breadth-first ball of at most
 * `hopsMax` hops and `nodesMax` nodes), not on the whole memory, so a query costs
 * O(nodesMax · degree · steps) whatever the memory's size. The ball's rim is a free boundary
 * (edges leaving it are dropped); with damping and few steps little energy reaches it.
 *
 * Per-node energy splits the Hamiltonian of energy.ts exactly:
 *   Eᵢ = ½mᵢ|vᵢ|² + ¼Σⱼ wᵢⱼ|ψᵢ − ψⱼ|² + β·mᵢ·|ψᵢ|⁴/4,   Σᵢ Eᵢ = H,
 * each edge's coupling energy shared half and half by its two ends.
 */
import { assert, limits } from '../core/index.ts';
import type { Propagator } from './propagator.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import type { WaveGraph } from './wave-graph.ts';
import { injectionAttenuation, lowDampingModes, type SpatialInjection } from './injection-attenuation.ts';
import { nonaryAmplitudeMax, stableTimeStep, type WaveEmitter, type WaveParams } from './wave-params.ts';
import { createWaveState, type WaveState } from './wave-state.ts';

/** How seeds enter the field: a constant drive (emitters) or an initial displacement of ψ. */
export const waveInjections = ['drive', 'displacement'] as const;

/** One of {@link waveInjections}. */
export type WaveInjection = (typeof waveInjections)[number];

/** What is read as a node's score: its energy Eᵢ, or its squared amplitude |ψᵢ|². */
export const waveReadouts = ['energy', 'amplitude'] as const;

/** One of {@link waveReadouts}. */
export type WaveReadout = (typeof waveReadouts)[number];

/** A seed node and its strength (> 0; seeds with weight 0 are ignored). */
export interface WaveSeed {
  /** Node index in the graph. */
  readonly node: number;
  readonly weight: number;
}

/** The equation's parameters for recall: dt comes from the stable step, emitters from the seeds. */
export type WaveRecallParams = Omit<WaveParams, 'dt' | 'emitters'>;

/** The default recall physics: unit speed, damped (α = 1), linear. */
export const waveRecallParamsDefault: WaveRecallParams = Object.freeze({ c: 1, alpha: 1, beta: 0 });

/** Options for {@link waveRecall}. */
export interface WaveRecallOptions {
  /** c, α > 0, β, norepinephrine. @default waveRecallParamsDefault */
  readonly params?: WaveRecallParams;
  /** Propagation steps, 1..limits.waveStepsMax. @default 20 */
  readonly steps?: number;
  /** dt as a fraction of min({@link stableTimeStep} on the neighbourhood, 2/α), in (0, 1]. @default 0.5 */
  readonly dtFraction?: number;
  /** How the seeds enter. @default 'drive' */
  readonly injection?: WaveInjection;
  /** The score read from each node. @default 'energy' */
  readonly readout?: WaveReadout;
  /** Amplitude of the strongest seed (others scale by weight), ≤ the nonary limit 4. @default 1 */
  readonly amplitude?: number;
  /** The propagator (swappable; it should have passed the Physics Oracle). @default velocityVerletPropagator */
  readonly propagator?: Propagator;
  /** Nodes to return, ≥ 1. @default 100 */
  readonly limit?: number;
  /** Hops of the neighbourhood around the seeds, 0..limits.waveRecallHopsMax. @default 2 */
  readonly hopsMax?: number;
  /**
   * Nodes of the neighbourhood, 1..limits.waveRecallNodesMax. The query's cost grows with it:
   * the reference propagator ran about 50M edge updates/s on the 2-core test machine (loaded),
   * so 1024 nodes of degree ~20 took ~8 ms for 20 steps.
   * @default 1024
   */
  readonly nodesMax?: number;
  /**
   * The injection firewall (D13, injection-attenuation.ts): the seeds' injection loses
   * `attenuationDb` along the neighbourhood's `modes` lowest-damping Laplacian modes (Lanczos)
   * and is clamped to |value| ≤ 4 before it enters the field; modes 0 turns it off.
   * @default { modes: 4, attenuationDb: 20 }
   */
  readonly firewall?: { readonly modes: number; readonly attenuationDb: number };
  /**
   * Resonance rᵢ ∈ [0, 1] of every node of `graph` (the identity field raises it where the
   * self-concept lies, identity-field.ts); damping is α(1−r). @default 0 everywhere
   */
  readonly resonance?: Float64Array;
}

/** One recalled node. */
export interface WaveRecallHit {
  /** Node index in the graph given to {@link waveRecall}. */
  readonly node: number;
  /** Its score after propagation (> 0): Eᵢ or |ψᵢ|², as the readout says. */
  readonly score: number;
}

/**
 * Injects the seeds, propagates, and ranks nodes by their readout (energy or |ψ|²).
 * @param graph - the memory's wave graph
 * @param seeds - at most limits.waveRecallSeedsMax; a node named twice adds its weights
 * @param options - physics, steps, injection, propagator, sizes
 * @returns up to `limit` nodes with a score > 0, highest first, ties by node index; [] with no seed
 */
export function waveRecall(graph: WaveGraph, seeds: readonly WaveSeed[], options: WaveRecallOptions = {}): WaveRecallHit[] {
  const o = resolveOptions(options);
  assert(seeds.length <= limits.waveRecallSeedsMax, 'seed count within limits');
  const strength = new Map<number, number>();
  for (const { node, weight } of seeds) {
    assert(Number.isInteger(node) && node >= 0 && node < graph.nodeCount, 'seeds are node indices');
    assert(weight >= 0 && Number.isFinite(weight), 'seed weights are finite and ≥ 0');
    if (weight > 0) strength.set(node, (strength.get(node) ?? 0) + weight);
  }
  if (strength.size === 0) return [];
  const ordered = [...strength.entries()].sort(([a, wa], [b, wb]) => wb - wa || a - b);
  const region = neighbourhood(graph, ordered.map(([node]) => node), o.hopsMax, o.nodesMax);
  const sub = inducedSubgraph(graph, region);
  const local = new Map(region.map((node, i) => [node, i]));
  const state = createWaveState(sub);
  // The explicit damping kick scales v by (1 − α·dt/2), which overshoots past α·dt = 2.
  const dt = o.dtFraction * Math.min(stableTimeStep(state, o.params), 2 / o.params.alpha);
  assert(options.resonance === undefined || options.resonance.length === graph.nodeCount, 'one resonance per node');
  if (options.resonance !== undefined) region.forEach((node, i) => { state.resonance[i] = options.resonance![node]!; });
  const strongest = ordered[0]![1];
  const injection = { re: new Float64Array(sub.nodeCount), im: new Float64Array(sub.nodeCount) };
  // Seeds past nodesMax were cut from the region (the weakest ones: `ordered` is strongest first).
  for (const [node, weight] of ordered.slice(0, region.length)) injection.re[local.get(node)!] = (o.amplitude * weight) / strongest;
  const filtered = firewalled(injection, state, o);
  let params: WaveParams = { ...o.params, dt };
  if (o.injection === 'drive') params = { ...params, emitters: emittersOf(filtered) };
  else state.psiRe.set(filtered.re);
  const end = o.propagator.advance(state, params, { steps: o.steps });
  const scores = o.readout === 'energy' ? nodeEnergies(end, params) : squaredAmplitudes(end);
  const ranked = [...scores.keys()].filter((i) => scores[i]! > 0 && Number.isFinite(scores[i]!));
  ranked.sort((a, b) => scores[b]! - scores[a]! || region[a]! - region[b]!);
  return ranked.slice(0, o.limit).map((i) => ({ node: region[i]!, score: scores[i]! }));
}

/**
 * Each node's share of the Hamiltonian (see the module comment); the shares sum to
 * `waveEnergy(state, params).total` up to rounding.
 * @param state - the state
 * @param params - c, β, norepinephrine
 * @returns one energy ≥ 0 per node
 */
export function nodeEnergies(state: WaveState, params: Pick<WaveParams, 'c' | 'beta' | 'norepinephrine'>): Float64Array {
  const { rowStart, neighbour, weight, nodeCount } = state.graph;
  const { psiRe, psiIm, vRe, vIm, refractiveIndex } = state;
  const boost = 1 + (params.norepinephrine ?? 0);
  const massScale = 1 / (params.c * params.c * boost * boost);
  const out = new Float64Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    const mass = refractiveIndex[i]! ** 2 * massScale;
    const pr = psiRe[i]!, pi = psiIm[i]!;
    const squared = pr * pr + pi * pi;
    let coupling = 0;
    for (let e = rowStart[i]!, end = rowStart[i + 1]!; e < end; e++) {
      const j = neighbour[e]!;
      const dr = pr - psiRe[j]!, di = pi - psiIm[j]!;
      coupling += weight[e]! * (dr * dr + di * di);
    }
    out[i] = 0.5 * mass * (vRe[i]! ** 2 + vIm[i]! ** 2) + 0.25 * coupling + 0.25 * params.beta * mass * squared * squared;
  }
  return out;
}

/** The injection after the firewall, or unchanged when it is off. */
function firewalled(injection: SpatialInjection, state: WaveState, o: ResolvedOptions): SpatialInjection {
  const modes = Math.min(o.firewall.modes, state.graph.nodeCount);
  if (modes === 0) return injection;
  const lowDamping = lowDampingModes(state, o.params, { count: modes, candidates: Math.min(2 * modes, state.graph.nodeCount) });
  return injectionAttenuation(injection, lowDamping, { attenuationDb: o.firewall.attenuationDb });
}

/** One constant emitter per node with a non-zero injected value. */
function emittersOf(injection: SpatialInjection): WaveEmitter[] {
  const emitters: WaveEmitter[] = [];
  for (let node = 0; node < injection.re.length; node++) {
    const re = injection.re[node]!, im = injection.im[node]!;
    if (re !== 0 || im !== 0) emitters.push({ node, re, im });
  }
  return emitters;
}

type ResolvedOptions = Required<Omit<WaveRecallOptions, 'params' | 'resonance'>> & { readonly params: WaveRecallParams };

function resolveOptions(options: WaveRecallOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    params: options.params ?? waveRecallParamsDefault,
    steps: options.steps ?? 20,
    dtFraction: options.dtFraction ?? 0.5,
    injection: options.injection ?? 'drive',
    readout: options.readout ?? 'energy',
    amplitude: options.amplitude ?? 1,
    propagator: options.propagator ?? velocityVerletPropagator,
    limit: options.limit ?? 100,
    hopsMax: options.hopsMax ?? 2,
    nodesMax: options.nodesMax ?? 1024,
    firewall: options.firewall ?? { modes: 4, attenuationDb: 20 },
  };
  assert(Number.isInteger(o.firewall.modes) && o.firewall.modes >= 0 && o.firewall.modes <= limits.firewallModesMax, 'firewall modes within limits');
  assert(o.params.alpha > 0, 'recall propagates a damped field (α > 0)');
  assert(Number.isInteger(o.steps) && o.steps >= 1 && o.steps <= limits.waveStepsMax, 'steps within limits');
  assert(o.dtFraction > 0 && o.dtFraction <= 1, 'dt fraction in (0, 1]');
  assert(o.amplitude > 0 && o.amplitude <= nonaryAmplitudeMax, 'seed amplitude within the nonary limit');
  assert(Number.isInteger(o.limit) && o.limit >= 1, 'limit is a positive integer');
  assert(Number.isInteger(o.hopsMax) && o.hopsMax >= 0 && o.hopsMax <= limits.waveRecallHopsMax, 'hops within limits');
  assert(Number.isInteger(o.nodesMax) && o.nodesMax >= 1 && o.nodesMax <= limits.waveRecallNodesMax, 'nodes within limits');
  return o;
}

function squaredAmplitudes(state: WaveState): Float64Array {
  return state.psiRe.map((re, i) => re * re + state.psiIm[i]! ** 2);
}

/**
 * The seeds, then their neighbours hop by hop (in CSR order), up to hopsMax hops and nodesMax
 * nodes. Seeds come first, strongest first, so a cut keeps the strongest seeds.
 */
function neighbourhood(graph: WaveGraph, seeds: readonly number[], hopsMax: number, nodesMax: number): number[] {
  const region = seeds.slice(0, nodesMax);
  const seen = new Set(region);
  let frontier = [...region];
  for (let hop = 0; hop < hopsMax && region.length < nodesMax && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (let e = graph.rowStart[node]!, end = graph.rowStart[node + 1]!; e < end && region.length < nodesMax; e++) {
        const j = graph.neighbour[e]!;
        if (seen.has(j)) continue;
        seen.add(j);
        region.push(j);
        next.push(j);
      }
    }
    frontier = next;
  }
  return region;
}

/** The subgraph on `nodes` (renumbered 0..n−1 in that order) with the edges among them. */
function inducedSubgraph(graph: WaveGraph, nodes: readonly number[]): WaveGraph {
  const local = new Map(nodes.map((node, i) => [node, i]));
  const rowStart = new Int32Array(nodes.length + 1);
  const neighbours: number[] = [];
  const weights: number[] = [];
  const degree = new Float64Array(nodes.length);
  nodes.forEach((node, i) => {
    for (let e = graph.rowStart[node]!, end = graph.rowStart[node + 1]!; e < end; e++) {
      const j = local.get(graph.neighbour[e]!);
      if (j === undefined) continue;
      neighbours.push(j);
      weights.push(graph.weight[e]!);
      degree[i] = degree[i]! + graph.weight[e]!;
    }
    rowStart[i + 1] = neighbours.length;
  });
  return { nodeCount: nodes.length, rowStart, neighbour: Int32Array.from(neighbours), weight: Float64Array.from(weights), degree };
}
