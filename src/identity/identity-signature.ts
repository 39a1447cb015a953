/**
 * Checking a signature made by an identity: the signing key must belong to the identity's
 * verified key event log and be valid at the signature's time (not yet revoked), and the
 * signature must verify: hybrid (Ed25519 then SLH-DSA) or, for hot paths, Ed25519 alone.
 * Pure.
 */
import { assert, type Did, type KeyId } from '../core/index.ts';
import { hybridPublicKeyFromJson, type HybridPublicKeyJson } from './hybrid-codec.ts';
import { verifyEd25519, verifyHybrid, type HybridRejection, type HybridSignature } from './hybrid-signature.ts';
import { keyStatusAt, verifyKeyEventLog, type KeyEventFailure, type KeyState } from './key-event-log.ts';

/** A signature as made by the identity: hybrid, or Ed25519 alone. */
export type IdentitySignature = HybridSignature | { readonly ed25519: Uint8Array; readonly slhDsa?: undefined };

/** What is checked. */
export interface SignatureClaim {
  readonly message: Uint8Array;
  readonly signature: IdentitySignature;
  /** The key that signed (a key id from the log). */
  readonly keyId: KeyId | string;
  /**
   * When the signature was made, ms since the epoch. Take it from a source the verifier
   * trusts (the signed payload's own time, or when it was received), not from the signer.
   */
  readonly atTimeMs: number;
}

/** Why a signature was rejected. */
export type SignatureRejection = 'chain-invalid' | 'key-unknown' | 'key-revoked' | 'key-not-yet-valid' | HybridRejection;

/** The outcome of a check. */
export type SignatureVerdict =
  | { readonly valid: true; readonly keyId: string; readonly strength: 'hybrid' | 'ed25519' }
  | { readonly valid: false; readonly reason: SignatureRejection; readonly chainFailure?: KeyEventFailure };

/**
 * Checks a signature against a verified key state.
 * @param state - the signer's verified key state
 * @param claim - message, signature, key and time
 */
export function verifySignatureWithKeyState(state: KeyState, claim: SignatureClaim): SignatureVerdict {
  const status = keyStatusAt(state, claim.keyId, claim.atTimeMs);
  if (status === 'unknown') return { valid: false, reason: 'key-unknown' };
  if (status === 'revoked') return { valid: false, reason: 'key-revoked' };
  if (status === 'not-yet-valid') return { valid: false, reason: 'key-not-yet-valid' };
  const publicKey = hybridPublicKeyFromJson(publicKeyJsonOf(state, claim.keyId));
  if (claim.signature.slhDsa === undefined) {
    const valid = verifyEd25519(claim.message, claim.signature.ed25519, publicKey.ed25519);
    return valid ? { valid: true, keyId: claim.keyId, strength: 'ed25519' } : { valid: false, reason: 'ed25519-invalid' };
  }
  const verdict = verifyHybrid(claim.message, claim.signature, publicKey);
  return verdict.valid ? { valid: true, keyId: claim.keyId, strength: 'hybrid' } : { valid: false, reason: verdict.reason };
}

/**
 * Checks a signature by identity `did`, given its key event log.
 * @param did - the identity the verifier expects
 * @param input - the log (untrusted), an optional head the verifier saw before, and the claim
 */
export function verifyIdentitySignature(
  did: Did,
  input: SignatureClaim & { readonly events: readonly unknown[]; readonly knownHead?: { sequence: number; digest: string } },
): SignatureVerdict {
  const log = verifyKeyEventLog(did, input.events, input.knownHead === undefined ? {} : { knownHead: input.knownHead });
  if (!log.ok) return { valid: false, reason: 'chain-invalid', chainFailure: log.failure };
  return verifySignatureWithKeyState(log.state, input);
}

function publicKeyJsonOf(state: KeyState, keyId: string): HybridPublicKeyJson {
  if (keyId === state.genesis.keyId) return state.genesis.publicKey;
  const record = state.history.find((candidate) => candidate.keyId === keyId);
  assert(record !== undefined, 'keyStatusAt found the key in the history');
  return record.publicKey;
}
