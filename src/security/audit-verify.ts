/**
 * Verification of the audit log: one hash per entry plus one signature per tree head.
 * Detects modification (hash mismatch), deletion and insertion (sequence gaps, broken
 * links, heads that no longer match), reordering (broken links) and truncation of the
 * tail (the newest head covers more entries than remain), and heads signed by a key that
 * was rotated out before the key of an earlier head.
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
  signer: Pick<TreeHeadSigner, 'verify' | 'livingKeySequence'>,
): AuditVerification {
  const headsByCount = new Map(heads.map((h) => [h.count, h]));
  let prevHash = genesisAuditHash;
  let seq = 0;
  let checked = 0;
  // Heads are signed by the living key of their moment, so along the log their key
  // sequences never decrease: a head by a rotated-out key after a newer key's head is forged.
  let keySequence = 0;
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
      const problem = headProblem(head, entry, keySequence, signer);
      if (problem !== undefined) return fail(seq - 1, problem);
      keySequence = head.signature.keySequence;
      checked += 1;
    } else if (seq % limits.auditEntriesPerTreeHeadMax === 0) {
      return fail(seq - 1, `no signed tree head at ${seq}`);
    }
  }
  const problem = tailProblem(seq, heads.at(-1), signer);
  return problem === undefined ? { valid: true, entries: seq, treeHeads: checked } : fail(problem.seq, problem.reason);
}

function headProblem(
  head: TreeHead,
  entry: AuditEntry,
  keySequence: number,
  signer: Pick<TreeHeadSigner, 'verify'>,
): string | undefined {
  if (head.headHash !== entry.hash) return `the tree head at ${head.count} does not match the chain`;
  if (head.signature.keySequence < keySequence) {
    return `the tree head at ${head.count} is signed by key ${head.signature.keySequence}, rotated out before key ${keySequence} signed an earlier head`;
  }
  if (!signer.verify(treeHeadMessage(head), head.signature)) return `the tree head at ${head.count} has an invalid signature`;
  return undefined;
}

/** Checks the newest head covers every entry and is signed by the living key. */
function tailProblem(
  count: number,
  newest: TreeHead | undefined,
  signer: Pick<TreeHeadSigner, 'livingKeySequence'>,
): { seq: number; reason: string } | undefined {
  if (count === 0) return newest === undefined ? undefined : { seq: 0, reason: `all entries were deleted (a tree head covers ${newest.count})` };
  if (newest === undefined || newest.count < count) return { seq: count, reason: 'entries after the newest tree head are unsigned' };
  if (newest.count > count) return { seq: count, reason: `entries after ${count} were deleted (the newest tree head covers ${newest.count})` };
  // Every rotation appends its audit entry in its own transaction, signed by the new key,
  // so the newest head is always by the living key; an older key here means the tail was
  // re-signed by a rotated-out key.
  const livingKeySequence = signer.livingKeySequence();
  if (newest.signature.keySequence !== livingKeySequence) {
    return { seq: count - 1, reason: `the newest tree head is signed by key ${newest.signature.keySequence}, not the living key ${livingKeySequence}` };
  }
  return undefined;
}
