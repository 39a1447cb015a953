/**
 * Audit entries and signed tree heads: the pure hashing rules of the append-only,
 * hash-chained audit log (the research report's "Audit Logging" guardrail).
 *
 * An entry's hash is SHA-256 over a domain byte, the previous entry's hash and the
 * entry's canonical encoding, so any modification, deletion, insertion or reordering
 * breaks the chain. A signed tree head (as in Certificate Transparency) commits to the
 * entry count and the head hash, signed by the living key.
 */
import { createHash } from 'node:crypto';

/** One audit entry as stored. */
export interface AuditEntry {
  /** Position in the log, from 0, without gaps. */
  readonly seq: number;
  /** Milliseconds since the epoch. */
  readonly timeMs: number;
  /** Who acted: `person`, `noctem`, a skill name, a peer DID. */
  readonly actor: string;
  /** What happened, dotted: `home.init`, `identity.rotate`, `ingest.document`. */
  readonly action: string;
  /** The details as the exact JSON text that was hashed. */
  readonly detailsJson: string;
  /** Hex SHA-256 of the previous entry (64 zeros for the first). */
  readonly prevHash: string;
  /** Hex SHA-256 of this entry. */
  readonly hash: string;
}

/** A signature over a tree head, by the living key of the identity. */
export interface TreeHeadSignature {
  /** The key event sequence whose living key signed. */
  readonly keySequence: number;
  /** base64 Ed25519 signature: always present. */
  readonly ed25519: string;
  /** base64 SLH-DSA signature: present on sealing heads (shutdown, rotation). */
  readonly slhDsa?: string;
}

/** A signed tree head. */
export interface TreeHead {
  /** Entries covered: seq 0 .. count-1. */
  readonly count: number;
  /** Hash of entry count-1. */
  readonly headHash: string;
  readonly timeMs: number;
  readonly signature: TreeHeadSignature;
}

/** The hash that precedes the first entry. */
export const genesisAuditHash = '0'.repeat(64);

/** The entry fields that are hashed. */
export type AuditEntryBody = Omit<AuditEntry, 'hash'>;

/** Hex SHA-256 of an entry body: domain byte 0x00, prevHash, canonical JSON array. */
export function hashAuditEntry(body: AuditEntryBody): string {
  const canonical = JSON.stringify([body.seq, body.timeMs, body.actor, body.action, body.detailsJson]);
  return createHash('sha256')
    .update(Uint8Array.of(0))
    .update(Buffer.from(body.prevHash, 'hex'))
    .update(canonical)
    .digest('hex');
}

/** The bytes a tree head signature covers: domain label, count, head hash, time. */
export function treeHeadMessage(head: Pick<TreeHead, 'count' | 'headHash' | 'timeMs'>): Uint8Array {
  return new TextEncoder().encode(`noctem-audit-tree-head-v1\n${head.count}\n${head.headHash}\n${head.timeMs}`);
}
