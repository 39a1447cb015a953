/**
 * Halting on the kill switch (issue 7): a long-running front-end (the daemon, `up`) hands its
 * work to {@link haltOnKill} with the switch's signal. When the switch is seen, the work is
 * expected to stop at its next safe point (the tick loop between ticks, a nap before its
 * transaction, the watcher after its current drain); haltOnKill measures how long that took
 * and records `kill.halt` in the audit log. Work that has not stopped after
 * limits.killHaltGraceMs is left behind: `kill.halt` is recorded with `forced: true` and
 * `onOverrun` ends the process, which is safe at that moment as every store write is one
 * synchronous transaction (a timer callback never runs inside one), so what is lost is what a
 * crash loses: the state since its last save and the current drain or nap, redone on restart.
 */
import { performance } from 'node:perf_hooks';
import { isNoctemError, limits } from '../core/index.ts';
import type { Noctem } from './compose.ts';

/** The `kill.halt` audit entry's details. */
export interface KillHaltRecord {
  /** What halted ('daemon', 'up'). */
  readonly process: string;
  /** The reason given to `noctem kill`, or null (a hand-made sentinel). */
  readonly reason: string | null;
  /** When the switch was engaged (ISO 8601), or null when unknown. */
  readonly engagedAt: string | null;
  /** From the switch's engagement to this process seeing it, wall-clock ms, or null when unknown. */
  readonly seenAfterMs: number | null;
  /** From seeing the switch to the work stopped (or given up on), monotonic ms. */
  readonly haltMs: number;
  /** True when the work did not reach a safe point within the grace period. */
  readonly forced: boolean;
}

/** Options of {@link haltOnKill}. */
export interface HaltOnKillOptions {
  /** The kill switch's signal (fs-kill-switch.ts watchKillSwitch). */
  readonly signal: AbortSignal;
  /** What is halting, for the audit entry. @default 'daemon' */
  readonly process?: string;
  /** Longest wait for the work after the switch is seen, ms. @default limits.killHaltGraceMs */
  readonly graceMs?: number;
  /**
   * Called once the grace period has passed with the work still running, after `kill.halt`
   * (forced) is recorded; ends the process. @default nothing (the work is still awaited)
   */
  readonly onOverrun?: () => void;
}

/** The work's result, and the halt when the switch stopped it. */
export interface HaltOnKillResult<T> {
  readonly result: T;
  /** The recorded halt, or null when the work ended without the kill switch. */
  readonly halt: KillHaltRecord | null;
}

/**
 * Awaits `work`; when `options.signal` aborts meanwhile, records `kill.halt` (actor 'noctem')
 * as the work stops, or after the grace period (forced) when it does not.
 * @param noctem - the open home (its audit log and clock)
 * @param work - the work, which must itself stop on the same signal
 * @param options - the signal, the grace period and what to do on an overrun
 * @returns the work's result and the halt record
 * @throws whatever `work` throws, after the halt is recorded
 */
export async function haltOnKill<T>(noctem: Noctem, work: Promise<T>, options: HaltOnKillOptions): Promise<HaltOnKillResult<T>> {
  const { signal } = options;
  let seenAtMs: number | undefined;
  let halt: KillHaltRecord | null = null;
  let timer: NodeJS.Timeout | undefined;
  const record = (forced: boolean): KillHaltRecord => {
    halt ??= recordHalt(noctem, signal, { process: options.process ?? 'daemon', haltMs: performance.now() - (seenAtMs ?? 0), forced });
    return halt;
  };
  const onAbort = (): void => {
    seenAtMs = performance.now();
    timer = setTimeout(() => {
      try {
        record(true);
      } finally {
        // The process must end even when the audit entry could not be written (the error
        // then reaches the process's handler): stopping is what the person asked for.
        options.onOverrun?.();
      }
    }, options.graceMs ?? limits.killHaltGraceMs);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await work;
    return { result, halt: seenAtMs === undefined ? null : record(false) };
  } catch (error) {
    if (seenAtMs !== undefined) record(false);
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function recordHalt(noctem: Noctem, signal: AbortSignal, halt: Pick<KillHaltRecord, 'process' | 'haltMs' | 'forced'>): KillHaltRecord {
  const details = isNoctemError(signal.reason) ? signal.reason.details : {};
  const engagedAtMs = typeof details['engagedAtMs'] === 'number' ? details['engagedAtMs'] : undefined;
  const record: KillHaltRecord = {
    process: halt.process,
    reason: typeof details['reason'] === 'string' && details['reason'] !== '' ? details['reason'] : null,
    engagedAt: engagedAtMs === undefined ? null : new Date(engagedAtMs).toISOString(),
    seenAfterMs: engagedAtMs === undefined ? null : Math.max(0, Math.round(noctem.clock.nowMs() - engagedAtMs - halt.haltMs)),
    haltMs: Math.round(halt.haltMs * 10) / 10,
    forced: halt.forced,
  };
  noctem.audit.append({ actor: 'noctem', action: 'kill.halt', details: { ...record } });
  return record;
}
