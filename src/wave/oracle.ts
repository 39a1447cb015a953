/**
 * The Physics Oracle (spec §5.4 "Physics Validation", §5.5): judges a propagator by its effect,
 * not its code. Checks, each from a seeded state on a caller-given graph:
 * - energy: α = β = 0, no emitters: |H_N − H_0|/H_0 < energyDriftMax (spec: 1e-4);
 * - nonlinear energy: α = 0, β = 1: the same bound, with the quartic potential in H;
 * - reversibility: α = 0, β = 1: run N steps, negate v, run N steps, negate v:
 *   ‖ψ_back − ψ_0‖₂ < reversibilityErrorMax (spec: 1e-6);
 * - dissipation: α = 1, random r: H must not grow (damping only removes energy);
 * - spike (a Dirac delta of 1e6 at one node, zeros elsewhere, β = 1): every value finite and
 *   |ψ| ≤ 4 afterwards (the clamp holds and nothing divides by a zero amplitude).
 * Any NaN/Inf fails the check it appears in. The time step is a small fraction of the stable
 * step (wave-params.ts), because Verlet's bounded energy error scales as (ω·dt)².
 * Pure: no clock, no randomness beyond the seed.
 */
import { waveEnergy } from './energy.ts';
import { randomWaveState } from './random-state.ts';
import { nonaryAmplitudeMax, stableTimeStep, type WaveParams } from './wave-params.ts';
import { amplitudeMaxOf, cloneWaveState, createWaveState, isFiniteWaveState, type WaveState } from './wave-state.ts';
import type { Propagator } from './propagator.ts';
import type { WaveGraph } from './wave-graph.ts';

/** Options for {@link runOracle}. */
export interface OracleOptions {
  /** Steps of each run (the spec asks 1e5 in benchmarks; tests use fewer). @default 2000 */
  readonly steps?: number;
  /** Seed of the random states. @default 1 */
  readonly seed?: number;
  /** dt as a fraction of the stable step. @default 0.005 */
  readonly timeStepFraction?: number;
  /** @default 1e-4 */
  readonly energyDriftMax?: number;
  /** @default 1e-6 */
  readonly reversibilityErrorMax?: number;
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
}

/** The Oracle's judgement of one propagator. */
export interface OracleVerdict {
  readonly passed: boolean;
  /** One line per failed check; empty when passed. */
  readonly failures: readonly string[];
  readonly metrics: OracleMetrics;
}

/**
 * Runs every check on `propagator` over `graph`.
 * @param propagator - the candidate (untrusted: a throw is a failure, not a crash)
 * @param graph - the test graph (a ring or a small k-NN graph)
 * @param options - step count, seed and tolerances
 */
export function runOracle(propagator: Propagator, graph: WaveGraph, options: OracleOptions = {}): OracleVerdict {
  const config = resolved(options);
  const failures: string[] = [];
  const measure = (name: string, check: () => number): number => {
    // A candidate is untrusted code: whatever it throws, assertions included, is its failure.
    try {
      return check();
    } catch (error) {
      failures.push(`${name}: threw ${error instanceof Error ? error.message : String(error)}`);
      return Number.NaN;
    }
  };
  const metrics: OracleMetrics = {
    energyDrift: measure('energy', () => energyDrift(propagator, graph, config, 0)),
    nonlinearEnergyDrift: measure('nonlinear energy', () => energyDrift(propagator, graph, config, 1)),
    reversibilityError: measure('reversibility', () => reversibilityError(propagator, graph, config)),
    dissipationGrowth: measure('dissipation', () => dissipationGrowth(propagator, graph, config)),
    spikeAmplitudeMax: measure('spike', () => spikeAmplitude(propagator, graph, config)),
  };
  const limit = config.energyDriftMax;
  if (!(metrics.energyDrift < limit)) failures.push(`energy drift ${metrics.energyDrift} ≥ ${limit}`);
  if (!(metrics.nonlinearEnergyDrift < limit)) failures.push(`nonlinear energy drift ${metrics.nonlinearEnergyDrift} ≥ ${limit}`);
  if (!(metrics.reversibilityError < config.reversibilityErrorMax)) {
    failures.push(`reversibility error ${metrics.reversibilityError} ≥ ${config.reversibilityErrorMax}`);
  }
  if (!(metrics.dissipationGrowth <= limit)) failures.push(`energy grew ${metrics.dissipationGrowth} under damping`);
  if (!(metrics.spikeAmplitudeMax <= nonaryAmplitudeMax * (1 + 1e-12))) {
    failures.push(`spike left |ψ| = ${metrics.spikeAmplitudeMax} (limit ${nonaryAmplitudeMax}, finite values)`);
  }
  return { passed: failures.length === 0, failures, metrics };
}

type OracleConfig = Required<OracleOptions>;

function resolved(options: OracleOptions): OracleConfig {
  return {
    steps: options.steps ?? 2000,
    seed: options.seed ?? 1,
    timeStepFraction: options.timeStepFraction ?? 0.005,
    energyDriftMax: options.energyDriftMax ?? 1e-4,
    reversibilityErrorMax: options.reversibilityErrorMax ?? 1e-6,
  };
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
