/**
 * The identity service: the policy over the store (key event log, profile), the key vault
 * (secrets) and the clock. It creates the identity, rotates its keys by the Living Will
 * protocol, exports the genesis key, and signs with the living key.
 *
 * Crash safety of rotation (DESIGN "Nothing lost"): the new next secret is written to the
 * vault (temp file, fsync, rename) *inside* the store's write transaction and before the
 * rotation event is put, so it is durable before the transaction commits. The store's log
 * is the only source of truth for which key is living. A crash before the commit leaves
 * the old log and an unreferenced secret (harmless; pruned later); a crash after it leaves
 * the new log with every secret it needs. The retired secret is pruned only after commit.
 * Vault writes happen only inside store write transactions, whose lock is held across
 * processes, so two processes never interleave keyring rewrites.
 */
import { NoctemError, assert, type Clock, type Did, type KeyId } from '../core/index.ts';
import type { HomeStore, StoreReader, StoreWriter } from '../store/index.ts';
import { didKeyFromEd25519, didKeyVerificationMethodId } from './did-key.ts';
import { resolveDidKey, type DidDocument } from './did-document.ts';
import { decodeGenesisExport, encodeGenesisExport } from './genesis-export.ts';
import { keyIdOf } from './hybrid-codec.ts';
import { generateHybridKeyPair, hybridKeyPairFromSeed, signEd25519, signHybrid } from './hybrid-signature.ts';
import type { HybridKeyPair, HybridPublicKey, HybridSignature, RandomBytes } from './hybrid-signature.ts';
import { verifyIdentitySignature, verifySignatureWithKeyState, type SignatureClaim, type SignatureVerdict } from './identity-signature.ts';
import { createInceptionEvent, createRotationEvent, type RevocationReason } from './key-event.ts';
import { applyKeyEvent, verifyKeyEventLog, type KeyEventVerification, type KeyState } from './key-event-log.ts';
import { checkKeyEventHeadIn, putKeyEventIn, readKeyEventHead, readKeyEvents } from './key-event-store.ts';
import type { KeyringEntry, KeyVault } from './key-vault.ts';
import { createProfileIn } from './profile-service.ts';
import { newProfile } from './profile.ts';
import { summarizeIdentity, type IdentitySummary } from './identity-summary.ts';

/** The ports the service runs on. */
export interface IdentityPorts {
  readonly store: HomeStore;
  readonly vault: KeyVault;
  readonly clock: Clock;
  /** A CSPRNG (node:crypto `randomBytes` in production). */
  readonly randomBytes: RandomBytes;
}

/** Options for {@link IdentityService.rotate}. */
export interface RotateOptions {
  /** @default 'compromise' when compromisedSinceMs is given, else 'rotation' */
  readonly reason?: RevocationReason;
  /** Revoke the outgoing key from this instant (clamped to its lifetime). @default now */
  readonly compromisedSinceMs?: number;
  /**
   * Runs inside the rotation's write transaction after the event is stored, so the
   * caller's record of it (the audit entry) commits with it or not at all. @default none
   */
  readonly inTransaction?: (writer: StoreWriter, result: RotationResult) => void;
}

/** What a rotation did. */
export interface RotationResult {
  readonly sequence: number;
  readonly livingKeyId: KeyId;
  readonly revokedKeyId: KeyId;
  readonly revokedAtMs: number;
  readonly nextKeyCommitment: string;
}

/** The living key, loaded, bound to one key so a concurrent rotation cannot mix keys. */
export interface LivingSigner {
  readonly did: Did;
  readonly keyId: KeyId;
  /** Sequence of the event that made this key living. */
  readonly sequence: number;
  readonly publicKey: HybridPublicKey;
  /** `did:key:z6Mk…#z6Mk…` of the Ed25519 half: the credential verification method. */
  readonly verificationMethod: string;
  /** Ed25519 signature (64 bytes) by this key. */
  signEd25519(message: Uint8Array): Uint8Array;
  /** Hybrid signature by this key (~160 ms), hedged with the service's CSPRNG. */
  signHybrid(message: Uint8Array): HybridSignature;
}

/** A signature with what a verifier needs to check it. */
export interface SignedMessage<S> {
  readonly signature: S;
  readonly keyId: KeyId;
  readonly sequence: number;
  readonly signedAtMs: number;
}

/** The identity of one home. */
export class IdentityService {
  readonly #ports: IdentityPorts;
  readonly #keyPairs = new Map<string, HybridKeyPair>();
  #verified: KeyState | undefined;

  /** @param ports - store, vault, clock and CSPRNG */
  constructor(ports: IdentityPorts) {
    this.#ports = ports;
  }

  /**
   * Creates the identity: genesis, living and next keys, the signed inception, the profile.
   * @param name - the identity's display name
   * @throws {NoctemError} IDENTITY_EXISTS when the home has one; PROFILE_INVALID for a bad name
   */
  create(name: string): IdentitySummary {
    const { store, vault, clock, randomBytes } = this.#ports;
    if (readKeyEventHead(store) !== undefined) throw new NoctemError('IDENTITY_EXISTS', 'This home already has an identity');
    newProfile(name); // Validates the name before the expensive signing.
    const createdMs = clock.nowMs();
    const [genesis, living, next] = [0, 1, 2].map(() => generateHybridKeyPair(randomBytes));
    const inception = createInceptionEvent(
      { genesis: genesis!.keyPair, living: living!.keyPair, next: next!.keyPair.publicKey, createdMs },
      { randomBytes },
    );
    const verified = verifyKeyEventLog(inception.did, [inception]);
    assert(verified.ok, 'a fresh inception verifies');
    const entries = [genesis!, living!, next!].map(({ seed, keyPair }) => entryOf(seed, keyPair, createdMs));
    store.write((writer) => {
      checkKeyEventHeadIn(writer, undefined);
      vault.add(entries);
      putKeyEventIn(writer, inception);
      createProfileIn(writer, name);
    });
    this.#verified = verified.state;
    return this.show();
  }

  /**
   * What the CLI's `identity show` prints. Verifies the whole log.
   * @throws {NoctemError} IDENTITY_NOT_FOUND when there is no identity; IDENTITY_CHAIN_INVALID
   *   when not even the inception verifies; the vault's errors when keys.json cannot be read
   */
  show(): IdentitySummary {
    const verification = this.#verifyStored(this.#ports.store);
    return summarizeIdentity(verification, this.#ports);
  }

  /**
   * The verified key state (cached while the stored head is unchanged).
   * @throws {NoctemError} IDENTITY_NOT_FOUND, IDENTITY_CHAIN_INVALID
   */
  keyState(): KeyState {
    return this.#stateIn(this.#ports.store);
  }

  /** The stored key events, for peers and exports (unverified copies). */
  keyEvents(): unknown[] {
    return readKeyEvents(this.#ports.store);
  }

  /** The DID document of this identity's DID (its genesis did:key). */
  didDocument(): DidDocument {
    return resolveDidKey(this.keyState().did);
  }

  /**
   * Rotates: promotes the pre-committed next key, commits to a fresh one, revokes the
   * outgoing key, then prunes secrets the log no longer needs.
   * @param options - see {@link RotateOptions}
   * @throws {NoctemError} IDENTITY_KEY_MISSING when the living or next secret is absent;
   *   IDENTITY_ROTATION_CONFLICT when another process rotated meanwhile
   */
  rotate(options: RotateOptions = {}): RotationResult {
    const { store, vault, clock, randomBytes } = this.#ports;
    const state = this.keyState();
    const outgoing = this.#keyPair(state.living.keyId);
    const incoming = this.#keyPair(state.nextKeyCommitment as KeyId);
    const createdMs = Math.max(clock.nowMs(), state.headCreatedMs);
    const reason = options.reason ?? (options.compromisedSinceMs === undefined ? 'rotation' : 'compromise');
    const since = options.compromisedSinceMs ?? createdMs;
    const revokedAtMs = reason === 'rotation' ? createdMs : Math.min(createdMs, Math.max(state.living.validFromMs, since));
    const next = generateHybridKeyPair(randomBytes);
    const previous = { did: state.did, sequence: state.sequence, digest: state.headDigest };
    const event = createRotationEvent(
      { previous, outgoing, incoming, next: next.keyPair.publicKey, createdMs, revokedAtMs, reason },
      { randomBytes },
    );
    const step = applyKeyEvent(state, event);
    assert(step.ok, `a rotation built from the verified state applies: ${step.ok ? '' : step.failure.message}`);
    const result: RotationResult = {
      sequence: event.sequence,
      livingKeyId: step.state.living.keyId,
      revokedKeyId: state.living.keyId,
      revokedAtMs,
      nextKeyCommitment: event.nextKeyCommitment,
    };
    store.write((writer) => {
      checkKeyEventHeadIn(writer, previous);
      vault.add([entryOf(next.seed, next.keyPair, createdMs)]);
      putKeyEventIn(writer, event);
      options.inTransaction?.(writer, result);
    });
    this.#verified = step.state;
    this.pruneKeyring();
    return result;
  }

  /**
   * Removes secrets the verified log does not need (retired living keys, next keys of
   * rotations that never committed). Keeps genesis, living and next. Removes nothing
   * when the log does not verify.
   * @returns the key ids removed
   */
  pruneKeyring(): KeyId[] {
    const { store, vault } = this.#ports;
    return store.write((writer) => {
      const verification = this.#verifyStored(writer);
      if (!verification.ok) return [];
      const { genesis, living, nextKeyCommitment } = verification.state;
      const keep = new Set<string>([genesis.keyId, living.keyId, nextKeyCommitment]);
      const removable = vault.list().map((entry) => entry.keyId).filter((keyId) => !keep.has(keyId));
      if (removable.length > 0) vault.remove(removable);
      return removable;
    });
  }

  /**
   * Writes the genesis secret to a new file for offline keeping, optionally removing it
   * from the keyring once the file is durable and reads back identical.
   * @param outPath - absolute path of a file that must not exist
   * @param options - `remove`: take the genesis secret out of the keyring (@default false)
   * @throws {NoctemError} FILE_EXISTS; IDENTITY_GENESIS_ABSENT when it was removed before
   */
  exportGenesis(outPath: string, options: { readonly remove?: boolean } = {}): { path: string; did: Did; keyId: KeyId; removed: boolean } {
    const { store, vault } = this.#ports;
    const state = this.keyState();
    const entry = vault.get(state.genesis.keyId);
    if (entry === undefined) throw new NoctemError('IDENTITY_GENESIS_ABSENT', 'The genesis secret is not in this home');
    this.#keyPair(entry.keyId); // Checks the secret derives the genesis key before exporting it.
    const text = encodeGenesisExport({ did: state.did, entry });
    vault.writeExportFile(outPath, text);
    const remove = options.remove === true;
    if (remove) {
      if (vault.readExportFile(outPath) !== text) throw new NoctemError('FILE_NOT_FOUND', `"${outPath}" did not read back as written`);
      store.write(() => vault.remove([entry.keyId]));
    }
    return { path: outPath, did: state.did, keyId: entry.keyId, removed: remove };
  }

  /**
   * Brings an exported genesis secret back into the keyring.
   * @param path - a file written by {@link IdentityService.exportGenesis}
   * @throws {NoctemError} IDENTITY_GENESIS_MISMATCH when it belongs to another identity
   */
  importGenesis(path: string): { keyId: KeyId } {
    const { store, vault } = this.#ports;
    const state = this.keyState();
    const { did, entry } = decodeGenesisExport(vault.readExportFile(path));
    const derived = keyIdOf(hybridKeyPairFromSeed(entry.seed).publicKey);
    if (did !== state.did || entry.keyId !== state.genesis.keyId || derived !== entry.keyId) {
      throw new NoctemError('IDENTITY_GENESIS_MISMATCH', `"${path}" is not the genesis key of ${state.did}`);
    }
    store.write(() => vault.add([entry]));
    return { keyId: entry.keyId };
  }

  /**
   * The living key, loaded for signing.
   * @throws {NoctemError} IDENTITY_KEY_MISSING when its secret is absent
   */
  livingSigner(): LivingSigner {
    const state = this.keyState();
    const pair = this.#keyPair(state.living.keyId);
    const { randomBytes } = this.#ports;
    return {
      did: state.did,
      keyId: state.living.keyId,
      sequence: state.living.establishedSequence,
      publicKey: pair.publicKey,
      verificationMethod: didKeyVerificationMethodId(didKeyFromEd25519(pair.publicKey.ed25519)),
      signEd25519: (message) => signEd25519(message, pair.secretKey.ed25519),
      signHybrid: (message) => signHybrid(message, pair.secretKey, { randomBytes }),
    };
  }

  /** Signs with the living key, hybrid (~160 ms). */
  sign(message: Uint8Array): SignedMessage<HybridSignature> {
    const signer = this.livingSigner();
    return { signature: signer.signHybrid(message), keyId: signer.keyId, sequence: signer.sequence, signedAtMs: this.#ports.clock.nowMs() };
  }

  /** Signs with the living key's Ed25519 half only (hot paths, ~50 µs). */
  signEd25519(message: Uint8Array): SignedMessage<Uint8Array> & { readonly publicKey: Uint8Array } {
    const signer = this.livingSigner();
    const signature = signer.signEd25519(message);
    return { signature, keyId: signer.keyId, sequence: signer.sequence, signedAtMs: this.#ports.clock.nowMs(), publicKey: signer.publicKey.ed25519 };
  }

  /**
   * Checks a signature by any identity, given its DID and key event log. Pure.
   * @param did - the identity the verifier expects
   * @param input - the log and the claim (see {@link verifyIdentitySignature})
   */
  verify(did: Did, input: Parameters<typeof verifyIdentitySignature>[1]): SignatureVerdict {
    return verifyIdentitySignature(did, input);
  }

  /**
   * Checks a signature by this identity against its own log; the key is named by id or by
   * the sequence of the event that made it living (as audit tree heads record it).
   */
  verifyOwn(claim: Omit<SignatureClaim, 'keyId'> & ({ readonly keyId: string } | { readonly keySequence: number })): SignatureVerdict {
    const state = this.keyState();
    const keyId = 'keyId' in claim ? claim.keyId : state.history.find((record) => record.establishedSequence === claim.keySequence)?.keyId;
    if (keyId === undefined) return { valid: false, reason: 'key-unknown' };
    return verifySignatureWithKeyState(state, { ...claim, keyId });
  }

  #stateIn(reader: StoreReader): KeyState {
    const head = readKeyEventHead(reader);
    if (head === undefined) throw new NoctemError('IDENTITY_NOT_FOUND', 'This home has no identity yet');
    if (this.#verified?.headDigest === head.digest) return this.#verified;
    const verification = this.#verifyStored(reader);
    if (!verification.ok) {
      throw new NoctemError('IDENTITY_CHAIN_INVALID', verification.failure.message, { details: { ...verification.failure } });
    }
    return verification.state;
  }

  #verifyStored(reader: StoreReader): KeyEventVerification {
    const head = readKeyEventHead(reader);
    if (head === undefined) throw new NoctemError('IDENTITY_NOT_FOUND', 'This home has no identity yet');
    if (this.#verified?.headDigest === head.digest) return { ok: true, state: this.#verified };
    const events = readKeyEvents(reader);
    const claimed = (events[0] as { did?: unknown } | undefined)?.did;
    const verification = verifyKeyEventLog((typeof claimed === 'string' ? claimed : '') as Did, events);
    if (verification.ok) this.#verified = verification.state;
    return verification;
  }

  #keyPair(keyId: KeyId): HybridKeyPair {
    const cached = this.#keyPairs.get(keyId);
    if (cached !== undefined) return cached;
    const entry = this.#ports.vault.get(keyId);
    if (entry === undefined) throw new NoctemError('IDENTITY_KEY_MISSING', `The secret of key ${keyId} is not in identity/keys.json`);
    const pair = hybridKeyPairFromSeed(entry.seed);
    if (keyIdOf(pair.publicKey) !== keyId) {
      throw new NoctemError('IDENTITY_KEYS_CORRUPT', `identity/keys.json holds a secret for ${keyId} that derives another key`);
    }
    this.#keyPairs.set(keyId, pair);
    return pair;
  }
}

function entryOf(seed: Uint8Array, keyPair: HybridKeyPair, createdMs: number): KeyringEntry {
  return { keyId: keyIdOf(keyPair.publicKey), seed, createdMs };
}
