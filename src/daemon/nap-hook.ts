/**
 * The daemon's nap hook: runs nap-service.ts's runNap with this process's metabolic locks and
 * the memory, opened on the first nap (opening the embedder costs about a second, and an idle
 * daemon may never nap). Also the nap's effect on the autonomy state, shared by the daemon
 * loop and `noctem nap`: the metabolism recharges from the nap's start to its end, serotonin
 * takes the nap's +0.2 (drive-event.ts 'nap-completed') and lastNapAtMs is set.
 */
import { applyDriveEvent, endNap, MetabolicLocks, metabolismParams, startNap, type MetabolismParams } from '../autonomy/index.ts';
import type { NapTrigger } from '../nap/index.ts';
import { readAutonomyState, updateAutonomyState, type AutonomyState } from './autonomy-state.ts';
import type { Noctem } from './compose.ts';
import type { NapHook } from './daemon-loop.ts';
import type { Memory } from './memory.ts';
import { runNap, type NapRun } from './nap-service.ts';

/** Options of {@link napServiceHook}. */
export interface NapServiceHookOptions {
  /** The process's locks (shared with its ingestion). @default new locks */
  readonly locks?: MetabolicLocks;
  /** The passphrase of an encrypted home (the nap's checkpoint is encrypted). @default undefined */
  readonly passphrase?: string;
}

/**
 * A nap hook over runNap.
 * @param noctem - the open home
 * @param memory - the memory services, or how to open them on the first nap
 * @param options - locks and passphrase
 */
export function napServiceHook(noctem: Noctem, memory: () => Promise<Pick<Memory, 'index'>>, options: NapServiceHookOptions = {}): NapHook {
  const locks = options.locks ?? new MetabolicLocks();
  let opened: Promise<Pick<Memory, 'index'>> | undefined;
  return async ({ trigger, drives, signal }) => {
    signal?.throwIfAborted();
    opened ??= memory();
    const services = await opened;
    await runNap(noctem, services, {
      locks, drives, trigger, ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }), ...(signal === undefined ? {} : { signal }),
    });
  };
}

/**
 * The state as a nap begins: the metabolism starts recharging (at `nowMs`, or at its own
 * clock when that is later, as clocks do not go back).
 * @param state - the autonomy state
 * @param nowMs - the clock value (ms)
 * @param params - the metabolism's constants @default metabolismParams()
 */
export function napStartedState(state: AutonomyState, nowMs: number, params: MetabolismParams = metabolismParams()): AutonomyState {
  return { ...state, metabolism: startNap(state.metabolism, Math.max(nowMs, state.metabolism.atMs), params) };
}

/**
 * The state as a nap ends: the recharge stops, serotonin +0.2 (clamped to 1), ATP fraction
 * refreshed, lastNapAtMs = the end (or the metabolism's own later clock).
 * @param state - the state from {@link napStartedState}
 * @param endMs - the clock value (ms)
 * @param params - the metabolism's constants @default metabolismParams()
 */
export function napEndedState(state: AutonomyState, endMs: number, params: MetabolismParams = metabolismParams()): AutonomyState {
  const atMs = Math.max(endMs, state.metabolism.atMs);
  const metabolism = endNap(state.metabolism, atMs, params);
  const drives = { ...applyDriveEvent(state.drives, { kind: 'nap-completed' }), atpFraction: metabolism.atp / params.atpMax };
  return { ...state, metabolism, drives, lastNapAtMs: atMs };
}

/** Options of {@link napWithSavedState}. */
export interface NapWithSavedStateOptions extends NapServiceHookOptions {
  /** Why the nap runs. @default 'manual' */
  readonly trigger?: NapTrigger;
  /** Stops the nap at its safe point (runNap's `signal`). @default never */
  readonly signal?: AbortSignal;
}

/**
 * One nap outside the daemon (`noctem nap`): runs at the saved drives, then applies the nap's
 * effect ({@link napStartedState} at the start time, {@link napEndedState} at the end) to the
 * state as saved at the end, in one transaction, so a daemon's concurrent writes are kept.
 * @param noctem - the open home
 * @param memory - the memory services
 * @param options - locks, passphrase and trigger
 * @returns the nap and the state saved after it
 */
export async function napWithSavedState(noctem: Noctem, memory: Pick<Memory, 'index'>, options: NapWithSavedStateOptions = {}): Promise<{ run: NapRun; state: AutonomyState }> {
  const startMs = noctem.clock.nowMs();
  const { drives } = readAutonomyState(noctem.store, startMs);
  const run = await runNap(noctem, memory, {
    locks: options.locks ?? new MetabolicLocks(), drives, trigger: options.trigger ?? 'manual',
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const endMs = noctem.clock.nowMs();
  const state = updateAutonomyState(noctem.store, (saved) => napEndedState(napStartedState(saved, startMs), endMs), { nowMs: endMs });
  return { run, state };
}
