/**
 * The drive integrator: dx/dt = M·x + F_nl(A) + I_ext over the chemicals' deviation from their
 * baselines x = [D, S, N] − [D_base, S_base, N_base] (spec §5.1 GAP-005, D6), one tick at a time.
 *
 * - I_ext: the tick's events are impulses applied at its start (drive-event.ts), and the
 *   waking serotonin drain is a constant input while awake (serotonin.ts).
 * - F_nl: the spec names "non-linear regulatory terms" without giving any. Ours is fatigue, the
 *   one way ATP acts on the chemicals: below the spec's soft ATP threshold (15 %) dopamine and
 *   norepinephrine are pulled down at fatigueRatePerS × (1 − A/0.15), up to 0.005 per second at
 *   A = 0, which lowers plasticity and arousal as the budget runs out and brings the nap trigger
 *   D < 0.2 (§6.4) along with it. Saturation is the other non-linearity: every level is
 *   clamped to [0, 1] after each step (a projection onto the box, which never increases the
 *   distance to the baseline, itself inside the box).
 * - The step is exact for the linear part: x ← e^{Mh}·x + (∫₀ʰ e^{Ms} ds)·u, with both operators
 *   computed once per (M, h) by matrix-exponential.ts. F_nl depends only on A, which is held
 *   over the tick, so the step is the exact solution for inputs held over the tick.
 *   Stability for every tick: M passes Gershgorin (coupling-matrix.ts), so its log-norm μ∞ < 0
 *   and ‖e^{Mh}‖∞ ≤ e^{μ∞·h} < 1 for all h > 0: each step contracts the homogeneous part.
 */
import { NoctemError, assert, limits } from '../core/index.ts';
import { assertStableCoupling, coupledChemicals, noctemCouplingMatrix, type CouplingValidation } from './coupling-matrix.ts';
import { applyDriveEvent, type DriveEvent } from './drive-event.ts';
import { clampUnit, driveBaselines, type DriveState } from './drive-state.ts';
import { exponentialStep, infinityNorm, multiplyVector, type ExponentialStep } from './matrix-exponential.ts';
import type { RealMatrix } from './real-eigenvalues.ts';
import { serotoninConstants } from './serotonin.ts';

/** Options of {@link createDriveIntegrator}. */
export interface DriveIntegratorOptions {
  /** The tick in whole milliseconds, 1..limits.driveTickMsMax. @default 100 */
  readonly tickMs?: number;
  /** M over [D, S, N] per second; must pass assertStableCoupling. @default noctemCouplingMatrix */
  readonly couplingMatrix?: RealMatrix;
  /** Fatigue pull on D and N per second at A = 0, ≥ 0. @default 0.005 */
  readonly fatigueRatePerS?: number;
}

/** One tick's inputs. */
export interface DriveTickInput {
  /** Awake (serotonin drains) or napping (it does not). */
  readonly awake: boolean;
  /** Impulses applied at the tick's start, in order; at most limits.driveEventsPerTickMax. @default none */
  readonly events?: readonly DriveEvent[];
}

/** A drive integrator for one matrix and tick. */
export interface DriveIntegrator {
  readonly tickMs: number;
  /** The coupling matrix's validation (eigenvalues, discs, log-norm). */
  readonly validation: CouplingValidation;
  /** e^{M·h} and ∫₀ʰ e^{Ms} ds for h = tickMs/1000 s. */
  readonly operators: ExponentialStep;
  /** ‖e^{M·h}‖∞ < 1: the most one tick leaves of any deviation (its largest component). */
  readonly contraction: number;
  /**
   * Advances the chemicals by one tick; ATP is carried over unchanged (the metabolism sets it).
   * @param state - levels in [0, 1]
   * @param input - awake and the tick's events
   * @returns the state one tick later, every level in [0, 1]
   */
  step(state: DriveState, input: DriveTickInput): DriveState;
}

/** The fatigue onset: the spec's soft ATP threshold (§6.4.1), as a fraction of the maximum. */
export const fatigueOnsetFraction = 0.15;

/**
 * Builds an integrator (see the module comment).
 * @param options - tick, coupling matrix, fatigue rate
 * @throws {NoctemError} AUTONOMY_DRIVES_INVALID when the tick or fatigue rate is out of range
 * @throws {NoctemError} AUTONOMY_COUPLING_UNSTABLE when the matrix is not 3×3 or not stable
 */
export function createDriveIntegrator(options: DriveIntegratorOptions = {}): DriveIntegrator {
  const tickMs = options.tickMs ?? 100;
  const fatigueRatePerS = options.fatigueRatePerS ?? 0.005;
  const matrix = options.couplingMatrix ?? noctemCouplingMatrix;
  if (!Number.isInteger(tickMs) || tickMs < 1 || tickMs > limits.driveTickMsMax) {
    throw new NoctemError('AUTONOMY_DRIVES_INVALID', `Cannot use a drive tick of ${tickMs} ms: it must be a whole number from 1 to ${limits.driveTickMsMax}`);
  }
  if (!(fatigueRatePerS >= 0 && Number.isFinite(fatigueRatePerS))) {
    throw new NoctemError('AUTONOMY_DRIVES_INVALID', `Cannot use a fatigue rate of ${fatigueRatePerS} per second: it must be finite and non-negative`);
  }
  if (matrix.length !== coupledChemicals.length) {
    throw new NoctemError('AUTONOMY_COUPLING_UNSTABLE', `The drive coupling matrix must be ${coupledChemicals.length}×${coupledChemicals.length} over dopamine, serotonin and norepinephrine, not ${matrix.length} rows`);
  }
  const validation = assertStableCoupling(matrix);
  const operators = exponentialStep(matrix, tickMs / 1000);
  const contraction = infinityNorm(operators.flow);
  assert(contraction < 1, 'a Gershgorin-stable matrix contracts every step');
  return {
    tickMs, validation, operators, contraction,
    step(state: DriveState, input: DriveTickInput): DriveState {
      const events = input.events ?? [];
      assert(events.length <= limits.driveEventsPerTickMax, 'events per tick within limits.driveEventsPerTickMax');
      const kicked = events.reduce(applyDriveEvent, state);
      const deviation = coupledChemicals.map((chemical) => kicked[chemical] - driveBaselines[chemical]);
      const forcing = driveForcing(kicked, input.awake, fatigueRatePerS);
      const flowed = multiplyVector(operators.flow, deviation);
      const driven = multiplyVector(operators.inputResponse, forcing);
      const [dopamine, serotonin, norepinephrine] = coupledChemicals.map((chemical, i) => clampUnit(driveBaselines[chemical] + flowed[i]! + driven[i]!));
      return { dopamine: dopamine!, serotonin: serotonin!, norepinephrine: norepinephrine!, atpFraction: kicked.atpFraction };
    },
  };
}

/**
 * The constant input over one tick, per second, in [D, S, N] order: F_nl (fatigue below the
 * soft ATP threshold, on D and N) plus the waking serotonin drain.
 * @param state - the drive state (only A is read)
 * @param awake - whether serotonin drains
 * @param fatigueRatePerS - the fatigue pull at A = 0
 */
export function driveForcing(state: DriveState, awake: boolean, fatigueRatePerS: number): number[] {
  assert(state.atpFraction >= 0 && state.atpFraction <= 1, 'A in [0, 1]');
  const fatigue = fatigueRatePerS * Math.max(0, 1 - state.atpFraction / fatigueOnsetFraction);
  return [-fatigue, awake ? -serotoninConstants.wakeDrainPerS : 0, -fatigue];
}
