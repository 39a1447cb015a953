/**
 * The approval queue (issue 7 "Capabilities and approvals"): a skill's request for a
 * capability that always needs a decision (network, writes outside the sandbox, secrets,
 * self-modification) becomes a pending record in the `approvals` database; the person
 * grants or denies it (`noctem approvals grant|deny ID`, or the prompt on a terminal), the
 * policy file may grant it on their behalf, and otherwise it expires (is denied) when its
 * wait runs out. Every request and every decision is audited in the transaction that writes
 * it, and each write re-reads the record, so of two processes deciding the same request
 * exactly one wins. Nothing here reads the wall clock or a random source: both are passed in.
 */
import { NoctemError, assert, limits, type Clock } from '../core/index.ts';
import type { HomeStore, StoreKey, StoreReader, StoreWriter } from '../store/index.ts';
import type { AuditLog, AuditRecord } from './audit-log.ts';
import {
  approvalAsOf,
  approvalSubjectProblem,
  isApprovalId,
  validateApprovalRecord,
  type ApprovalDecider,
  type ApprovalId,
  type ApprovalRecord,
  type ApprovalSkill,
} from './approval-record.ts';
import { escapeDisplayText, sanitizeDisplayText } from './display-text.ts';

/** What a capability request asks. */
export interface ApprovalRequest {
  readonly skill: ApprovalSkill;
  /** The capability (`net.fetch`, `fs.write`, `secrets.get`, `self.modify`). */
  readonly capability: string;
  /** The host method the skill called (`net.fetch`). */
  readonly method: string;
  /** What the call reaches: a host, an absolute path, a secret name. Escaped for display. */
  readonly scope: string;
  /** The skill's own reason; untrusted, sanitized to one short line. */
  readonly summary: string;
  /** How long the request waits for a decision, ms: 1 to `limits.approvalTimeoutMsMax`. */
  readonly timeoutMs: number;
}

/** The ports of an {@link ApprovalQueue}. */
export interface ApprovalQueueOptions {
  readonly store: HomeStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** A fresh random id: 8 to 12 lowercase hex characters (e.g. 5 random bytes in hex). */
  readonly randomId: () => string;
  /**
   * Waits `ms`, or less once `signal` aborts (it may then resolve or reject).
   * @default a timer
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Options for {@link ApprovalQueue.waitForDecision}. */
export interface WaitForDecisionOptions {
  /** Give up (and expire the request) after this many ms. @default until the request expires */
  readonly timeoutMs?: number;
  /** The kill switch: aborting it cancels the request. @default none */
  readonly signal?: AbortSignal;
}

/** Options for {@link ApprovalQueue.list}. */
export interface ApprovalListOptions {
  /** Only live pending requests, or every kept record. @default 'pending' */
  readonly status?: 'pending' | 'all';
  /** Records at most, capped at `limits.approvalsListMax`. @default limits.approvalsListMax */
  readonly limit?: number;
}

/** A decision a person or the policy can make. */
export type ApprovalDecision = 'grant' | 'deny';

/** Key prefixes in the `approvals` database (ordered-binary arrays sort by their first element). */
const recordPrefix = 'r';
const pendingPrefix = 'p';
const timePrefix = 't';

/** Pending capability requests and their decisions, over one home's store. */
export class ApprovalQueue {
  readonly #store: HomeStore;
  readonly #audit: AuditLog;
  readonly #clock: Clock;
  readonly #randomId: () => string;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: ApprovalQueueOptions) {
    this.#store = options.store;
    this.#audit = options.audit;
    this.#clock = options.clock;
    this.#randomId = options.randomId;
    this.#sleep = options.sleep ?? timerSleep;
  }

  /**
   * Records a pending request and its `approval.request` audit entry in one transaction
   * (and drops a few records decided more than `limits.approvalRecordKeepMs` ago).
   * @returns the stored record, its summary and scope made safe for display
   */
  request(input: ApprovalRequest): ApprovalRecord {
    const problem = approvalSubjectProblem(input);
    assert(problem === undefined, `an approval request has a well-formed ${problem ?? ''}`);
    assert(Number.isSafeInteger(input.timeoutMs) && input.timeoutMs > 0 && input.timeoutMs <= limits.approvalTimeoutMsMax, 'an approval waits 1 ms to approvalTimeoutMsMax');
    const { skill, capability, method } = input;
    const scope = escapeDisplayText(input.scope, limits.approvalScopeCharsMax);
    const summary = sanitizeDisplayText(input.summary, limits.approvalSummaryCharsMax);
    return this.#store.write((writer) => {
      const createdAtMs = this.#clock.nowMs();
      const id = this.#freshId(writer);
      const record: ApprovalRecord = Object.freeze({
        id, status: 'pending', skill: Object.freeze({ name: skill.name, version: skill.version, digest: skill.digest }),
        capability, method, scope, summary, createdAtMs, expiresAtMs: createdAtMs + input.timeoutMs,
      });
      const pruned = pruneOld(writer, createdAtMs);
      writer.put('approvals', [recordPrefix, id], record);
      writer.put('approvals', [pendingPrefix, createdAtMs, id], id);
      writer.put('approvals', [timePrefix, createdAtMs, id], id);
      const entry = { actor: `skill:${skill.name}`, action: 'approval.request', details: { ...auditDetails(record), summary, expiresAtMs: record.expiresAtMs } };
      this.#audit.appendInTransaction(writer, [...pruned, entry]);
      return record;
    });
  }

  /**
   * Grants or denies a pending request, audited as `approval.grant` / `approval.deny` in the
   * same transaction. A request found past its expiry is marked expired (audited as
   * `approval.timeout`) and then refused.
   * @throws {NoctemError} APPROVAL_NOT_FOUND when there is no such request
   * @throws {NoctemError} APPROVAL_DECIDED when it is granted, denied or expired already
   * @throws {NoctemError} STORE_CORRUPT when its record is damaged
   */
  decide(id: string, decision: ApprovalDecision, by: 'person' | 'policy'): ApprovalRecord {
    const outcome = this.#store.write((writer) => {
      const record = readRecord(writer, id);
      if (record === undefined) return { kind: 'missing' } as const;
      if (record.status !== 'pending') return { kind: 'decided', record } as const;
      const nowMs = this.#clock.nowMs();
      if (nowMs >= record.expiresAtMs) return { kind: 'decided', record: this.#close(writer, record, 'expired', 'timeout', nowMs) } as const;
      return { kind: 'done', record: this.#close(writer, record, decision === 'grant' ? 'granted' : 'denied', by, nowMs) } as const;
    });
    if (outcome.kind === 'missing') throw new NoctemError('APPROVAL_NOT_FOUND', `There is no approval "${id.slice(0, 16)}"`);
    if (outcome.kind === 'decided') {
      const { status, decidedBy } = outcome.record;
      throw new NoctemError('APPROVAL_DECIDED', `The approval "${id}" is already ${status}`, { details: { id, status, decidedBy } });
    }
    return outcome.record;
  }

  /**
   * Waits until the request is granted or denied, polling every `limits.approvalPollMs`.
   * When its wait runs out (its expiry, or `timeoutMs` if sooner) it is marked expired,
   * audited as `approval.timeout`, and returned: the caller treats that as a denial. The
   * loop is bounded by the number of polls the wait allows, whatever the clock does.
   * @returns the closed record (`granted`, `denied` or `expired`)
   * @throws {NoctemError} SKILL_KILLED when `signal` aborts: the request is marked expired
   *   by `kill` (audited as `approval.cancel`) if it was still pending
   * @throws {NoctemError} APPROVAL_NOT_FOUND when there is no such request
   */
  async waitForDecision(id: string, options: WaitForDecisionOptions = {}): Promise<ApprovalRecord> {
    const { signal } = options;
    const first = this.#mustRead(id);
    const startMs = this.#clock.nowMs();
    const deadlineMs = Math.min(first.expiresAtMs, options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : startMs + options.timeoutMs);
    const pollsMax = Math.ceil(Math.max(0, deadlineMs - startMs) / limits.approvalPollMs) + 1;
    for (let poll = 0; poll < pollsMax; poll += 1) {
      if (signal?.aborted === true) return this.#cancel(id);
      const record = this.#mustRead(id);
      if (record.status !== 'pending') return record;
      const leftMs = deadlineMs - this.#clock.nowMs();
      if (leftMs <= 0) break;
      // An abort may reject the sleep; the next turn of the loop sees it and cancels.
      await this.#sleep(Math.min(limits.approvalPollMs, leftMs), signal).catch((error: unknown) => {
        if (signal?.aborted !== true) throw error;
      });
    }
    if (signal?.aborted === true) return this.#cancel(id);
    return this.#expire(id, 'timeout');
  }

  /**
   * Lists requests: live pending ones first (oldest first), then, for `all`, the other kept
   * records newest first, pending ones past their expiry shown as expired (nothing is written).
   * @throws {NoctemError} STORE_CORRUPT when a record is damaged
   */
  list(options: ApprovalListOptions = {}): ApprovalRecord[] {
    const limit = Math.min(options.limit ?? limits.approvalsListMax, limits.approvalsListMax);
    assert(Number.isSafeInteger(limit) && limit >= 0, 'a list limit is a whole number');
    const nowMs = this.#clock.nowMs();
    const shown: ApprovalRecord[] = [];
    for (const { value } of this.#store.range('approvals', prefixRange(pendingPrefix, limits.approvalsListMax))) {
      if (shown.length >= limit) break;
      const record = approvalAsOf(mustRecord(this.#store, value), nowMs);
      if (record.status === 'pending') shown.push(record);
    }
    if (options.status !== 'all') return shown;
    const live = new Set(shown.map((r) => r.id));
    for (const { value } of this.#store.range('approvals', prefixRange(timePrefix, limit, true))) {
      if (shown.length >= limit) break;
      if (!live.has(value as ApprovalId)) shown.push(approvalAsOf(mustRecord(this.#store, value), nowMs));
    }
    return shown;
  }

  /**
   * One request as a reader sees it now (past its expiry shows as expired), or undefined.
   * @throws {NoctemError} STORE_CORRUPT when its record is damaged
   */
  get(id: string): ApprovalRecord | undefined {
    const record = readRecord(this.#store, id);
    return record === undefined ? undefined : approvalAsOf(record, this.#clock.nowMs());
  }

  #mustRead(id: string): ApprovalRecord {
    const record = readRecord(this.#store, id);
    if (record === undefined) throw new NoctemError('APPROVAL_NOT_FOUND', `There is no approval "${id.slice(0, 16)}"`);
    return record;
  }

  /** Marks the request expired if it is still pending; a decision that won the race stands. */
  #expire(id: string, by: 'timeout' | 'kill'): ApprovalRecord {
    return this.#store.write((writer) => {
      const record = readRecord(writer, id);
      if (record === undefined) throw new NoctemError('APPROVAL_NOT_FOUND', `There is no approval "${id.slice(0, 16)}"`);
      return record.status === 'pending' ? this.#close(writer, record, 'expired', by, this.#clock.nowMs()) : record;
    });
  }

  #cancel(id: string): never {
    const record = this.#expire(id, 'kill');
    throw new NoctemError('SKILL_KILLED', `The kill switch cancelled the skill "${record.skill.name}" while it waited for approval "${id}"`, {
      details: { approval: id, status: record.status },
    });
  }

  /** Writes the closed record, drops its pending entry, and audits the change. */
  #close(writer: StoreWriter, record: ApprovalRecord, status: 'granted' | 'denied' | 'expired', by: ApprovalDecider, nowMs: number): ApprovalRecord {
    const closed: ApprovalRecord = Object.freeze({ ...record, status, decidedAtMs: Math.max(nowMs, record.createdAtMs), decidedBy: by });
    writer.put('approvals', [recordPrefix, record.id], closed);
    writer.remove('approvals', [pendingPrefix, record.createdAtMs, record.id]);
    this.#audit.appendInTransaction(writer, [closeAudit(closed)]);
    return closed;
  }

  #freshId(reader: StoreReader): ApprovalId {
    for (let attempt = 0; attempt < limits.approvalIdAttemptsMax; attempt += 1) {
      const id = this.#randomId();
      assert(isApprovalId(id), 'randomId returns 8 to 12 lowercase hex characters');
      if (reader.get('approvals', [recordPrefix, id]) === undefined) return id;
    }
    assert(false, 'random approval ids do not collide approvalIdAttemptsMax times in a row');
  }
}

/**
 * Removes up to `limits.approvalPruneBatchMax` of the oldest records once they have been
 * closed (or past their expiry) for `limits.approvalRecordKeepMs`. The audit log keeps their
 * history; a request that expired without being marked (its process died) gets its
 * `approval.timeout` entry now.
 */
function pruneOld(writer: StoreWriter, nowMs: number): AuditRecord[] {
  const entries: AuditRecord[] = [];
  const oldest = Array.from(writer.range('approvals', prefixRange(timePrefix, limits.approvalPruneBatchMax)));
  for (const { key, value } of oldest) {
    const record = mustRecord(writer, value);
    if ((record.decidedAtMs ?? record.expiresAtMs) + limits.approvalRecordKeepMs > nowMs) continue;
    if (record.status === 'pending') entries.push(closeAudit(approvalAsOf(record, nowMs)));
    writer.remove('approvals', key);
    writer.remove('approvals', [recordPrefix, record.id]);
    writer.remove('approvals', [pendingPrefix, record.createdAtMs, record.id]);
  }
  return entries;
}

function closeAudit(record: ApprovalRecord): AuditRecord {
  const by = record.decidedBy;
  const action = record.status === 'granted' ? 'approval.grant' : record.status === 'denied' ? 'approval.deny' : by === 'kill' ? 'approval.cancel' : 'approval.timeout';
  const actor = by === 'person' || by === 'policy' ? by : 'noctem';
  return { actor, action, details: auditDetails(record) };
}

function auditDetails(record: ApprovalRecord): Record<string, unknown> {
  const { id, skill, capability, method, scope } = record;
  return { id, skill: skill.name, version: skill.version, digest: skill.digest, capability, method, scope };
}

function readRecord(reader: StoreReader, id: string): ApprovalRecord | undefined {
  if (!isApprovalId(id)) return undefined;
  const value = reader.get('approvals', [recordPrefix, id]);
  return value === undefined ? undefined : validateApprovalRecord(value, id);
}

/** The record an index entry (whose value is the id) points at. */
function mustRecord(reader: StoreReader, indexValue: unknown): ApprovalRecord {
  const id = typeof indexValue === 'string' ? indexValue : '';
  const record = readRecord(reader, id);
  if (record === undefined) {
    throw new NoctemError('STORE_CORRUPT', 'An approvals index entry names no stored approval', { details: { db: 'approvals', id: id.slice(0, 16) } });
  }
  return record;
}

function prefixRange(prefix: string, limit: number, reverse = false): { start: StoreKey; end: StoreKey; limit: number; reverse: boolean } {
  // Every key [prefix, …] sorts after [prefix] and before [next letter]; walking backwards
  // starts from the upper bound.
  const [low, high] = [[prefix], [String.fromCharCode(prefix.charCodeAt(0) + 1)]];
  return reverse ? { start: high, end: low, limit, reverse } : { start: low, end: high, limit, reverse };
}

function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
