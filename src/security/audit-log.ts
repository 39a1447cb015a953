/**
 * The audit log service: append-only, hash-chained entries in the store's `audit`
 * database, with signed tree heads in `treeHeads`. Every consequential action of every
 * layer goes through {@link AuditLog.append} or {@link AuditLog.appendInTransaction}.
 */
import { NoctemError, assert, limits, type Clock } from '../core/index.ts';
import type { HomeStore, StoreReader, StoreWriter } from '../store/index.ts';
import {
  genesisAuditHash,
  hashAuditEntry,
  treeHeadMessage,
  type AuditEntry,
  type TreeHead,
  type TreeHeadSignature,
} from './audit-entry.ts';
import { verifyAuditLog, type AuditVerification } from './audit-verify.ts';

/** What an action records. */
export interface AuditRecord {
  readonly actor: string;
  readonly action: string;
  /** JSON-serializable details; at most `limits.auditDetailsBytesMax` once encoded. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The port through which tree heads are signed and checked (the identity implements it). */
export interface TreeHeadSigner {
  /** Signs with the living key: Ed25519 always, SLH-DSA too when `sealing`. */
  sign(message: Uint8Array, sealing: boolean): TreeHeadSignature;
  /**
   * True when `signature` verifies with the key the identity's log made living at
   * `signature.keySequence`. Wall time plays no part: which key may sign which head is
   * decided by the order of heads along the log (see `verifyAuditLog`), because another
   * process may append with the outgoing key while a rotation is being signed, and its
   * heads then carry times after the rotation's.
   */
  verify(message: Uint8Array, signature: TreeHeadSignature): boolean;
  /**
   * The sequence of the event that made the current living key living. The newest head
   * must be signed by it: every rotation appends its audit entry in the rotation's own
   * transaction, signed by the incoming key.
   */
  livingKeySequence(): number;
}

/** The audit log over one home's store. */
export class AuditLog {
  readonly #store: HomeStore;
  readonly #signer: TreeHeadSigner;
  readonly #clock: Clock;
  #appendedSinceSeal = false;

  constructor(store: HomeStore, signer: TreeHeadSigner, clock: Clock) {
    this.#store = store;
    this.#signer = signer;
    this.#clock = clock;
  }

  /** Appends records as one transaction, with a signed tree head at the end. */
  append(...records: AuditRecord[]): AuditEntry[] {
    return this.#store.write((writer) => this.appendInTransaction(writer, records));
  }

  /**
   * Appends records inside the caller's write transaction, so the action and its audit
   * entry commit together. Signs a tree head every `auditEntriesPerTreeHeadMax` entries
   * and at the end of the batch.
   * @throws {NoctemError} FILE_TOO_LARGE when a record's details exceed the limit
   */
  appendInTransaction(writer: StoreWriter, records: readonly AuditRecord[]): AuditEntry[] {
    if (records.length === 0) return [];
    const timeMs = this.#clock.nowMs();
    let { count, headHash } = chainHead(writer);
    const entries: AuditEntry[] = [];
    for (const record of records) {
      const detailsJson = encodeDetails(record);
      const body = { seq: count, timeMs, actor: record.actor, action: record.action, detailsJson, prevHash: headHash };
      const entry: AuditEntry = { ...body, hash: hashAuditEntry(body) };
      writer.put('audit', entry.seq, entry);
      entries.push(entry);
      count += 1;
      headHash = entry.hash;
      if (count % limits.auditEntriesPerTreeHeadMax === 0) this.#signHead(writer, count, headHash, timeMs, false);
    }
    if (count % limits.auditEntriesPerTreeHeadMax !== 0) this.#signHead(writer, count, headHash, timeMs, false);
    this.#appendedSinceSeal = true;
    return entries;
  }

  /** True when this instance appended entries that no sealing head covers yet. */
  get appendedSinceSeal(): boolean {
    return this.#appendedSinceSeal;
  }

  /**
   * Re-signs the current head with the hybrid signature (Ed25519 + SLH-DSA): called on
   * shutdown after appends, and before a key rotation. Looks at the stored newest head
   * rather than at this process's own appends, so a tail left unsealed by a process that
   * was killed is sealed too. Does nothing when the newest head is already a sealing head
   * covering every entry.
   */
  seal(): void {
    if (isSealed(this.#store)) {
      this.#appendedSinceSeal = false;
      return;
    }
    this.#store.write((writer) => {
      if (isSealed(writer)) return;
      const { count, headHash } = chainHead(writer);
      this.#signHead(writer, count, headHash, this.#clock.nowMs(), true);
    });
    this.#appendedSinceSeal = false;
  }

  /** Entries from `fromSeq`, at most `limit` (bounded by `auditListEntriesMax`). */
  list(options: { fromSeq?: number; limit?: number; newestFirst?: boolean } = {}): AuditEntry[] {
    const limit = Math.min(options.limit ?? limits.auditListEntriesMax, limits.auditListEntriesMax);
    const range = options.newestFirst === true
      ? { reverse: true, limit, ...(options.fromSeq === undefined ? {} : { start: options.fromSeq }) }
      : { limit, start: options.fromSeq ?? 0 };
    return Array.from(this.#store.range('audit', range), (e) => e.value as AuditEntry);
  }

  /** Number of entries. */
  count(): number {
    return this.#store.count('audit');
  }

  /** Walks the whole chain and checks every tree head (one hash per entry). */
  verify(): AuditVerification {
    return verifyAuditLog(
      (start) => this.#store.range('audit', { start }),
      Array.from(this.#store.range('treeHeads'), (e) => e.value as TreeHead),
      this.#signer,
    );
  }

  #signHead(writer: StoreWriter, count: number, headHash: string, timeMs: number, sealing: boolean): void {
    const signature = this.#signer.sign(treeHeadMessage({ count, headHash, timeMs }), sealing);
    const head: TreeHead = { count, headHash, timeMs, signature };
    // Keep a head at every multiple of the span, the last head of every key (where a
    // rotation happened), and only the newest one in between, so verification checks at
    // most count/span + rotations + 1 signatures however the log was appended. The heads
    // kept at rotations let verification see that no later head is by a rotated-out key.
    for (const { key, value } of writer.range('treeHeads', { reverse: true, limit: 1 })) {
      const previous = key as number;
      const sameKey = (value as TreeHead).signature.keySequence === signature.keySequence;
      if (previous < count && previous % limits.auditEntriesPerTreeHeadMax !== 0 && sameKey) writer.remove('treeHeads', previous);
    }
    writer.put('treeHeads', count, head);
  }
}

function chainHead(reader: StoreReader): { count: number; headHash: string } {
  for (const { value } of reader.range('audit', { reverse: true, limit: 1 })) {
    const last = value as AuditEntry;
    return { count: last.seq + 1, headHash: last.hash };
  }
  return { count: 0, headHash: genesisAuditHash };
}

/** True when the log is empty or its newest head is hybrid-signed and covers every entry. */
function isSealed(reader: StoreReader): boolean {
  const { count } = chainHead(reader);
  if (count === 0) return true;
  for (const { value } of reader.range('treeHeads', { reverse: true, limit: 1 })) {
    const head = value as TreeHead;
    return head.count === count && head.signature.slhDsa !== undefined;
  }
  return false;
}

function encodeDetails(record: AuditRecord): string {
  assert(record.action.length > 0 && record.actor.length > 0, 'audit records name an actor and an action');
  const json = JSON.stringify(record.details ?? {});
  if (Buffer.byteLength(json) > limits.auditDetailsBytesMax) {
    throw new NoctemError('FILE_TOO_LARGE', `Audit details for "${record.action}" exceed ${limits.auditDetailsBytesMax} bytes`);
  }
  return json;
}
