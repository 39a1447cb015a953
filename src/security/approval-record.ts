/**
 * One capability approval as the `approvals` database holds it: which skill (name, version,
 * package digest) asked for which capability, method and scope, why (its summary), until
 * when it waits, and how it was decided. Display fields are stored already made safe
 * (display-text.ts), and a record read back is checked field by field, so nothing a skill
 * wrote can reach a terminal unsanitized even through a damaged or foreign store. Pure.
 */
import { NoctemError, limits, type Brand } from '../core/index.ts';
import { isSafeDisplayText } from './display-text.ts';

/** An approval id: 8 to 12 lowercase hex characters. */
export type ApprovalId = Brand<string, 'ApprovalId'>;

/** The states of an approval; only `pending` changes, and only once. */
export const approvalStatuses = ['pending', 'granted', 'denied', 'expired'] as const;

/** An approval's state. */
export type ApprovalStatus = (typeof approvalStatuses)[number];

/**
 * Who closed an approval: the person (CLI or prompt), the policy file (a pre-approval),
 * the wait running out (`timeout`), or the kill switch cancelling the waiting run (`kill`).
 */
export const approvalDeciders = ['person', 'policy', 'timeout', 'kill'] as const;

/** Who closed an approval. */
export type ApprovalDecider = (typeof approvalDeciders)[number];

/** The skill behind a request. */
export interface ApprovalSkill {
  /** Lowercase slug, at most `limits.skillNameCharsMax` characters. */
  readonly name: string;
  /** Its semantic version, at most `limits.skillVersionCharsMax` characters. */
  readonly version: string;
  /** The package digest: 64 lowercase hex characters (skills/skill-digest.ts). */
  readonly digest: string;
}

/** A stored approval. */
export interface ApprovalRecord {
  readonly id: ApprovalId;
  readonly status: ApprovalStatus;
  readonly skill: ApprovalSkill;
  /** The capability asked for (`net.fetch`). */
  readonly capability: string;
  /** The host method called (`net.fetch`), at most `limits.approvalMethodCharsMax` characters. */
  readonly method: string;
  /** What the call reaches (a host, a path, a secret name), escaped for display and capped. */
  readonly scope: string;
  /** The skill's reason, sanitized to one line of at most `limits.approvalSummaryCharsMax`. */
  readonly summary: string;
  /** When it was requested, ms since the epoch. */
  readonly createdAtMs: number;
  /** When a pending approval expires (is denied), ms since the epoch; > `createdAtMs`. */
  readonly expiresAtMs: number;
  /** When it was decided or expired, ms since the epoch; present unless pending. */
  readonly decidedAtMs?: number;
  /** Who decided; present unless pending. */
  readonly decidedBy?: ApprovalDecider;
}

const approvalIdPattern = /^[0-9a-f]{8,12}$/;
const skillNamePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const versionPattern = /^[0-9A-Za-z.+-]+$/;
const digestPattern = /^[0-9a-f]{64}$/;
/** Capability and method names: dotted lowercase-led identifiers (`net.fetch`, `memory.search`). */
const dottedNamePattern = /^[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)+$/;
/** Who may have closed a record of each status: a decision, or the end of the wait. */
const decidersOf: Readonly<Record<ApprovalStatus, readonly ApprovalDecider[]>> = {
  pending: [],
  granted: ['person', 'policy'],
  denied: ['person', 'policy'],
  expired: ['timeout', 'kill'],
};
/** The latest time a JavaScript Date holds, ms since the epoch (ECMA-262 "Time Values"). */
const dateMsMax = 8.64e15;
const recordFields = new Set(['id', 'status', 'skill', 'capability', 'method', 'scope', 'summary', 'createdAtMs', 'expiresAtMs', 'decidedAtMs', 'decidedBy']);

/**
 * True when `text` has the form of an approval id.
 * @param text - a candidate such as `3f9a0c1d`
 */
export function isApprovalId(text: string): text is ApprovalId {
  return approvalIdPattern.test(text);
}

/**
 * Why `skill`, `capability` or `method` are not well formed, or undefined when they are.
 * The host passes them (from a validated manifest and its own method table), so a problem
 * is a bug of the caller.
 * @param subject - the skill, capability and method of a request or record
 * @returns the name of the first bad field, or undefined
 */
export function approvalSubjectProblem(subject: Pick<ApprovalRecord, 'skill' | 'capability' | 'method'>): string | undefined {
  const { skill, capability, method } = subject;
  if (typeof skill !== 'object' || skill === null) return 'skill';
  if (typeof skill.name !== 'string' || skill.name.length > limits.skillNameCharsMax || !skillNamePattern.test(skill.name)) return 'skill.name';
  if (typeof skill.version !== 'string' || skill.version.length > limits.skillVersionCharsMax || !versionPattern.test(skill.version)) return 'skill.version';
  if (typeof skill.digest !== 'string' || !digestPattern.test(skill.digest)) return 'skill.digest';
  if (typeof capability !== 'string' || capability.length > limits.approvalMethodCharsMax || !dottedNamePattern.test(capability)) return 'capability';
  if (typeof method !== 'string' || method.length > limits.approvalMethodCharsMax || !dottedNamePattern.test(method)) return 'method';
  return undefined;
}

/**
 * Checks a value read from the `approvals` database.
 * @param value - what the store returned for `id`
 * @param id - the id it was stored under
 * @returns the value as a frozen record
 * @throws {NoctemError} STORE_CORRUPT naming the first bad field (`details.field`)
 */
export function validateApprovalRecord(value: unknown, id: string): ApprovalRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt(id, '$');
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).find((key) => !recordFields.has(key));
  if (extra !== undefined) throw corrupt(id, extra);
  const problem = recordProblem(record as unknown as ApprovalRecord, id);
  if (problem !== undefined) throw corrupt(id, problem);
  const skill = record['skill'] as ApprovalSkill;
  return Object.freeze({ ...(record as unknown as ApprovalRecord), skill: Object.freeze({ name: skill.name, version: skill.version, digest: skill.digest }) });
}

/**
 * The record as a reader should see it at `nowMs`: a pending record past its expiry shows as
 * expired by `timeout` at `expiresAtMs`, though the store may not have marked it yet.
 * @param record - a validated record
 * @param nowMs - the current time, ms since the epoch
 */
export function approvalAsOf(record: ApprovalRecord, nowMs: number): ApprovalRecord {
  if (record.status !== 'pending' || nowMs < record.expiresAtMs) return record;
  return Object.freeze({ ...record, status: 'expired', decidedAtMs: record.expiresAtMs, decidedBy: 'timeout' });
}

function recordProblem(r: ApprovalRecord, id: string): string | undefined {
  if (r.id !== id || !isApprovalId(r.id)) return 'id';
  if (!(approvalStatuses as readonly unknown[]).includes(r.status)) return 'status';
  const subject = approvalSubjectProblem(r);
  if (subject !== undefined) return subject;
  if (!displayField(r.scope, limits.approvalScopeCharsMax)) return 'scope';
  if (!displayField(r.summary, limits.approvalSummaryCharsMax)) return 'summary';
  if (!Number.isSafeInteger(r.createdAtMs) || r.createdAtMs < 0) return 'createdAtMs';
  if (!Number.isSafeInteger(r.expiresAtMs) || r.expiresAtMs <= r.createdAtMs || r.expiresAtMs > dateMsMax) return 'expiresAtMs';
  const decided = r.status !== 'pending';
  if (decided !== (r.decidedAtMs !== undefined) || (decided && (!Number.isSafeInteger(r.decidedAtMs) || r.decidedAtMs! < r.createdAtMs))) return 'decidedAtMs';
  if (decided !== (r.decidedBy !== undefined) || (decided && !decidersOf[r.status].includes(r.decidedBy!))) return 'decidedBy';
  return undefined;
}

function displayField(value: unknown, charsMax: number): boolean {
  return typeof value === 'string' && Array.from(value).length <= charsMax && isSafeDisplayText(value);
}

function corrupt(id: string, field: string): NoctemError {
  return new NoctemError('STORE_CORRUPT', `The approval record "${id.slice(0, 16)}" in the store is damaged: field "${field}" is not valid`, {
    details: { db: 'approvals', id: id.slice(0, 16), field },
  });
}
