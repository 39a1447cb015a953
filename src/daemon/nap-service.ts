/**
 * Runs one nap (issue 6, spec §6.1.3, §6.4): gate the inputs, do the nap's work in one store
 * write transaction (nap/nap-pass.ts: consolidation, dream noise, replays, context-vector
 * transport — nothing half-applied on a crash), write a differential checkpoint, record the
 * nap in history (`meta` 'nap:' + time) with its `nap.run` audit entry, and open the gate.
 *
 * Gate: `locks.waitForLocks()` closes the gate to new metabolic locks (ingestion jobs that
 * ask meanwhile wait: queued, never dropped) and waits up to 5 s for the held ones; after
 * that the nap proceeds forced and the forced holders are audited (`nap.forced`). The gate
 * opens again in a finally, whatever happens. Locks are per process: another process's
 * ingestion is serialized with the nap's transaction by LMDB alone.
 *
 * The dream generator is xoshiro256++ seeded with 32 bytes of OS entropy (or `seed`) and
 * reseeded from `node:crypto` every limits.dreamRngReseedDrawsMax draws. A replay is the
 * feedback-plasticity step (damped propagation from the query's node, then Hebbian) with its
 * baseline rates rescaled so that η = η(D) and λ = λ(S) of the nap's drives exactly.
 * Serotonin +0.2 after a nap is returned as a drive event for the daemon to apply and persist.
 */
import { randomBytes } from 'node:crypto';
import { limits, type NodeId } from '../core/index.ts';
import type { DriveEvent, DriveState, MetabolicLocks, MetabolicLockHolder } from '../autonomy/index.ts';
import { napPass, ReseedingRng, type NapPassResult, type NapTrigger } from '../nap/index.ts';
import { elasticity, learningRate } from '../wave/index.ts';
import type { Noctem } from './compose.ts';
import type { Memory } from './memory.ts';
import { writeHomeCheckpoint, type HomeCheckpointResult } from './checkpoint-home.ts';
import { applyFeedbackPlasticity, feedbackPlasticityDefaults } from './feedback-plasticity.ts';

/** Options of {@link runNap}. */
export interface RunNapOptions {
  /** The process's metabolic locks (the gate). */
  readonly locks: MetabolicLocks;
  /** The drives at the start of the nap. */
  readonly drives: DriveState;
  /** Why the nap runs. */
  readonly trigger: NapTrigger;
  /** 32 bytes for the dream generator's first state. @default 32 bytes of OS entropy */
  readonly seed?: Uint8Array;
  /** Longest wait for held locks. @default 5000 */
  readonly lockTimeoutMs?: number;
  /** The passphrase of an encrypted home (its checkpoint is encrypted). @default undefined */
  readonly passphrase?: string;
  /**
   * Stops the nap at its safe point, once the gate is passed and before the transaction, by
   * throwing the signal's reason (nothing napped, the gate reopened); once the transaction
   * has begun, the nap finishes with its checkpoint and record. @default never
   */
  readonly signal?: AbortSignal;
}

/** What a nap did (the `--json` output of `noctem nap`). */
export interface NapResult {
  /** Nodes raised to long-term memory (r → 1). */
  readonly consolidated: number;
  /** Nodes whose transient activation was cleared. */
  readonly pruned: number;
  /** Dream replays of high-error queries. */
  readonly dreams: number;
  /** Context vectors transported to a changed metric. */
  readonly transported: number;
  /** The differential (or first, full) checkpoint written after the nap. */
  readonly checkpoint: HomeCheckpointResult;
  /** Wall time of the whole nap, gate included. */
  readonly ms: number;
}

/** A finished nap: its result, the drive event to apply, and who was forced. */
export interface NapRun {
  readonly result: NapResult;
  /** Serotonin +0.2 (autonomy/drive-event.ts 'nap-completed'). */
  readonly driveEvent: DriveEvent;
  /** Lock holders the nap did not wait for (empty normally). */
  readonly forced: readonly MetabolicLockHolder[];
}

/** The `meta` key prefix of the nap history; a key is the prefix and the time, 15 digits. */
export const napHistoryKeyPrefix = 'nap:';

/** The `meta` key holding the time the last nap ended (for the 6-hour schedule). */
export const napLastKey = 'nap.last';

/**
 * Runs a nap on `noctem` (see the module comment).
 * @param noctem - the open home
 * @param memory - its memory services (the index maps a fed-back result to its node)
 * @param options - the gate, the drives, the trigger and the seed
 * @throws {NoctemError} NAP_IN_PROGRESS when a nap is already running on these locks
 * @throws {NoctemError} NIK_KEY_REQUIRED when the home is encrypted and no passphrase is given
 * @throws the reason of `options.signal` when it aborted before the nap's transaction
 */
export async function runNap(noctem: Noctem, memory: Pick<Memory, 'index'>, options: RunNapOptions): Promise<NapRun> {
  const startMs = performance.now();
  const gate = await options.locks.waitForLocks({ timeoutMs: options.lockTimeoutMs ?? 5000 });
  try {
    if (gate.forced.length > 0) {
      noctem.audit.append({ actor: 'noctem', action: 'nap.forced', details: { trigger: options.trigger, holders: gate.forced.map((h) => ({ ...h })) } });
    }
    options.signal?.throwIfAborted();
    const rng = new ReseedingRng(options.seed ?? randomBytes(32), () => randomBytes(32));
    const pass = noctem.store.write((writer) => napPass(writer, {
      drives: options.drives,
      rng,
      nodeOf: (chunkId) => memory.index.chunk(chunkId)?.nodeId,
      reshape: (w, nodeId, drives) => replayStep(w, nodeId, drives, noctem.clock.nowMs()),
    }));
    const checkpoint = await writeHomeCheckpoint(noctem, options.passphrase === undefined ? {} : { passphrase: options.passphrase });
    const result: NapResult = { ...figures(pass), checkpoint, ms: Math.round(performance.now() - startMs) };
    recordNap(noctem, { result, pass, trigger: options.trigger, forced: gate.forced.length, reseeds: rng.reseeds });
    return { result, driveEvent: { kind: 'nap-completed' }, forced: gate.forced };
  } finally {
    options.locks.endNap();
  }
}

/**
 * The naps recorded in history, oldest first.
 * @param noctem - the open home
 * @param limit - at most this many, ≥ 1 @default 100
 */
export function napHistory(noctem: Noctem, limit = 100): Record<string, unknown>[] {
  const range = { start: napHistoryKeyPrefix, end: napHistoryKeyPrefix.slice(0, -1) + ';', limit: Math.min(limit, limits.auditListEntriesMax) };
  return [...noctem.store.range('meta', range)].map((e) => e.value as Record<string, unknown>);
}

function figures(pass: NapPassResult): Pick<NapResult, 'consolidated' | 'pruned' | 'dreams' | 'transported'> {
  return { consolidated: pass.consolidated, pruned: pass.pruned, dreams: pass.dreams, transported: pass.transported };
}

/** One replay: feedback plasticity with η_base, λ_base rescaled to η(D), λ(S) at its baseline drives. */
function replayStep(writer: Parameters<typeof applyFeedbackPlasticity>[0], nodeId: NodeId, drives: DriveState, nowMs: number): readonly NodeId[] {
  const d = feedbackPlasticityDefaults;
  // applyFeedbackPlasticity uses η = learningRate(0.5, etaBase) = etaBase and
  // λ = elasticity(0.5, lambdaBase) = lambdaBase/2, so these give η(D) and λ(S) exactly.
  const etaBase = learningRate(drives.dopamine, d.etaBase) / learningRate(d.dopamine, 1);
  const lambdaBase = elasticity(drives.serotonin, d.lambdaBase) / elasticity(d.serotonin, 1);
  return applyFeedbackPlasticity(writer, nodeId, { nowMs, etaBase, lambdaBase }).changed;
}

/** The history record, 'nap.last' and the `nap.run` audit entry, in one transaction. */
function recordNap(noctem: Noctem, nap: { result: NapResult; pass: NapPassResult; trigger: NapTrigger; forced: number; reseeds: number }): void {
  const atMs = noctem.clock.nowMs();
  const { checkpoint, ...counts } = nap.result;
  const record = {
    atMs, trigger: nap.trigger, ...counts, noised: nap.pass.noised, metricsChanged: nap.pass.metricsChanged,
    forced: nap.forced, reseeds: nap.reseeds, checkpoint: { file: checkpoint.file, merkleRoot: checkpoint.merkleRoot, kind: checkpoint.kind },
  };
  noctem.store.write((writer) => {
    writer.put('meta', napHistoryKeyPrefix + String(atMs).padStart(15, '0'), record);
    writer.put('meta', napLastKey, atMs);
    noctem.audit.appendInTransaction(writer, [{ actor: 'noctem', action: 'nap.run', details: record }]);
  });
}
