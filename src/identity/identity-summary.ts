/**
 * The summary `noctem identity show` prints: who the identity is, which key signs, whether
 * the log verifies, which secrets this home holds. Plain JSON-compatible data.
 */
import { NoctemError, isNoctemError, type Did, type KeyId } from '../core/index.ts';
import type { StoreReader } from '../store/index.ts';
import { didKeyFromEd25519, didKeyVerificationMethodId } from './did-key.ts';
import { hybridPublicKeyFromJson, type HybridPublicKeyJson } from './hybrid-codec.ts';
import type { RevocationReason } from './key-event.ts';
import type { KeyEventFailure, KeyEventVerification } from './key-event-log.ts';
import type { KeyVault } from './key-vault.ts';
import { readProfile } from './profile-service.ts';

/** The signing (living) key as shown. */
export interface SigningKeySummary {
  readonly keyId: KeyId;
  /** did:key of the key's Ed25519 half. */
  readonly didKey: Did;
  /** `did:key:z6Mk…#z6Mk…`: what credentials name as their verification method. */
  readonly verificationMethod: string;
  readonly publicKey: HybridPublicKeyJson;
  readonly validFromMs: number;
  /** Sequence of the event that made it living. */
  readonly sequence: number;
  /** Whether this home holds its secret. */
  readonly present: boolean;
}

/** A retired key. */
export interface RevokedKeySummary {
  readonly keyId: KeyId;
  readonly revokedAtMs: number;
  readonly reason: RevocationReason;
}

/** What `identity show` prints. */
export interface IdentitySummary {
  readonly did: Did;
  /** The profile's name; null when the profile is missing. */
  readonly name: string | null;
  readonly createdMs: number;
  /** Sequence of the last valid event. */
  readonly sequence: number;
  readonly signingKey: SigningKeySummary;
  readonly nextKeyCommitment: string;
  readonly nextKeyPresent: boolean;
  readonly genesisKeyId: KeyId;
  readonly genesisPresent: boolean;
  /** False when some event after the valid prefix fails; the rest describes the prefix. */
  readonly chainValid: boolean;
  readonly chainFailure: KeyEventFailure | null;
  readonly keysSealed: boolean;
  readonly revokedKeys: readonly RevokedKeySummary[];
}

/**
 * Summarizes a verified (or partly verified) log with what the vault and profile hold.
 * @param verification - the log's verification
 * @param ports - the store (for the profile) and the vault (for which secrets are present)
 * @throws {NoctemError} IDENTITY_CHAIN_INVALID when not even the inception verifies
 */
export function summarizeIdentity(
  verification: KeyEventVerification,
  ports: { readonly store: StoreReader; readonly vault: KeyVault },
): IdentitySummary {
  const state = verification.ok ? verification.state : verification.validPrefix;
  if (state === undefined) {
    const message = verification.ok ? '' : verification.failure.message;
    throw new NoctemError('IDENTITY_CHAIN_INVALID', `The key event log does not verify: ${message}`);
  }
  const present = new Set<string>(ports.vault.list().map((entry) => entry.keyId));
  const didKey = didKeyFromEd25519(hybridPublicKeyFromJson(state.living.publicKey).ed25519);
  return {
    did: state.did,
    name: profileName(ports.store),
    createdMs: state.genesis.createdMs,
    sequence: state.sequence,
    signingKey: {
      keyId: state.living.keyId,
      didKey,
      verificationMethod: didKeyVerificationMethodId(didKey),
      publicKey: state.living.publicKey,
      validFromMs: state.living.validFromMs,
      sequence: state.living.establishedSequence,
      present: present.has(state.living.keyId),
    },
    nextKeyCommitment: state.nextKeyCommitment,
    nextKeyPresent: present.has(state.nextKeyCommitment),
    genesisKeyId: state.genesis.keyId,
    genesisPresent: present.has(state.genesis.keyId),
    chainValid: verification.ok,
    chainFailure: verification.ok ? null : verification.failure,
    keysSealed: ports.vault.sealed,
    revokedKeys: state.history.flatMap((record) =>
      record.revokedAtMs === null || record.revocationReason === null
        ? []
        : [{ keyId: record.keyId, revokedAtMs: record.revokedAtMs, reason: record.revocationReason }],
    ),
  };
}

function profileName(store: StoreReader): string | null {
  try {
    return readProfile(store).name;
  } catch (error) {
    // A missing profile does not hide the identity; show says so with a null name.
    if (isNoctemError(error, 'IDENTITY_NOT_FOUND')) return null;
    throw error;
  }
}
