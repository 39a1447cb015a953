/**
 * The Physics Oracle (spec §5.4 "Physics Validation", §5.5): judges a propagator by its effect,
 * not its code. Checks on the caller's graph, each from a seeded state:
 * - energy: α = β = 0, no emitters: |H_N − H_0|/H_0 < energyDriftMax (spec: 1e-4);
 * - nonlinear energy: α = 0, β = 1: the same bound, with the quartic potential in H;
 * - reversibility: α = 0, β = 1: run N steps, negate v, run N steps, negate v:
 *   ‖ψ_back − ψ_0‖₂ < reversibilityErrorMax (spec: 1e-6);
 * - dissipation: α = 1, random r: H must not grow (damping only removes energy);
 * - spike (a Dirac delta of 1e6 at one node, zeros elsewhere, β = 1): every value finite and
 *   |ψ| ≤ 4 afterwards (the clamp holds and nothing divides by a zero amplitude);
 * - long runs (longRunSteps, the spec's 1e5 when asked) from random states, H sampled along
 *   the way: α = β = 0 (zero net momentum): max|H − H₀|/H₀ < energyDriftMax; α = 0, β = 1,
 *   |ψ| up to 4 so the clamp acts: finite, |ψ| ≤ 4 and H never above H₀(1 + energyDriftMax),
 *   since projecting onto the |ψ| ≤ 4 ball is non-expansive and can only remove energy
 *   (oracle-stability-checks.ts).
 * On rings of their own (oracle-ring-checks.ts, oracle-stability-checks.ts): the discrete
 * dispersion relation of plane waves within dispersionErrorMax (issue: 1%); a packet and a
 * plane wave crossing the wrap edge exactly as they cross an interior edge (wrapErrorMax); and a
 * damped ring driven by emitters settling to a steady state whose H varies by less than
 * steadyStateVariationMax over a drive period, stays below the analytic bound and matches its
 * closed form within steadyStateErrorMax.
 * Any NaN/Inf fails the check it appears in. The time step is a small fraction of the stable
 * step (wave-params.ts), because Verlet's bounded energy error scales as (ω·dt)².
 * Pure: no clock, no randomness beyond the seed.
 */
import { assert, limits } from '../core/index.ts';
import { waveEnergy } from './energy.ts';
import { ringDispersionError, ringWrapFluxError, ringWrapTransmission } from './oracle-ring-checks.ts';
import { drivenSteadyState, longRunEnergy } from './oracle-stability-checks.ts';
import { randomWaveState } from './random-state.ts';
import { nonaryAmplitudeMax, stableTimeStep, type WaveParams } from './wave-params.ts';
import { amplitudeMaxOf, cloneWaveState, createWaveState, isFiniteWaveState, type WaveState } from './wave-state.ts';
import type { Propagator } from './propagator.ts';
import type { WaveGraph } from './wave-graph.ts';

/** Options for {@link runOracle}. */
export interface OracleOptions {
  /** Steps of each short run (energy, reversibility, dissipation, dispersion, flux). @default 2000 */
  readonly steps?: number;
  /** Steps of each long run from random states (the spec's figure is 1e5). @default 10000 */
  readonly longRunSteps?: number;
  /** Seed of the random states. @default 1 */
  readonly seed?: number;
  /** dt as a fraction of the stable step. @default 0.005 */
  readonly timeStepFraction?: number;
  /** Nodes of the ring the dispersion and wrap checks build (even, 32..oracleGraphNodesMax). @default 64 */
  readonly ringNodes?: number;
  /** @default 1e-4 */
  readonly energyDriftMax?: number;
  /** @default 1e-6 */
  readonly reversibilityErrorMax?: number;
  /** Relative error of the measured plane-wave frequency (issue: 1%). @default 0.01 */
  readonly dispersionErrorMax?: number;
  /** Relative difference between wrap and interior crossings (energy and flux). @default 1e-3 */
  readonly wrapErrorMax?: number;
  /** Relative variation of H over the last drive period of the steady state. @default 1e-3 */
  readonly steadyStateVariationMax?: number;
  /** Relative error of the steady-state H against its closed form. @default 0.01 */
  readonly steadyStateErrorMax?: number;
}

/** What the Oracle measured (NaN where a run produced non-finite values). */
export interface OracleMetrics {
  readonly energyDrift: number;
  readonly nonlinearEnergyDrift: number;
  readonly reversibilityError: number;
  /** (H_N − H_0)/H_0 with damping; must be ≤ energyDriftMax. */
  readonly dissipationGrowth: number;
  /** max |ψ| after the spike, or NaN. */
  readonly spikeAmplitudeMax: number;
  /** Largest relative error of a plane wave's measured ω against ω² = 2(1 − cos k) on the ring. */
  readonly dispersionError: number;
  /** Fraction of a packet's energy that reaches the far side after crossing the wrap edge. */
  readonly wrapTransmission: number;
  /** |E_wrap − E_interior|/E_interior of the far-side energies of the two crossings. */
  readonly wrapTransmissionError: number;
  /** Relative difference of a plane wave's mean energy flux through the wrap and an interior edge. */
  readonly wrapFluxError: number;
  /** max_t |H − H₀|/H₀ over a long conservative run (α = β = 0) from a random state. */
  readonly longRunEnergyError: number;
  /** max_t (H − H₀)/H₀ over a long run (α = 0, β = 1) from a random state at the clamp. */
  readonly longRunEnergyGrowth: number;
  /** (max − min)/mean of H over the last drive period of the damped, driven ring. */
  readonly steadyStateVariation: number;
  /** |mean H − H*|/H* against the steady state's closed form. */
  readonly steadyStateError: number;
  /** max H over that period divided by the analytic bound (must be ≤ 1). */
  readonly steadyStateBoundRatio: number;
}

/** The Oracle's judgement of one propagator. */
export interface OracleVerdict {
  readonly passed: boolean;
  /** One line per failed check; empty when passed. */
  readonly failures: readonly string[];
  readonly metrics: OracleMetrics;
}

/**
 * Runs every check on `propagator`: the energy, reversibility, dissipation, spike and long-run
 * checks over `graph`, the dispersion, wrap and steady-state checks over rings of their own.
 * @param propagator - the candidate (untrusted: a throw is a failure, not a crash)
 * @param graph - the test graph (a ring or a small k-NN graph)
 * @param options - step counts, seed and tolerances
 */
export function runOracle(propagator: Propagator, graph: WaveGraph, options: OracleOptions = {}): OracleVerdict {
  const config = resolved(options);
  const failures: string[] = [];
  const measure = <T>(name: string, failed: T, check: () => T): T => {
    // A candidate is untrusted code: whatever it throws, assertions included, is its failure.
    try {
      return check();
    } catch (error) {
      failures.push(`${name}: threw ${error instanceof Error ? error.message : String(error)}`);
      return failed;
    }
  };
  const nan = Number.NaN;
  const ring = { ringNodes: config.ringNodes, steps: config.steps, timeStepFraction: config.timeStepFraction };
  const longRun = { steps: config.longRunSteps, timeStepFraction: config.timeStepFraction };
  const wrap = measure('wrap transmission', { transmission: nan, interiorTransmission: nan, error: nan }, () => ringWrapTransmission(propagator, ring));
  const steady = measure('steady state', { variation: nan, error: nan, boundRatio: nan }, () => drivenSteadyState(propagator, config.timeStepFraction));
  const metrics: OracleMetrics = {
    energyDrift: measure('energy', nan, () => energyDrift(propagator, graph, config, 0)),
    nonlinearEnergyDrift: measure('nonlinear energy', nan, () => energyDrift(propagator, graph, config, 1)),
    reversibilityError: measure('reversibility', nan, () => reversibilityError(propagator, graph, config)),
    dissipationGrowth: measure('dissipation', nan, () => dissipationGrowth(propagator, graph, config)),
    spikeAmplitudeMax: measure('spike', nan, () => spikeAmplitude(propagator, graph, config)),
    dispersionError: measure('dispersion', nan, () => ringDispersionError(propagator, ring)),
    wrapTransmission: wrap.transmission,
    wrapTransmissionError: wrap.error,
    wrapFluxError: measure('wrap flux', nan, () => ringWrapFluxError(propagator, ring)),
    longRunEnergyError: measure('long run', nan, () =>
      longRunEnergy(propagator, graph, { ...longRun, seed: config.seed + 3, beta: 0, amplitude: 1, velocitySigma: 0.1 }).errorMax),
    longRunEnergyGrowth: measure('long nonlinear run', nan, () =>
      longRunEnergy(propagator, graph, { ...longRun, seed: config.seed + 4, beta: 1, amplitude: nonaryAmplitudeMax, velocitySigma: 1 }).growthMax),
    steadyStateVariation: steady.variation,
    steadyStateError: steady.error,
    steadyStateBoundRatio: steady.boundRatio,
  };
  failures.push(...failedChecks(metrics, config));
  return { passed: failures.length === 0, failures, metrics };
}

type OracleConfig = Required<OracleOptions>;

/** Smallest far-side energy fraction of a crossing: below it the packet did not really cross. */
const transmissionMin = 0.5;

/** One line per metric outside its tolerance (NaN is always outside). */
function failedChecks(m: OracleMetrics, config: OracleConfig): string[] {
  const failures: string[] = [];
  const check = (ok: boolean, line: string): void => void (ok || failures.push(line));
  const drift = config.energyDriftMax, wrap = config.wrapErrorMax;
  check(m.energyDrift < drift, `energy drift ${m.energyDrift} ≥ ${drift}`);
  check(m.nonlinearEnergyDrift < drift, `nonlinear energy drift ${m.nonlinearEnergyDrift} ≥ ${drift}`);
  check(m.reversibilityError < config.reversibilityErrorMax, `reversibility error ${m.reversibilityError} ≥ ${config.reversibilityErrorMax}`);
  check(m.dissipationGrowth <= drift, `energy grew ${m.dissipationGrowth} under damping`);
  check(m.spikeAmplitudeMax <= nonaryAmplitudeMax * (1 + 1e-12), `spike left |ψ| = ${m.spikeAmplitudeMax} (limit ${nonaryAmplitudeMax}, finite values)`);
  check(m.dispersionError < config.dispersionErrorMax, `dispersion error ${m.dispersionError} ≥ ${config.dispersionErrorMax} (ω² = 2(1 − cos k))`);
  check(m.wrapTransmission >= transmissionMin, `only ${m.wrapTransmission} of a packet's energy crossed the wrap edge`);
  check(m.wrapTransmissionError < wrap, `wrap crossing differs from an interior crossing by ${m.wrapTransmissionError} ≥ ${wrap}`);
  check(m.wrapFluxError < wrap, `wrap-edge flux differs from interior flux by ${m.wrapFluxError} ≥ ${wrap}`);
  check(m.longRunEnergyError < drift, `long-run energy error ${m.longRunEnergyError} ≥ ${drift} (NaN: non-finite or |ψ| > 4)`);
  check(m.longRunEnergyGrowth <= drift, `long-run energy grew ${m.longRunEnergyGrowth} > ${drift} (NaN: non-finite or |ψ| > 4)`);
  check(m.steadyStateVariation < config.steadyStateVariationMax, `steady-state energy varied ${m.steadyStateVariation} ≥ ${config.steadyStateVariationMax}`);
  check(m.steadyStateError < config.steadyStateErrorMax, `steady-state energy off its closed form by ${m.steadyStateError} ≥ ${config.steadyStateErrorMax}`);
  check(m.steadyStateBoundRatio <= 1, `steady-state energy ${m.steadyStateBoundRatio}× the analytic bound`);
  return failures;
}

function resolved(options: OracleOptions): OracleConfig {
  const config: OracleConfig = {
    steps: options.steps ?? 2000,
    longRunSteps: options.longRunSteps ?? 10_000,
    seed: options.seed ?? 1,
    timeStepFraction: options.timeStepFraction ?? 0.005,
    ringNodes: options.ringNodes ?? 64,
    energyDriftMax: options.energyDriftMax ?? 1e-4,
    reversibilityErrorMax: options.reversibilityErrorMax ?? 1e-6,
    dispersionErrorMax: options.dispersionErrorMax ?? 0.01,
    wrapErrorMax: options.wrapErrorMax ?? 1e-3,
    steadyStateVariationMax: options.steadyStateVariationMax ?? 1e-3,
    steadyStateErrorMax: options.steadyStateErrorMax ?? 0.01,
  };
  assert(Number.isInteger(config.steps) && config.steps >= 1 && config.steps <= limits.waveStepsMax, 'oracle steps within limits');
  assert(Number.isInteger(config.longRunSteps) && config.longRunSteps >= 1 && config.longRunSteps <= limits.waveStepsMax, 'long-run steps within limits');
  const n = config.ringNodes;
  assert(Number.isInteger(n) && n % 8 === 0 && n >= 32 && n <= limits.oracleGraphNodesMax, 'oracle ring size is a multiple of 8 in 32..oracleGraphNodesMax');
  return config;
}

/** Parameters with dt a fraction of the stable step for `state`. */
function paramsFor(state: WaveState, config: OracleConfig, physics: { alpha: number; beta: number }): WaveParams {
  const base = { c: 1, ...physics };
  return { ...base, dt: config.timeStepFraction * stableTimeStep(state, base) };
}

function energyDrift(propagator: Propagator, graph: WaveGraph, config: OracleConfig, beta: number): number {
  const start = randomWaveState(graph, { seed: config.seed, amplitude: beta > 0 ? 2 : 1 });
  const params = paramsFor(start, config, { alpha: 0, beta });
  const end = propagator.advance(start, params, { steps: config.steps });
  if (!isFiniteWaveState(end)) return Number.NaN;
  const h0 = waveEnergy(start, params).total;
  return Math.abs(waveEnergy(end, params).total - h0) / h0;
}

function reversibilityError(propagator: Propagator, graph: WaveGraph, config: OracleConfig): number {
  const start = randomWaveState(graph, { seed: config.seed + 1, amplitude: 2 });
  const params = paramsFor(start, config, { alpha: 0, beta: 1 });
  const forward = propagator.advance(start, params, { steps: config.steps });
  const back = propagator.advance(reversed(forward), params, { steps: config.steps });
  if (!isFiniteWaveState(back)) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < graph.nodeCount; i++) {
    sum += (back.psiRe[i]! - start.psiRe[i]!) ** 2 + (back.psiIm[i]! - start.psiIm[i]!) ** 2;
  }
  return Math.sqrt(sum);
}

function reversed(state: WaveState): WaveState {
  return cloneWaveState(state, { vRe: state.vRe.map((x) => -x), vIm: state.vIm.map((x) => -x) });
}

function dissipationGrowth(propagator: Propagator, graph: WaveGraph, config: OracleConfig): number {
  const start = randomWaveState(graph, { seed: config.seed + 2, amplitude: 1 });
  const params = paramsFor(start, config, { alpha: 1, beta: 1 });
  const end = propagator.advance(start, params, { steps: config.steps });
  if (!isFiniteWaveState(end)) return Number.NaN;
  const h0 = waveEnergy(start, params).total;
  return (waveEnergy(end, params).total - h0) / h0;
}

function spikeAmplitude(propagator: Propagator, graph: WaveGraph, config: OracleConfig): number {
  const start = createWaveState(graph, { refractiveIndex: 1 });
  start.psiRe[0] = 1e6;
  const params = paramsFor(start, config, { alpha: 0, beta: 1 });
  const end = propagator.advance(start, params, { steps: 10 });
  return isFiniteWaveState(end) ? amplitudeMaxOf(end) : Number.NaN;
}
