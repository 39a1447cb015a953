/**
 * The runtime watchdog (spec §5.5 "Runtime Physics Oracle - Energy Conservation Watchdog",
 * issue 4): polices a running propagator by its effect. The run advances in chunks of
 * `checkEverySteps` steps (spec: 100) and checks the state after every chunk. A check fails
 * (a violation) when the propagator threw (it is untrusted code), returned a state of another
 * structure (size, graph, resonance or refractive index changed: a propagator moves ψ and v
 * only), left ψ, v or a non-finite, left |ψ| above the clamp, or let the energy H (energy.ts)
 * leave its tolerance:
 * - a conservative run (no emitters, α(1−rᵢ) = 0 at every node) must keep |H − H₀| ≤ tol·H₀.
 *   The spec's 1e-6 step-to-step tolerance is below velocity Verlet's own bounded energy
 *   oscillation, O((ω·dt)²), at any useful dt. Measured worst |H − H₀|/H₀ of the built-in over
 *   2000 steps (ring of 64, 100-node k-NN, β ∈ {0, 1}): 3.3e-4 at dt = 0.05 of the stable step,
 *   1.3e-3 at 0.1, 5.5e-3 at 0.2. A false SCRAM blacklists the propagator, so the default
 *   tolerance is 1e-2: headroom up to dt = 0.2, and still far below the ~20% a ψ ← 1.001ψ bug
 *   adds per 100-step check. Being measured from H₀ rather than step to step, a slow drift
 *   still crosses it in the end. The clamp is not conservative: a conservative run that
 *   reaches |ψ| = 4 loses energy to it and is flagged; runs near the clamp should be damped.
 * - a damped or driven run must keep H ≤ the analytic bound of energy-bounds.ts (the Dojo's).
 * `violationsMax` (default 3) consecutive violations trigger SCRAM: the result names the
 * violations, holds the offending (emergency) state and the last state that passed a check,
 * which the caller restores. A good check resets the count, so a brief spike is tolerated;
 * the run continues from the state that violated (or, after a throw or a state of another
 * structure, retries the same chunk from the state it handed over).
 * A run never hands back a state that failed its last check: if the steps run out during a
 * streak of violations, the last good state is returned instead (`restored`).
 * Pure: the start state is never mutated; the last good state is a copy taken only at checks.
 */
import { assert, limits } from '../core/index.ts';
import { waveEnergy } from './energy.ts';
import { waveEnergyBound } from './energy-bounds.ts';
import { waveInputProblems } from './wave-input-gate.ts';
import { nonaryAmplitudeMax, type WaveParams } from './wave-params.ts';
import { amplitudeMaxOf, cloneWaveState, isFiniteWaveState, type WaveState } from './wave-state.ts';
import type { Propagator } from './propagator.ts';

/** A propagation to watch. */
export interface WatchdogRun {
  readonly propagator: Propagator;
  /** The start state (it must pass the input gate, wave-input-gate.ts). */
  readonly state: WaveState;
  readonly params: WaveParams;
  /** Steps to run, 0..limits.waveStepsMax. */
  readonly steps: number;
}

/** Options for {@link runWatchdog}. */
export interface WatchdogOptions {
  /** Steps between checks (spec: 100). @default 100 */
  readonly checkEverySteps?: number;
  /** Consecutive violations that trigger SCRAM, 1..limits.watchdogViolationsMax. @default 3 */
  readonly violationsMax?: number;
  /** Relative energy tolerance of a conservative run. @default 1e-2 */
  readonly energyTolerance?: number;
  /** Growth factor of the damped or driven bound (energy-bounds.ts). @default 4 */
  readonly energyGrowthMax?: number;
}

/** The checks, in the order they are made. */
export const watchdogChecks = ['threw', 'structure', 'non-finite', 'amplitude', 'energy'] as const;

/** One of {@link watchdogChecks}. */
export type WatchdogCheck = (typeof watchdogChecks)[number];

/** A failed check. */
export interface WatchdogViolation {
  readonly check: WatchdogCheck;
  /** Steps run when the check was made (after a throw: the end of the chunk that failed). */
  readonly step: number;
  /** What was wrong, in words. */
  readonly detail: string;
}

/** Counts shared by both outcomes. */
export interface WatchdogTally {
  /** Checks made. */
  readonly checks: number;
  /** Violations in the whole run. */
  readonly violationCount: number;
  /** The current (SCRAM: the triggering) streak of consecutive violations, oldest first. */
  readonly streak: readonly WatchdogViolation[];
}

/** The run finished without SCRAM. */
export interface WatchdogCompleted extends WatchdogTally {
  readonly scram: false;
  /** The end state, or the last good state when `restored`. */
  readonly state: WaveState;
  /** Steps run to reach `state`. */
  readonly step: number;
  /** True when the steps ran out during a streak and the last good state was returned. */
  readonly restored: boolean;
}

/** The run was stopped by SCRAM. */
export interface WatchdogScram extends WatchdogTally {
  readonly scram: true;
  /** The violation that completed the streak. */
  readonly violation: WatchdogViolation;
  /** A copy of the offending state (after a throw or a structure violation: the state the propagator was handed). */
  readonly emergencyState: WaveState;
  /** A copy of the last state that passed a check (the start state if none did). */
  readonly lastGoodState: WaveState;
  /** Steps run to reach `lastGoodState`. */
  readonly lastGoodStep: number;
}

/** What {@link runWatchdog} returns. */
export type WatchdogResult = WatchdogCompleted | WatchdogScram;

/**
 * Runs `run.propagator` for `run.steps` steps under the watchdog (module comment).
 * @param run - propagator, start state, parameters, step count
 * @param options - check interval, SCRAM threshold, energy tolerances
 */
export function runWatchdog(run: WatchdogRun, options: WatchdogOptions = {}): WatchdogResult {
  const every = options.checkEverySteps ?? 100;
  const violationsMax = options.violationsMax ?? 3;
  assert(Number.isInteger(run.steps) && run.steps >= 0 && run.steps <= limits.waveStepsMax, 'steps within limits');
  assert(Number.isInteger(every) && every >= 1, 'the check interval is a positive step count');
  assert(Number.isInteger(violationsMax) && violationsMax >= 1 && violationsMax <= limits.watchdogViolationsMax, 'violationsMax within limits');
  const problems = waveInputProblems(run.state, run.params);
  assert(problems.length === 0, `watchdog input rejected: ${problems.join('; ')}`);
  const inspect = inspector(run, options);
  let current = run.state, step = 0, checks = 0, violationCount = 0;
  let lastGood = cloneWaveState(run.state), lastGoodStep = 0;
  let streak: WatchdogViolation[] = [];
  while (step < run.steps) {
    const chunk = Math.min(every, run.steps - step);
    const outcome = advanceUntrusted(run, current, chunk);
    checks += 1;
    const violation = outcome.state === undefined
      ? { check: 'threw' as const, step: step + chunk, detail: outcome.error }
      : inspect(outcome.state, step + chunk);
    // A state of another structure cannot be continued from (nor snapshotted): like a throw,
    // the chunk is retried from the state that was handed over.
    if (outcome.state !== undefined && violation?.check !== 'structure') { current = outcome.state; step += chunk; }
    if (violation === undefined) {
      lastGood = cloneWaveState(current);
      lastGoodStep = step;
      streak = [];
      continue;
    }
    violationCount += 1;
    streak.push(violation);
    if (streak.length >= violationsMax) {
      const tally = { checks, violationCount, streak };
      return { scram: true, violation, emergencyState: cloneWaveState(current), lastGoodState: lastGood, lastGoodStep, ...tally };
    }
  }
  const restored = streak.length > 0;
  return { scram: false, state: restored ? lastGood : current, step: restored ? lastGoodStep : step, restored, checks, violationCount, streak };
}

/**
 * True when H is conserved by the equation itself: no emitters and no damping at any node.
 * @param state - resonances
 * @param params - α and emitters
 */
export function isConservativeRun(state: WaveState, params: WaveParams): boolean {
  if ((params.emitters ?? []).length > 0) return false;
  if (params.alpha === 0) return true;
  return state.resonance.every((r) => r === 1);
}

/** One chunk of an untrusted propagator: its state, or what it threw. */
function advanceUntrusted(run: WatchdogRun, state: WaveState, steps: number): { state: WaveState; error?: never } | { state?: never; error: string } {
  // A propagator is untrusted code: whatever it throws, assertions included, is a violation
  // the watchdog counts; the run then retries the chunk or SCRAMs, so nothing is lost.
  try {
    return { state: run.propagator.advance(state, run.params, { steps }) };
  } catch (error) {
    return { error: `threw ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The check of one returned state against the run's start (module comment). */
function inspector(run: WatchdogRun, options: WatchdogOptions): (end: WaveState, step: number) => WatchdogViolation | undefined {
  const { state: start, params } = run;
  const amplitudeMax = params.amplitudeMax ?? nonaryAmplitudeMax;
  const conservative = isConservativeRun(start, params);
  const startEnergy = waveEnergy(start, params).total;
  const tolerance = options.energyTolerance ?? 1e-2;
  assert(tolerance > 0 && Number.isFinite(tolerance), 'the energy tolerance is positive');
  const bound = conservative ? Number.NaN : waveEnergyBound(start, params, options.energyGrowthMax === undefined ? {} : { energyGrowthMax: options.energyGrowthMax });
  return (end, step) => {
    const fail = (check: WatchdogCheck, detail: string): WatchdogViolation => ({ check, step, detail });
    if (!sameStructure(start, end)) return fail('structure', 'returned a state of another size, graph, resonance or refractive index');
    if (!isFiniteWaveState(end)) return fail('non-finite', 'ψ, v or a holds NaN or Inf');
    const amplitude = amplitudeMaxOf(end);
    if (!(amplitude <= amplitudeMax * (1 + 1e-12))) return fail('amplitude', `|ψ| = ${amplitude} above the clamp ${amplitudeMax}`);
    const energy = waveEnergy(end, params).total;
    if (conservative && !(Math.abs(energy - startEnergy) <= tolerance * startEnergy)) {
      return fail('energy', `H = ${energy} drifted from H₀ = ${startEnergy} by more than ${tolerance} (relative)`);
    }
    if (!conservative && !(energy <= bound)) return fail('energy', `H = ${energy} above the bound ${bound}`);
    return undefined;
  };
}

/** True when `end` (untrusted: checked at run time, whatever its type says) has `start`'s structure. */
function sameStructure(start: WaveState, end: WaveState): boolean {
  const n = start.graph.nodeCount;
  if (typeof end !== 'object' || end === null || end.graph !== start.graph || typeof end.time !== 'number') return false;
  const moving: unknown[] = [end.psiRe, end.psiIm, end.vRe, end.vIm, end.aRe, end.aIm];
  if (!moving.every((array) => array instanceof Float64Array && array.length === n)) return false;
  return sameValues(start.resonance, end.resonance) && sameValues(start.refractiveIndex, end.refractiveIndex);
}

function sameValues(a: Float64Array, b: unknown): boolean {
  if (a === b) return true;
  if (!(b instanceof Float64Array) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** A propagator that runs another under the watchdog, and the SCRAMs it has seen. */
export interface WatchedPropagator {
  readonly propagator: Propagator;
  /** Every SCRAM so far (the caller persists them: blacklist, audit, snapshot). */
  readonly scrams: readonly WatchdogScram[];
}

/**
 * Wraps `inner` so every `advance` runs under {@link runWatchdog}: a SCRAM hands back the last
 * good state instead of the diverging one and is recorded in `scrams`. Callers that must stay
 * synchronous (the Propagator port is) use this and persist the SCRAM afterwards.
 * @param inner - the untrusted propagator (its name is kept)
 * @param options - the watchdog's options
 */
export function watchedPropagator(inner: Propagator, options: WatchdogOptions = {}): WatchedPropagator {
  const scrams: WatchdogScram[] = [];
  const propagator: Propagator = {
    name: inner.name,
    advance(state, params, advanceOptions) {
      const result = runWatchdog({ propagator: inner, state, params, steps: advanceOptions?.steps ?? 1 }, options);
      if (!result.scram) return result.state;
      scrams.push(result);
      return result.lastGoodState;
    },
  };
  return { propagator, scrams };
}
