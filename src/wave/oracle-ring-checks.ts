/**
 * The Physics Oracle's ring checks (issue 4, spec §5.4 "Wave Equation Validity" and "Boundary
 * Conditions"), run on a ring of n nodes with unit weights, c = 1, s = 1, α = β = 0:
 * - dispersion: a plane wave ψⱼ = A·e^{ikj}, v = −iωψ, is an exact mode of the ring, and its
 *   angular frequency obeys the discrete relation ω² = (c²/s²)·2(1 − cos k). The measured ω
 *   (from the phase advance of the projection Σⱼψⱼe^{−ikj}, unwrapped chunk by chunk) must
 *   match it within dispersionErrorMax (issue: 1%) for every probed k = 2πm/n;
 * - wrap transmission: a forward wave packet (only modes with 0 < k < π, each with its own ω,
 *   so it travels one way at group velocity cos(k₀/2)) is launched just before the wrap edge
 *   (n−1 → 0) and, separately, just before an interior edge (n/2−1 → n/2). The ring is
 *   translation invariant, so the energy that reaches the far side must be the same in both
 *   runs; a propagator that drops or mangles the wrap edge reflects the packet instead;
 * - wrap flux: for a plane wave the discrete energy flux through an edge a→b,
 *   J = −½·w·Re[conj(ψ_b − ψ_a)·(v_a + v_b)] (the rate energy leaves a's half of the edge; see
 *   edgeFlux), is w·ω·|A|²·sin k on every edge, so its time average through the wrap edge must
 *   equal that through an interior edge.
 * Pure: states are built from formulas, not random numbers.
 */
import { assert } from '../core/index.ts';
import { advanceSampled } from './oracle-sampling.ts';
import { ringWaveGraph } from './test-graphs.ts';
import { stableTimeStep, type WaveParams } from './wave-params.ts';
import { createWaveState, type WaveState } from './wave-state.ts';
import type { Propagator } from './propagator.ts';
import type { WaveGraph } from './wave-graph.ts';

/** Settings of the ring checks (resolved by runOracle). */
export interface RingCheckConfig {
  /** Ring size n (≥ 32, even). */
  readonly ringNodes: number;
  /** Steps of the dispersion and flux runs. */
  readonly steps: number;
  /** dt as a fraction of the stable step. */
  readonly timeStepFraction: number;
}

/** What the wrap-transmission check measured. */
export interface WrapTransmission {
  /** Far-side energy after a wrap crossing over the packet's initial energy (≈ 1 when intact). */
  readonly transmission: number;
  /** The same fraction for an interior crossing. */
  readonly interiorTransmission: number;
  /** |E_wrap − E_interior| / E_interior of the far-side energies. */
  readonly error: number;
}

/** Flux samples over a flux run. */
const fluxSamples = 50;

/** Radians a sampled phase may advance between samples at the ring's top frequency ω(π) = 2
 * (well inside ±π, so unwrapping is safe). */
const phaseStepMax = 0.5;

/**
 * The largest relative error |ω_measured − ω_exact|/ω_exact over the probed wavenumbers,
 * or NaN when a run produced NaN/Inf.
 * @param propagator - the candidate
 * @param config - ring size, steps, dt fraction
 */
export function ringDispersionError(propagator: Propagator, config: RingCheckConfig): number {
  const ring = ringWaveGraph(config.ringNodes);
  const n = config.ringNodes;
  let errorMax = 0;
  for (const m of [1, n / 8, n / 4, (3 * n) / 8, n / 2 - 1]) {
    const k = (2 * Math.PI * m) / n;
    const start = planeWaveState(ring, k);
    const params = ringParams(start, config);
    const chunkSteps = Math.max(1, Math.floor(phaseStepMax / (ringFrequency(Math.PI) * params.dt)));
    let phase = 0;
    let previous = projection(start, k);
    const end = advanceSampled(propagator, { start, params, steps: config.steps, chunkSteps, visit: (state) => {
      const next = projection(state, k);
      // arg(next·conj(previous)) is the phase advance of this chunk, in (−π, π].
      phase += Math.atan2(next.im * previous.re - next.re * previous.im, next.re * previous.re + next.im * previous.im);
      previous = next;
    } });
    if (end === undefined) return Number.NaN;
    const measured = -phase / (config.steps * params.dt);
    errorMax = Math.max(errorMax, Math.abs(measured - ringFrequency(k)) / ringFrequency(k));
  }
  return errorMax;
}

/**
 * Launches the same forward packet across the wrap edge and across an interior edge and
 * compares the energy that arrives on the far side.
 * @param propagator - the candidate
 * @param config - ring size and dt fraction (the step count follows from the travel time)
 * @returns the far-side fractions and their relative difference (NaN on NaN/Inf)
 */
export function ringWrapTransmission(propagator: Propagator, config: RingCheckConfig): WrapTransmission {
  const ring = ringWaveGraph(config.ringNodes);
  const n = config.ringNodes;
  const carrier = Math.PI / 2;
  const offset = n / 8;
  // The packet centre travels 2·offset nodes at group velocity cos(k₀/2), ending offset nodes
  // past the crossed edge, well inside the far half-ring.
  const travelTime = (2 * offset) / Math.cos(carrier / 2);
  const crossing = (lastBefore: number): number => {
    const start = packetState(ring, { centre: lastBefore - offset, carrier, width: n / 20 });
    const params = ringParams(start, config);
    const steps = Math.ceil(travelTime / params.dt);
    const end = advanceSampled(propagator, { start, params, steps, chunkSteps: steps });
    if (end === undefined) return Number.NaN;
    const farSide = Array.from({ length: n / 2 }, (_, i) => (lastBefore + 1 + i) % n);
    const everyNode = Array.from({ length: n }, (_, i) => i);
    // Energies are measured on our ring, whatever graph the candidate hands back.
    return nodeEnergySum({ ...end, graph: ring }, farSide) / nodeEnergySum(start, everyNode);
  };
  const transmission = crossing(n - 1);
  const interiorTransmission = crossing(n / 2 - 1);
  return { transmission, interiorTransmission, error: Math.abs(transmission - interiorTransmission) / interiorTransmission };
}

/**
 * The relative difference of the time-averaged energy flux of a plane wave (k = π/2) through
 * the wrap edge n−1 → 0 and through the interior edge n/2−1 → n/2, or NaN on NaN/Inf.
 * @param propagator - the candidate
 * @param config - ring size, steps, dt fraction
 */
export function ringWrapFluxError(propagator: Propagator, config: RingCheckConfig): number {
  const ring = ringWaveGraph(config.ringNodes);
  const n = config.ringNodes;
  const start = planeWaveState(ring, Math.PI / 2);
  const params = ringParams(start, config);
  let wrap = 0, interior = 0;
  const chunkSteps = Math.max(1, Math.ceil(config.steps / fluxSamples));
  const end = advanceSampled(propagator, { start, params, steps: config.steps, chunkSteps, visit: (state) => {
    // Fluxes are measured on our ring, whatever graph the candidate hands back.
    wrap += edgeFlux({ ...state, graph: ring }, { from: n - 1, to: 0 });
    interior += edgeFlux({ ...state, graph: ring }, { from: n / 2 - 1, to: n / 2 });
  } });
  return end === undefined ? Number.NaN : Math.abs(wrap - interior) / Math.abs(interior);
}

/**
 * The exact angular frequency of wavenumber k on the unit ring (c = s = 1): 2|sin(k/2)|,
 * i.e. ω² = 2(1 − cos k).
 * @param k - wavenumber (radians per node)
 */
export function ringFrequency(k: number): number {
  return 2 * Math.abs(Math.sin(k / 2));
}

/**
 * The energy flux through the edge a→b (positive from a to b), for unit-ring masses:
 * with node energy Eⱼ = ½mⱼ|vⱼ|² + ¼Σ_{edges at j} w|ψⱼ − ψᵢ|², the equation of motion gives
 * dE_b/dt = J_{a→b} − (flux out through b's other edges), J_{a→b} = −½w·Re[conj(ψ_b − ψ_a)(v_a + v_b)].
 * @param state - the state (its graph must join the two nodes)
 * @param edge - from: the node energy leaves (a); to: the node it enters (b)
 */
export function edgeFlux(state: WaveState, edge: { readonly from: number; readonly to: number }): number {
  const a = edge.from, b = edge.to;
  const { rowStart, neighbour, weight } = state.graph;
  let w = 0;
  for (let e = rowStart[a]!; e < rowStart[a + 1]!; e++) if (neighbour[e] === b) w = weight[e]!;
  const dRe = state.psiRe[b]! - state.psiRe[a]!, dIm = state.psiIm[b]! - state.psiIm[a]!;
  return -0.5 * w * (dRe * (state.vRe[a]! + state.vRe[b]!) + dIm * (state.vIm[a]! + state.vIm[b]!));
}

/** c = s = 1, α = β = 0, dt a fraction of the ring's stable step. */
function ringParams(state: WaveState, config: RingCheckConfig): WaveParams {
  const physics = { c: 1, alpha: 0, beta: 0 };
  return { ...physics, dt: config.timeStepFraction * stableTimeStep(state, physics) };
}

/** ψⱼ = e^{ikj}, v = −iω(k)ψ on the unit ring. */
function planeWaveState(ring: WaveGraph, k: number): WaveState {
  const state = createWaveState(ring);
  const omega = ringFrequency(k);
  for (let j = 0; j < ring.nodeCount; j++) {
    state.psiRe[j] = Math.cos(k * j); state.psiIm[j] = Math.sin(k * j);
    state.vRe[j] = omega * state.psiIm[j]!; state.vIm[j] = -omega * state.psiRe[j]!;
  }
  return state;
}

/** A forward packet: the ring modes 0 < k < π under a Gaussian envelope, max |ψ| = 1. */
function packetState(ring: WaveGraph, shape: { centre: number; carrier: number; width: number }): WaveState {
  const state = createWaveState(ring);
  const n = ring.nodeCount;
  for (let m = 1; m < n / 2; m++) {
    const k = (2 * Math.PI * m) / n;
    const gain = Math.exp(-0.5 * ((k - shape.carrier) * shape.width) ** 2);
    const omega = ringFrequency(k);
    for (let j = 0; j < n; j++) {
      const re = gain * Math.cos(k * (j - shape.centre)), im = gain * Math.sin(k * (j - shape.centre));
      state.psiRe[j]! += re; state.psiIm[j]! += im;
      state.vRe[j]! += omega * im; state.vIm[j]! -= omega * re;
    }
  }
  let peak = 0;
  for (let j = 0; j < n; j++) peak = Math.max(peak, Math.hypot(state.psiRe[j]!, state.psiIm[j]!));
  for (const array of [state.psiRe, state.psiIm, state.vRe, state.vIm]) for (let j = 0; j < n; j++) array[j]! /= peak;
  return state;
}

/** Σⱼψⱼe^{−ikj}. */
function projection(state: WaveState, k: number): { re: number; im: number } {
  let re = 0, im = 0;
  for (let j = 0; j < state.psiRe.length; j++) {
    const c = Math.cos(k * j), s = Math.sin(k * j);
    re += state.psiRe[j]! * c + state.psiIm[j]! * s;
    im += state.psiIm[j]! * c - state.psiRe[j]! * s;
  }
  return { re, im };
}

/** Σ over `nodes` of ½|vⱼ|² + ¼Σ_{edges at j} w|ψⱼ − ψᵢ|² (unit masses, β = 0). */
function nodeEnergySum(state: WaveState, nodes: readonly number[]): number {
  const { rowStart, neighbour, weight, nodeCount } = state.graph;
  let sum = 0;
  for (const j of nodes) {
    assert(j >= 0 && j < nodeCount, 'node index within the graph');
    sum += 0.5 * (state.vRe[j]! ** 2 + state.vIm[j]! ** 2);
    for (let e = rowStart[j]!; e < rowStart[j + 1]!; e++) {
      const i = neighbour[e]!;
      sum += 0.25 * weight[e]! * ((state.psiRe[j]! - state.psiRe[i]!) ** 2 + (state.psiIm[j]! - state.psiIm[i]!) ** 2);
    }
  }
  return sum;
}
