/**
 * Verification of the audit log: one hash per entry plus one signature per tree head.
 * Detects modification (hash mismatch), deletion and insertion (sequence gaps, broken
 * links, heads that no longer match), reordering (broken links) and truncation of the
 * tail (the newest head covers more entries than remain).
 */
import { limits } from '../core/index.ts';
import type { StoreEntry } from '../store/index.ts';
import { genesisAuditHash, hashAuditEntry, treeHeadMessage, type AuditEntry, type TreeHead } from './audit-entry.ts';
import type { TreeHeadSigner } from './audit-log.ts';

/** The outcome of {@link verifyAuditLog}. */
export interface AuditVerification {
  readonly valid: boolean;
  /** Entries walked. */
  readonly entries: number;
  /** Tree heads whose signatures were checked. */
  readonly treeHeads: number;
  /** The first problem found, with the entry sequence where it is. */
  readonly error?: { readonly seq: number; readonly reason: string };
}

/**
 * Verifies the chain read through `entriesFrom` against the signed `heads`.
 * @param entriesFrom - returns the stored entries in key order from a sequence number
 * @param heads - every stored tree head, in count order
 * @param signer - checks tree head signatures against the key event log
 */
export function verifyAuditLog(
  entriesFrom: (start: number) => Iterable<StoreEntry>,
  heads: readonly TreeHead[],
  signer: Pick<TreeHeadSigner, 'verify'>,
): AuditVerification {
  const headsByCount = new Map(heads.map((h) => [h.count, h]));
  let prevHash = genesisAuditHash;
  let seq = 0;
  let checked = 0;
  const fail = (at: number, reason: string): AuditVerification => ({
    valid: false,
    entries: seq,
    treeHeads: checked,
    error: { seq: at, reason },
  });
  for (const { key, value } of entriesFrom(0)) {
    const entry = value as AuditEntry;
    if (key !== seq || entry.seq !== seq) return fail(seq, `expected entry ${seq}, found ${String(key)}`);
    if (entry.prevHash !== prevHash) return fail(seq, 'the link to the previous entry is broken');
    if (hashAuditEntry(entry) !== entry.hash) return fail(seq, 'the entry was modified');
    prevHash = entry.hash;
    seq += 1;
    const head = headsByCount.get(seq);
    if (head !== undefined) {
      if (head.headHash !== entry.hash) return fail(seq - 1, `the tree head at ${seq} does not match the chain`);
      if (!signer.verify(treeHeadMessage(head), head.signature, head.timeMs)) {
        return fail(seq - 1, `the tree head at ${seq} has an invalid signature`);
      }
      checked += 1;
    } else if (seq % limits.auditEntriesPerTreeHeadMax === 0) {
      return fail(seq - 1, `no signed tree head at ${seq}`);
    }
  }
  const newest = heads.at(-1);
  if (seq > 0 && (newest === undefined || newest.count !== seq)) {
    return fail(seq, newest !== undefined && newest.count > seq
      ? `entries after ${seq} were deleted (the newest tree head covers ${newest.count})`
      : `entries after the newest tree head are unsigned`);
  }
  if (seq === 0 && newest !== undefined) return fail(0, `all entries were deleted (a tree head covers ${newest.count})`);
  return { valid: true, entries: seq, treeHeads: checked };
}
