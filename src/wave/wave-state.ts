/**
 * The wave field over a {@link WaveGraph} as a structure of arrays (issue 4, spec §5.4):
 * complex ψ (amplitude), v = dψ/dt and a = dv/dt as separate float64 real/imaginary arrays,
 * with each node's resonance r ∈ [0, 1] (damping is α(1−r)) and refractive index s > 0
 * (local wave speed c/s, mass s²/c²). Propagators never mutate a state they are given.
 */
import { assert } from '../core/index.ts';
import type { WaveGraph } from './wave-graph.ts';

/** The field at one instant. Every array has `graph.nodeCount` entries. */
export interface WaveState {
  readonly graph: WaveGraph;
  /** Simulation time (the same units as dt). */
  readonly time: number;
  readonly psiRe: Float64Array;
  readonly psiIm: Float64Array;
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
  /** Acceleration at (ψ, v) as last computed by a propagator. */
  readonly aRe: Float64Array;
  readonly aIm: Float64Array;
  /** Resonance r ∈ [0, 1]: 1 means undamped. */
  readonly resonance: Float64Array;
  /** Refractive index s > 0. */
  readonly refractiveIndex: Float64Array;
}

/** Initial per-node values for {@link createWaveState}. */
export interface WaveStateOptions {
  /** Resonance of every node. @default 0 */
  readonly resonance?: number;
  /** Refractive index of every node. @default 1 */
  readonly refractiveIndex?: number;
}

/**
 * A state at rest (ψ = v = a = 0) at time 0.
 * @param graph - the graph
 * @param options - uniform resonance and refractive index
 */
export function createWaveState(graph: WaveGraph, options: WaveStateOptions = {}): WaveState {
  const n = graph.nodeCount;
  const resonance = options.resonance ?? 0;
  const refractiveIndex = options.refractiveIndex ?? 1;
  assert(resonance >= 0 && resonance <= 1, 'resonance is in [0, 1]');
  assert(refractiveIndex > 0 && Number.isFinite(refractiveIndex), 'refractive index is positive');
  return {
    graph, time: 0,
    psiRe: new Float64Array(n), psiIm: new Float64Array(n),
    vRe: new Float64Array(n), vIm: new Float64Array(n),
    aRe: new Float64Array(n), aIm: new Float64Array(n),
    resonance: new Float64Array(n).fill(resonance),
    refractiveIndex: new Float64Array(n).fill(refractiveIndex),
  };
}

/**
 * A deep copy of the arrays (the graph is shared: it is never mutated).
 * @param state - the state to copy
 * @param overrides - fields to replace in the copy (not copied again)
 */
export function cloneWaveState(state: WaveState, overrides: Partial<WaveState> = {}): WaveState {
  return {
    graph: state.graph, time: state.time,
    psiRe: state.psiRe.slice(), psiIm: state.psiIm.slice(),
    vRe: state.vRe.slice(), vIm: state.vIm.slice(),
    aRe: state.aRe.slice(), aIm: state.aIm.slice(),
    resonance: state.resonance.slice(), refractiveIndex: state.refractiveIndex.slice(),
    ...overrides,
  };
}

/**
 * True when ψ, v and a are all finite.
 * @param state - the state
 */
export function isFiniteWaveState(state: WaveState): boolean {
  for (const array of [state.psiRe, state.psiIm, state.vRe, state.vIm, state.aRe, state.aIm]) {
    for (let i = 0; i < array.length; i++) if (!Number.isFinite(array[i]!)) return false;
  }
  return true;
}

/**
 * The largest amplitude maxᵢ|ψᵢ| (NaN when any amplitude is NaN).
 * @param state - the state
 */
export function amplitudeMaxOf(state: WaveState): number {
  let max = 0;
  for (let i = 0; i < state.psiRe.length; i++) {
    const amplitude = Math.hypot(state.psiRe[i]!, state.psiIm[i]!);
    if (Number.isNaN(amplitude)) return Number.NaN;
    max = Math.max(max, amplitude);
  }
  return max;
}
