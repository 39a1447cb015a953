/**
 * Verification of a key event log (the spec's "Merkle Chain of Identity"): walks the events
 * from the DID, which is the did:key of the genesis key, and computes the key state: which
 * key is living, which keys were living before and until when, and the commitment to the
 * next key. Pure; events are untrusted input.
 *
 * What a log proves: every event is signed by the keys its position requires, links to
 * its predecessor's digest, and promotes exactly the key the predecessor committed to.
 * What it cannot prove alone: that no later events exist. A verifier that has seen a head
 * passes it as `knownHead`, so a log cut back to before that head (a rollback) fails.
 */
import { NoctemError, assert, limits, type Did, type KeyId } from '../core/index.ts';
import { didKeyFromEd25519 } from './did-key.ts';
import { hybridPublicKeyFromJson, hybridSignatureFromJson, keyIdOf, type HybridPublicKeyJson } from './hybrid-codec.ts';
import type { HybridRejection } from './hybrid-signature.ts';
import { verifyHybrid } from './hybrid-signature.ts';
import { keyEventDigest, keyEventSigningBytes, type InceptionEvent, type KeyEvent, type RotationEvent } from './key-event.ts';
import { keyEventShapeError } from './key-event-shape.ts';
import type { RevocationReason } from './key-event.ts';

/** One key that was or is living. */
export interface LivingKeyRecord {
  readonly keyId: KeyId;
  readonly publicKey: HybridPublicKeyJson;
  /** Sequence of the event that made it living. */
  readonly establishedSequence: number;
  /** Signatures dated before this instant are not its. */
  readonly validFromMs: number;
  /** Signatures dated at or after this instant are rejected; null while living. */
  readonly revokedAtMs: number | null;
  readonly revocationReason: RevocationReason | null;
}

/** The state a verified log establishes. */
export interface KeyState {
  readonly did: Did;
  /** Sequence of the last event. */
  readonly sequence: number;
  /** Digest of the last event. */
  readonly headDigest: string;
  readonly headCreatedMs: number;
  readonly genesis: { readonly keyId: KeyId; readonly publicKey: HybridPublicKeyJson; readonly createdMs: number };
  /** The current living key (also the last entry of `history`). */
  readonly living: LivingKeyRecord;
  /** Key id of the next living key. */
  readonly nextKeyCommitment: string;
  /** Every living key in order, the current one last. */
  readonly history: readonly LivingKeyRecord[];
}

/** Why a log failed. */
export type KeyEventFailureReason =
  | 'empty'
  | 'too-long'
  | 'malformed'
  | 'did-mismatch'
  | 'sequence-mismatch'
  | 'previous-digest-mismatch'
  | 'commitment-mismatch'
  | 'key-reused'
  | 'time-regressed'
  | 'revocation-invalid'
  | 'signature-invalid'
  | 'rollback';

/** A structured failure: the event at `sequence` (its index in the log) is wrong. */
export interface KeyEventFailure {
  readonly reason: KeyEventFailureReason;
  /** Index of the offending event in the log. */
  readonly sequence: number;
  readonly message: string;
  /** For signature failures: which signer and which half failed. */
  readonly signer?: string;
  readonly rejection?: HybridRejection;
}

/** The outcome of verifying a log or applying one event. */
export type KeyEventVerification =
  | { readonly ok: true; readonly state: KeyState }
  | { readonly ok: false; readonly failure: KeyEventFailure; readonly validPrefix: KeyState | undefined };

/** Options for {@link verifyKeyEventLog}. */
export interface VerifyKeyEventLogOptions {
  /** A head the verifier saw before: the log must contain it. @default undefined */
  readonly knownHead?: { readonly sequence: number; readonly digest: string };
}

/** The status of a key at an instant, per {@link keyStatusAt}. */
export type KeyStatus = 'valid' | 'revoked' | 'not-yet-valid' | 'unknown';

/**
 * Verifies a whole key event log for `did`, at most `limits.keyEventsMax` events.
 * @param did - the identity, as the verifier knows it (never taken from the log)
 * @param events - the events in sequence order, untrusted
 * @param options - see {@link VerifyKeyEventLogOptions}
 * @returns the key state, or the first failure and the state of the valid prefix
 */
export function verifyKeyEventLog(
  did: Did,
  events: readonly unknown[],
  options: VerifyKeyEventLogOptions = {},
): KeyEventVerification {
  if (events.length === 0) return fail(undefined, { reason: 'empty', sequence: 0, message: 'The key event log is empty' });
  if (events.length > limits.keyEventsMax) {
    return fail(undefined, { reason: 'too-long', sequence: limits.keyEventsMax, message: `The log has more than ${limits.keyEventsMax} events` });
  }
  let state: KeyState | undefined;
  for (const event of events) {
    const step = state === undefined ? applyInception(did, event) : applyKeyEvent(state, event);
    if (!step.ok) return fail(state, step.failure);
    state = step.state;
  }
  assert(state !== undefined, 'a non-empty log yields a state');
  const head = options.knownHead;
  if (head !== undefined && !containsHead(events, head)) {
    return fail(state, { reason: 'rollback', sequence: state.sequence, message: `The log lacks the known head at sequence ${head.sequence}` });
  }
  return { ok: true, state };
}

/**
 * Applies one event to a verified state: what a rotation must satisfy to extend the log.
 * @param state - the state of the log so far
 * @param event - the next event, untrusted
 */
export function applyKeyEvent(state: KeyState, event: unknown): KeyEventVerification {
  const at = state.sequence + 1;
  const shape = keyEventShapeError(event);
  if (shape !== undefined) return fail(state, { reason: 'malformed', sequence: at, message: `Event ${at} ${shape}` });
  const rotation = event as KeyEvent;
  if (rotation.type !== 'rotation') return fail(state, { reason: 'sequence-mismatch', sequence: at, message: `Event ${at} is a second inception` });
  const failure = rotationFailure(state, rotation, at);
  if (failure !== undefined) return fail(state, failure);
  const signatureFailure = signaturesFailure(rotation, at, {
    outgoing: state.living.publicKey,
    incoming: rotation.livingKey,
  });
  if (signatureFailure !== undefined) return fail(state, signatureFailure);
  return { ok: true, state: rotatedState(state, rotation) };
}

/**
 * The status of key `keyId` of this identity at `timeMs`: valid from the event that made
 * it living until its revocation (exclusive). The genesis key is valid from inception on:
 * it is the root authority and is never rotated, only kept offline.
 * @param state - a verified key state
 * @param keyId - the key in question
 * @param timeMs - the instant the signature claims, ms since the epoch
 */
export function keyStatusAt(state: KeyState, keyId: KeyId | string, timeMs: number): KeyStatus {
  if (keyId === state.genesis.keyId) return timeMs >= state.genesis.createdMs ? 'valid' : 'not-yet-valid';
  const record = state.history.find((candidate) => candidate.keyId === keyId);
  if (record === undefined) return 'unknown';
  if (timeMs < record.validFromMs) return 'not-yet-valid';
  if (record.revokedAtMs !== null && timeMs >= record.revokedAtMs) return 'revoked';
  return 'valid';
}

/**
 * True when key `keyId` could sign for this identity at `timeMs` (see {@link keyStatusAt}).
 * @param state - a verified key state
 * @param keyId - the key in question
 * @param timeMs - ms since the epoch
 */
export function keyValidAt(state: KeyState, keyId: KeyId | string, timeMs: number): boolean {
  return keyStatusAt(state, keyId, timeMs) === 'valid';
}

function applyInception(did: Did, event: unknown): KeyEventVerification {
  const shape = keyEventShapeError(event);
  if (shape !== undefined) return fail(undefined, { reason: 'malformed', sequence: 0, message: `Event 0 ${shape}` });
  const inception = event as KeyEvent;
  if (inception.type !== 'inception') return fail(undefined, { reason: 'sequence-mismatch', sequence: 0, message: 'Event 0 is not an inception' });
  const keys = decodeKeys([inception.genesisKey, inception.livingKey]);
  if (keys === undefined) return fail(undefined, { reason: 'malformed', sequence: 0, message: 'Event 0 holds an undecodable key' });
  const [genesisId, livingId] = keys;
  if (inception.did !== did || didKeyFromEd25519(hybridPublicKeyFromJson(inception.genesisKey).ed25519) !== did) {
    return fail(undefined, { reason: 'did-mismatch', sequence: 0, message: `The inception is not that of ${did}` });
  }
  if (genesisId === livingId || inception.nextKeyCommitment === livingId || inception.nextKeyCommitment === genesisId) {
    return fail(undefined, { reason: 'key-reused', sequence: 0, message: 'The inception uses one key in two roles' });
  }
  const signatureFailure = signaturesFailure(inception, 0, { genesis: inception.genesisKey, living: inception.livingKey });
  if (signatureFailure !== undefined) return fail(undefined, signatureFailure);
  return { ok: true, state: inceptionState(inception, genesisId!, livingId!) };
}

function rotationFailure(state: KeyState, event: RotationEvent, at: number): KeyEventFailure | undefined {
  if (event.did !== state.did) return { reason: 'did-mismatch', sequence: at, message: `Event ${at} names another DID` };
  if (event.sequence !== at) return { reason: 'sequence-mismatch', sequence: at, message: `Event ${at} has sequence ${event.sequence}` };
  if (event.previousDigest !== state.headDigest) {
    return { reason: 'previous-digest-mismatch', sequence: at, message: `Event ${at} does not link to event ${state.sequence}` };
  }
  if (event.createdMs < state.headCreatedMs) return { reason: 'time-regressed', sequence: at, message: `Event ${at} is dated before event ${state.sequence}` };
  const keys = decodeKeys([event.livingKey]);
  if (keys === undefined) return { reason: 'malformed', sequence: at, message: `Event ${at} holds an undecodable key` };
  const incomingId = keys[0]!;
  if (incomingId !== state.nextKeyCommitment) {
    return { reason: 'commitment-mismatch', sequence: at, message: `Event ${at} promotes a key that event ${state.sequence} did not commit to` };
  }
  const used = new Set<string>([state.genesis.keyId, ...state.history.map((record) => record.keyId), incomingId]);
  if (used.has(event.nextKeyCommitment)) return { reason: 'key-reused', sequence: at, message: `Event ${at} commits to a key already used` };
  return revocationFailure(state, event, at);
}

function revocationFailure(state: KeyState, event: RotationEvent, at: number): KeyEventFailure | undefined {
  const { keyId, revokedAtMs, reason } = event.revocation;
  const message = (what: string): KeyEventFailure => ({ reason: 'revocation-invalid', sequence: at, message: `Event ${at} ${what}` });
  if (keyId !== state.living.keyId) return message('revokes a key that is not the living key');
  if (revokedAtMs > event.createdMs) return message('revokes its outgoing key after the rotation');
  if (revokedAtMs < state.living.validFromMs) return message('revokes its outgoing key before that key was living');
  if (reason === 'rotation' && revokedAtMs !== event.createdMs) return message('backdates a revocation without suspecting compromise');
  return undefined;
}

function signaturesFailure(
  event: KeyEvent,
  at: number,
  signers: Readonly<Record<string, HybridPublicKeyJson>>,
): KeyEventFailure | undefined {
  const payload = keyEventSigningBytes(event);
  const signatures = event.signatures as unknown as Readonly<Record<string, unknown>>;
  for (const [role, keyJson] of Object.entries(signers)) {
    let verdict: ReturnType<typeof verifyHybrid>;
    try {
      verdict = verifyHybrid(payload, hybridSignatureFromJson(signatures[role]), hybridPublicKeyFromJson(keyJson));
    } catch (error) {
      // Undecodable signature or key text: the event is malformed, which this reports.
      if (!(error instanceof NoctemError)) throw error;
      return { reason: 'malformed', sequence: at, message: `Event ${at} has an undecodable ${role} signature`, signer: role };
    }
    if (!verdict.valid) {
      const message = `Event ${at} has an invalid ${role} signature (${verdict.reason})`;
      return { reason: 'signature-invalid', sequence: at, message, signer: role, rejection: verdict.reason };
    }
  }
  return undefined;
}

function decodeKeys(keys: readonly HybridPublicKeyJson[]): KeyId[] | undefined {
  try {
    return keys.map((key) => keyIdOf(hybridPublicKeyFromJson(key)));
  } catch (error) {
    // Undecodable key text: the caller reports the event as malformed.
    if (!(error instanceof NoctemError)) throw error;
    return undefined;
  }
}

function inceptionState(event: InceptionEvent, genesisId: KeyId, livingId: KeyId): KeyState {
  const living: LivingKeyRecord = {
    keyId: livingId,
    publicKey: event.livingKey,
    establishedSequence: 0,
    validFromMs: event.createdMs,
    revokedAtMs: null,
    revocationReason: null,
  };
  return {
    did: event.did,
    sequence: 0,
    headDigest: keyEventDigest(event),
    headCreatedMs: event.createdMs,
    genesis: { keyId: genesisId, publicKey: event.genesisKey, createdMs: event.createdMs },
    living,
    nextKeyCommitment: event.nextKeyCommitment,
    history: [living],
  };
}

function rotatedState(state: KeyState, event: RotationEvent): KeyState {
  const retired: LivingKeyRecord = {
    ...state.living,
    revokedAtMs: event.revocation.revokedAtMs,
    revocationReason: event.revocation.reason,
  };
  const living: LivingKeyRecord = {
    keyId: state.nextKeyCommitment as KeyId,
    publicKey: event.livingKey,
    establishedSequence: event.sequence,
    validFromMs: event.createdMs,
    revokedAtMs: null,
    revocationReason: null,
  };
  return {
    ...state,
    sequence: event.sequence,
    headDigest: keyEventDigest(event),
    headCreatedMs: event.createdMs,
    living,
    nextKeyCommitment: event.nextKeyCommitment,
    history: [...state.history.slice(0, -1), retired, living],
  };
}

function containsHead(events: readonly unknown[], head: { sequence: number; digest: string }): boolean {
  const event = events[head.sequence];
  return event !== undefined && keyEventDigest(event as KeyEvent) === head.digest;
}

function fail(validPrefix: KeyState | undefined, failure: KeyEventFailure): KeyEventVerification {
  return { ok: false, failure, validPrefix };
}
