/**
 * Key events of the Living Will protocol (spec "The Living Will Protocol", KERI-style
 * pre-rotation): the records that say which key speaks for an identity and when.
 *
 * - **Inception** (sequence 0) names the genesis key (whose Ed25519 half *is* the DID, via
 *   did:key), the first living key, and a commitment to the next living key (the key id,
 *   a SHA-256 multihash, of its public key, which stays secret until used). It is signed
 *   by the genesis key (authority) and by the living key (proof of possession).
 * - **Rotation** promotes the pre-committed next key, commits to a new next key, and
 *   revokes the outgoing key from a time on. It is signed by the outgoing key (the spec's
 *   "signs K_next with K_current") and by the incoming key (KERI: only the holder of the
 *   pre-committed key can rotate, so a stolen living key cannot fork the log).
 *
 * Every signature is hybrid (D11) over a domain tag and the event's RFC 8785 canonical
 * form without its signatures. Each event links to the previous one by the SHA-256
 * multihash of the previous event's canonical form, signatures included.
 */
import type { Did, KeyId } from '../core/index.ts';
import { canonicalJsonBytes } from '../core/index.ts';
import { sha256Multihash } from './digest.ts';
import { keyIdOf, hybridPublicKeyToJson, hybridSignatureToJson } from './hybrid-codec.ts';
import type { HybridPublicKeyJson, HybridSignatureJson } from './hybrid-codec.ts';
import { signHybrid, type HybridKeyPair, type HybridPublicKey, type SignHybridOptions } from './hybrid-signature.ts';
import { didKeyFromEd25519 } from './did-key.ts';

/** The format version of key events. */
export const keyEventVersion = 1;

/** Prefix of every signed key event payload, so the signatures cannot be replayed elsewhere. */
export const keyEventDomain = 'noctem/key-event/v1\n';

/** Why a key was revoked: a scheduled rotation, or a suspected compromise (may be backdated). */
export type RevocationReason = 'rotation' | 'compromise';

/** The first event: creates the identity. */
export interface InceptionEvent {
  readonly type: 'inception';
  readonly version: typeof keyEventVersion;
  /** did:key of the genesis key's Ed25519 half; never changes. */
  readonly did: Did;
  readonly sequence: 0;
  readonly previousDigest: null;
  /** Milliseconds since the epoch; the first living key is valid from here. */
  readonly createdMs: number;
  readonly genesisKey: HybridPublicKeyJson;
  readonly livingKey: HybridPublicKeyJson;
  /** Key id of the next living key. */
  readonly nextKeyCommitment: string;
  readonly signatures: { readonly genesis: HybridSignatureJson; readonly living: HybridSignatureJson };
}

/** The revocation of the outgoing key carried by a rotation. */
export interface Revocation {
  readonly keyId: KeyId;
  /** Signatures by the key dated at or after this instant are invalid. */
  readonly revokedAtMs: number;
  readonly reason: RevocationReason;
}

/** A rotation: promotes the committed next key. */
export interface RotationEvent {
  readonly type: 'rotation';
  readonly version: typeof keyEventVersion;
  readonly did: Did;
  /** Previous sequence + 1. */
  readonly sequence: number;
  /** SHA-256 multihash of the previous event. */
  readonly previousDigest: string;
  /** Milliseconds since the epoch; the new living key is valid from here. */
  readonly createdMs: number;
  /** The new living key; its key id equals the previous event's commitment. */
  readonly livingKey: HybridPublicKeyJson;
  readonly nextKeyCommitment: string;
  readonly revocation: Revocation;
  readonly signatures: { readonly outgoing: HybridSignatureJson; readonly incoming: HybridSignatureJson };
}

/** Any key event. */
export type KeyEvent = InceptionEvent | RotationEvent;

/** Inputs of {@link createInceptionEvent}. */
export interface InceptionInput {
  readonly genesis: HybridKeyPair;
  readonly living: HybridKeyPair;
  readonly next: HybridPublicKey;
  readonly createdMs: number;
}

/** The event a rotation follows, by reference (see {@link keyEventRef}). */
export interface KeyEventRef {
  readonly did: Did;
  readonly sequence: number;
  /** {@link keyEventDigest} of the event. */
  readonly digest: string;
}

/** Inputs of {@link createRotationEvent}. */
export interface RotationInput {
  /** The event this one follows, or a reference to it. */
  readonly previous: KeyEvent | KeyEventRef;
  /** The living key being retired (signs). */
  readonly outgoing: HybridKeyPair;
  /** The pre-committed next key being promoted (signs). */
  readonly incoming: HybridKeyPair;
  /** The key to commit to as the new next key. */
  readonly next: HybridPublicKey;
  readonly createdMs: number;
  /** @default createdMs */
  readonly revokedAtMs?: number;
  /** @default 'rotation' */
  readonly reason?: RevocationReason;
}

/**
 * Builds and signs an inception event (two hybrid signatures, ~320 ms).
 * @param input - the three keys and the time
 * @param options - SLH-DSA randomness, see {@link SignHybridOptions}
 */
export function createInceptionEvent(input: InceptionInput, options: SignHybridOptions = {}): InceptionEvent {
  const body = {
    type: 'inception',
    version: keyEventVersion,
    did: didKeyFromEd25519(input.genesis.publicKey.ed25519),
    sequence: 0,
    previousDigest: null,
    createdMs: input.createdMs,
    genesisKey: hybridPublicKeyToJson(input.genesis.publicKey),
    livingKey: hybridPublicKeyToJson(input.living.publicKey),
    nextKeyCommitment: keyIdOf(input.next),
  } as const;
  const payload = keyEventSigningBytes(body);
  const genesis = hybridSignatureToJson(signHybrid(payload, input.genesis.secretKey, options));
  const living = hybridSignatureToJson(signHybrid(payload, input.living.secretKey, options));
  return { ...body, signatures: { genesis, living } };
}

/**
 * Builds and signs a rotation event (two hybrid signatures, ~320 ms). It does not check the
 * inputs against the log: {@link applyKeyEvent} in `key-event-log.ts` does, before storing.
 * @param input - the previous event, the keys and the time
 * @param options - SLH-DSA randomness, see {@link SignHybridOptions}
 */
export function createRotationEvent(input: RotationInput, options: SignHybridOptions = {}): RotationEvent {
  const previous = 'type' in input.previous ? keyEventRef(input.previous) : input.previous;
  const body = {
    type: 'rotation',
    version: keyEventVersion,
    did: previous.did,
    sequence: previous.sequence + 1,
    previousDigest: previous.digest,
    createdMs: input.createdMs,
    livingKey: hybridPublicKeyToJson(input.incoming.publicKey),
    nextKeyCommitment: keyIdOf(input.next),
    revocation: {
      keyId: keyIdOf(input.outgoing.publicKey),
      revokedAtMs: input.revokedAtMs ?? input.createdMs,
      reason: input.reason ?? 'rotation',
    },
  } as const;
  const payload = keyEventSigningBytes(body);
  const outgoing = hybridSignatureToJson(signHybrid(payload, input.outgoing.secretKey, options));
  const incoming = hybridSignatureToJson(signHybrid(payload, input.incoming.secretKey, options));
  return { ...body, signatures: { outgoing, incoming } };
}

/**
 * The bytes every signer of `event` signs: the domain tag and the canonical event without
 * its `signatures` member.
 * @param event - a key event, with or without signatures
 */
export function keyEventSigningBytes(event: Omit<KeyEvent, 'signatures'> | KeyEvent): Uint8Array {
  const body: Record<string, unknown> = { ...event };
  delete body['signatures'];
  const canonical = canonicalJsonBytes(body);
  const domain = new TextEncoder().encode(keyEventDomain);
  const out = new Uint8Array(domain.length + canonical.length);
  out.set(domain, 0);
  out.set(canonical, domain.length);
  return out;
}

/**
 * A reference to `event` for {@link createRotationEvent}.
 * @param event - a key event
 */
export function keyEventRef(event: KeyEvent): KeyEventRef {
  return { did: event.did, sequence: event.sequence, digest: keyEventDigest(event) };
}

/**
 * The digest that the next event's `previousDigest` holds: SHA-256 multihash of the
 * canonical event, signatures included.
 * @param event - a key event
 */
export function keyEventDigest(event: KeyEvent): string {
  return sha256Multihash(canonicalJsonBytes(event));
}
