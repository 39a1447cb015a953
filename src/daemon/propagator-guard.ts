/**
 * Guarded propagation (spec §5.5 SCRAM, issue 4): how the daemon runs any propagator, the
 * built-in included. A blacklisted propagator is refused before it runs; otherwise the run goes
 * through the pure watchdog (wave/watchdog.ts). On SCRAM, in this order:
 *  1. the offending state is written as an emergency snapshot to `checkpoints/`
 *     (scram-snapshot.ts: atomic, named with the time and the propagator);
 *  2. the propagator is blacklisted and a `wave.scram` audit entry appended, in ONE store
 *     transaction, so the refusal and its record commit together or not at all;
 *  3. the last good state is handed back for the caller to continue from.
 * The snapshot comes first so the blacklist entry can name it; if it cannot be written (disk
 * full), the propagator is still blacklisted, with the write error in the audit entry, because
 * refusing a diverging module matters more than keeping its evidence.
 */
import { AssertionError } from 'node:assert';
import { assert, limits } from '../core/index.ts';
import { runWatchdog, type WatchdogOptions, type WatchdogRun, type WatchdogScram, type WatchdogViolation, type WaveState } from '../wave/index.ts';
import type { Noctem } from './compose.ts';
import { blacklistPropagatorIn, ensurePropagatorAllowed, type BlacklistedPropagator } from './propagator-blacklist.ts';
import { writeScramSnapshot } from './scram-snapshot.ts';

/** Options for {@link runGuardedPropagation}: the watchdog's. */
export type GuardedPropagationOptions = WatchdogOptions;

/** A guarded run that finished: the watchdog's end state (or last good state, when `restored`). */
export interface GuardedCompletion {
  readonly scram: false;
  readonly state: WaveState;
  /** Steps run to reach `state`. */
  readonly step: number;
  /** True when the steps ran out during a streak of violations and the last good state came back. */
  readonly restored: boolean;
  /** Violations tolerated along the way (none reached the SCRAM threshold). */
  readonly violationCount: number;
}

/** A guarded run stopped by SCRAM. */
export interface GuardedScram {
  readonly scram: true;
  /** The restored last good state. */
  readonly state: WaveState;
  /** Steps run to reach `state`. */
  readonly step: number;
  /** The violation that completed the streak. */
  readonly violation: WatchdogViolation;
  /** The blacklist entry written (its `snapshot` is relative to the home root). */
  readonly blacklisted: BlacklistedPropagator;
}

/** What {@link runGuardedPropagation} returns. */
export type GuardedPropagation = GuardedCompletion | GuardedScram;

/**
 * Runs `run` under the watchdog, with SCRAM handling (module comment).
 * @param noctem - the open home (store, audit log, clock, paths)
 * @param run - propagator, start state, parameters, steps
 * @param options - watchdog options
 * @throws {NoctemError} WAVE_PROPAGATOR_BLACKLISTED when the propagator is refused
 */
export async function runGuardedPropagation(noctem: Noctem, run: WatchdogRun, options: GuardedPropagationOptions = {}): Promise<GuardedPropagation> {
  const name = run.propagator.name;
  assert(name.length > 0 && name.length <= limits.propagatorNameCharsMax, 'a propagator name is 1..propagatorNameCharsMax characters');
  ensurePropagatorAllowed(noctem.store, name);
  const result = runWatchdog(run, options);
  if (!result.scram) {
    return { scram: false, state: result.state, step: result.step, restored: result.restored, violationCount: result.violationCount };
  }
  const blacklisted = await recordScram(noctem, { name, result });
  return { scram: true, state: result.lastGoodState, step: result.lastGoodStep, violation: result.violation, blacklisted };
}

/**
 * Persists a SCRAM the watchdog reported (steps 1 and 2 of the module comment); callers that
 * ran the watchdog themselves (wave recall, through watchedPropagator) use this directly.
 * @param noctem - the open home
 * @param scram - the propagator's name and the watchdog's SCRAM result
 * @returns the blacklist entry written
 */
export async function recordScram(noctem: Noctem, scram: { readonly name: string; readonly result: WatchdogScram }): Promise<BlacklistedPropagator> {
  const { name, result } = scram;
  const atMs = noctem.clock.nowMs();
  const { violation } = result;
  let snapshot: string | null = null;
  let snapshotError: string | undefined;
  try {
    snapshot = await writeScramSnapshot(noctem.paths, {
      state: result.emergencyState,
      header: { propagator: name, atMs, violation, lastGoodStep: result.lastGoodStep },
    });
  } catch (error) {
    // Safe to go on: the propagator is still blacklisted below, and the audit entry records
    // why its evidence is missing. Bugs (assertions) are not ours to absorb.
    if (error instanceof AssertionError) throw error;
    snapshotError = error instanceof Error ? error.message : String(error);
  }
  const entry: BlacklistedPropagator = { name, check: violation.check, reason: violation.detail, step: violation.step, atMs, snapshot };
  noctem.store.write((writer) => {
    blacklistPropagatorIn(writer, entry);
    noctem.audit.appendInTransaction(writer, [{
      actor: 'noctem',
      action: 'wave.scram',
      details: {
        propagator: name,
        check: violation.check,
        reason: violation.detail,
        step: violation.step,
        lastGoodStep: result.lastGoodStep,
        streak: result.streak.map((v) => `${v.check}@${v.step}`),
        snapshot,
        ...(snapshotError === undefined ? {} : { snapshotError }),
      },
    }]);
  });
  return entry;
}
