/**
 * The Physics Oracle's long-run checks (issue 4, spec §5.4 "Numerical Stability" and the
 * driven-dissipative energy balance):
 * - long run: from a random state (α = 0), run many steps and sample H along the way: every
 *   sample must be finite, within the nonary clamp, and max|H − H₀|/H₀ stays below a tolerance
 *   (bounded energy, not merely a good end value);
 * - driven steady state: on a 16-node unit ring (c = s = 1, r = 0, β = 0) with damping α and
 *   complex emitters eⱼ·e^{iω_e t}, the field settles to ψ = X·e^{iω_e t} with
 *   (L − ω_e² + iαω_e)X = e. Because the field is one complex frequency, H is then constant
 *   in time, and it has a closed form per ring mode (k_m = 2πm/n, λ_m = 2(1 − cos k_m)):
 *     X̂_m = ê_m/(λ_m − ω_e² + iαω_e),   H* = (1/2n)·Σ_m (ω_e² + λ_m)|X̂_m|².
 *   The power balance α‖v‖² = Re⟨v, e⟩ ≤ ‖v‖‖e‖ gives ‖v‖ ≤ ‖e‖/α, and each mode's potential
 *   energy is λ_m/ω_e² times its kinetic energy, so H ≤ (1 + λ_max/ω_e²)·½‖e‖²/α²: the analytic
 *   bound. After settling, H over one drive period must vary by less than a tolerance, stay
 *   below the bound and match H*.
 * Pure: states are seeded.
 */
import { waveEnergy } from './energy.ts';
import { advanceSampled } from './oracle-sampling.ts';
import { randomWaveState } from './random-state.ts';
import { ringWaveGraph } from './test-graphs.ts';
import { laplacianBound, type WaveGraph } from './wave-graph.ts';
import { nonaryAmplitudeMax, stableTimeStep, type WaveEmitter, type WaveParams } from './wave-params.ts';
import { amplitudeMaxOf, cloneWaveState, createWaveState, type WaveState } from './wave-state.ts';
import type { Propagator } from './propagator.ts';

/** Settings of {@link longRunEnergy}. */
export interface LongRunConfig {
  /** Steps of the run (the spec's figure is 1e5). */
  readonly steps: number;
  /** Seed of the random state. */
  readonly seed: number;
  /** dt as a fraction of the stable step. */
  readonly timeStepFraction: number;
  /** Cubic nonlinearity β ≥ 0 (α is 0). */
  readonly beta: number;
  /** Largest initial |ψ|. */
  readonly amplitude: number;
  /** Standard deviation of each initial velocity component. */
  readonly velocitySigma: number;
}

/** What {@link longRunEnergy} measured (NaN on NaN/Inf or |ψ| > 4). */
export interface LongRunMeasure {
  /** max_t |H(t) − H₀|/H₀. */
  readonly errorMax: number;
  /** max_t (H(t) − H₀)/H₀: growth only (the clamp may remove energy). */
  readonly growthMax: number;
}

/** What the driven steady-state check measured. */
export interface SteadyStateMeasure {
  /** (max H − min H)/mean H over the last drive period. */
  readonly variation: number;
  /** |mean H − H*|/H* against the closed form. */
  readonly error: number;
  /** max H over the last period divided by the analytic bound (must be ≤ 1). */
  readonly boundRatio: number;
}

/** Energy samples along a long run. */
const longRunSamples = 100;
/** Samples over the steady-state window. */
const steadyStateSamples = 50;
/** The driven ring: small, so every nonzero mode is underdamped at α = 0.5 and settles at rate α/2. */
const drivenRingNodes = 16;
const drivenDamping = 0.5;
const driveFrequency = 1;
/** Settle until transients have decayed by e^{−αt/2} = 1e-5 in amplitude. */
const settleTime = (2 * Math.log(1e5)) / drivenDamping;
const drivenEmitters: readonly WaveEmitter[] = [
  { node: 0, re: 0.1, im: 0, angularFrequency: driveFrequency },
  { node: 5, re: 0, im: 0.08, angularFrequency: driveFrequency },
  { node: 11, re: -0.05, im: 0.05, angularFrequency: driveFrequency },
];

/**
 * Samples H {@link longRunSamples} times along a long run from a random state (α = 0).
 * @param propagator - the candidate
 * @param graph - the test graph
 * @param config - steps, seed, dt fraction, β, initial amplitude and velocity spread
 * @returns max|H − H₀|/H₀ and max (H − H₀)/H₀ over the samples; both NaN once a sample has
 *   NaN/Inf or |ψ| above the clamp
 */
export function longRunEnergy(propagator: Propagator, graph: WaveGraph, config: LongRunConfig): LongRunMeasure {
  const start = withoutNetMomentum(randomWaveState(graph, { seed: config.seed, amplitude: config.amplitude, velocitySigma: config.velocitySigma }));
  const physics = { c: 1, alpha: 0, beta: config.beta };
  const params: WaveParams = { ...physics, dt: config.timeStepFraction * stableTimeStep(start, physics) };
  const h0 = waveEnergy(start, params).total;
  let errorMax = 0, growthMax = 0;
  const chunkSteps = Math.max(1, Math.ceil(config.steps / longRunSamples));
  const end = advanceSampled(propagator, { start, params, steps: config.steps, chunkSteps, visit: (state) => {
    // Energy is measured on our graph and masses, whatever the candidate hands back.
    const change = (waveEnergy({ ...state, graph, refractiveIndex: start.refractiveIndex }, params).total - h0) / h0;
    const amplitudeOk = amplitudeMaxOf(state) <= nonaryAmplitudeMax * (1 + 1e-12);
    errorMax = amplitudeOk ? Math.max(errorMax, Math.abs(change)) : Number.NaN;
    growthMax = amplitudeOk ? Math.max(growthMax, change) : Number.NaN;
  } });
  return end === undefined ? { errorMax: Number.NaN, growthMax: Number.NaN } : { errorMax, growthMax };
}

/**
 * The state with its net momentum Σmᵢvᵢ removed (mᵢ = sᵢ² at c = 1). The uniform mode has no
 * restoring force when β = 0, so a random state's momentum would carry the whole field off
 * towards the clamp over a long run; without it the field's centre of mass stays put.
 */
function withoutNetMomentum(state: WaveState): WaveState {
  let mass = 0, momentumRe = 0, momentumIm = 0;
  for (let i = 0; i < state.vRe.length; i++) {
    const m = state.refractiveIndex[i]! ** 2;
    mass += m; momentumRe += m * state.vRe[i]!; momentumIm += m * state.vIm[i]!;
  }
  return cloneWaveState(state, {
    vRe: state.vRe.map((v) => v - momentumRe / mass),
    vIm: state.vIm.map((v) => v - momentumIm / mass),
  });
}

/**
 * Drives the damped unit ring to its steady state and compares H with the closed form.
 * @param propagator - the candidate
 * @param timeStepFraction - dt as a fraction of the ring's stable step
 * @returns variation, error and bound ratio (NaN on NaN/Inf)
 */
export function drivenSteadyState(propagator: Propagator, timeStepFraction: number): SteadyStateMeasure {
  const ring = ringWaveGraph(drivenRingNodes);
  const start = createWaveState(ring, { resonance: 0, refractiveIndex: 1 });
  const physics = { c: 1, alpha: drivenDamping, beta: 0, emitters: drivenEmitters };
  const params: WaveParams = { ...physics, dt: timeStepFraction * stableTimeStep(start, physics) };
  const settleSteps = Math.ceil(settleTime / params.dt);
  const windowSteps = Math.ceil((2 * Math.PI) / driveFrequency / params.dt);
  const settled = advanceSampled(propagator, { start, params, steps: settleSteps, chunkSteps: settleSteps });
  const energies: number[] = [];
  const end = settled && advanceSampled(propagator, { start: settled, params, steps: windowSteps, chunkSteps: Math.max(1, Math.ceil(windowSteps / steadyStateSamples)), visit: (state) => {
    energies.push(waveEnergy({ ...state, graph: ring, refractiveIndex: start.refractiveIndex }, params).total);
  } });
  if (end === undefined || energies.length === 0) return { variation: Number.NaN, error: Number.NaN, boundRatio: Number.NaN };
  const max = Math.max(...energies), min = Math.min(...energies);
  const mean = energies.reduce((a, b) => a + b, 0) / energies.length;
  const exact = steadyStateEnergy(ring);
  return { variation: (max - min) / mean, error: Math.abs(mean - exact) / exact, boundRatio: max / steadyStateEnergyBound(ring) };
}

/** H* of the module comment, by a direct DFT of the emitter amplitudes. */
function steadyStateEnergy(ring: WaveGraph): number {
  const n = ring.nodeCount;
  const w2 = driveFrequency * driveFrequency, aw = drivenDamping * driveFrequency;
  let sum = 0;
  for (let m = 0; m < n; m++) {
    const k = (2 * Math.PI * m) / n;
    let re = 0, im = 0;
    for (const e of drivenEmitters) {
      const c = Math.cos(k * e.node), s = Math.sin(k * e.node);
      re += e.re * c + e.im * s;
      im += e.im * c - e.re * s;
    }
    const lambda = 2 * (1 - Math.cos(k));
    const denominator = (lambda - w2) ** 2 + aw * aw; // |λ − ω² + iαω|²
    sum += ((w2 + lambda) * (re * re + im * im)) / denominator;
  }
  return sum / (2 * n);
}

/** (1 + λ_max/ω_e²)·½‖e‖²/α² of the module comment (λ_max by Gershgorin). */
function steadyStateEnergyBound(ring: WaveGraph): number {
  const drive = drivenEmitters.reduce((sum, e) => sum + e.re * e.re + e.im * e.im, 0);
  const kinetic = (0.5 * drive) / (drivenDamping * drivenDamping);
  return (1 + laplacianBound(ring) / (driveFrequency * driveFrequency)) * kinetic;
}
