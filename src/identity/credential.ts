/**
 * W3C Verifiable Credentials Data Model 2.0 credentials secured with `eddsa-jcs-2022`
 * (see `data-integrity.ts`), issued by a Noctem identity.
 *
 * The issuer is the identity's DID (the did:key of its genesis key, which never changes);
 * the proof's verification method is the *living* key's own did:key URL
 * (`did:key:z6Mk…#z6Mk…`). Any verifier resolves that key with did:key alone and checks the
 * signature; binding the living key to the issuer needs the issuer's key event log, which a
 * Noctem verifier passes as `keyState` (see docs/decisions.md, I5).
 */
import { NoctemError, limits, type Did } from '../core/index.ts';
import { ed25519FromDidKeyUrl, parseDidUrl } from './did-key.ts';
import { hybridPublicKeyFromJson, keyIdOf } from './hybrid-codec.ts';
import { keyStatusAt, type KeyState } from './key-event-log.ts';
import { addEddsaJcsProof, verifyEddsaJcsProof } from './data-integrity.ts';
import type { DataIntegrityProof, JsonObject, ProofRejection, PublicKeyResolver } from './data-integrity.ts';

/** The base context of every VC 2.0 credential. */
export const credentialsV2Context = 'https://www.w3.org/ns/credentials/v2';

/** What a credential says, before it is secured. */
export interface CredentialInput {
  /** Types besides `VerifiableCredential`, e.g. `['DeviceMembershipCredential']`. */
  readonly types: readonly string[];
  readonly issuer: Did;
  /** The claims; `id` names the subject. At most `limits.credentialClaimsMax` members. */
  readonly credentialSubject: JsonObject;
  readonly validFromMs: number;
  /** @default undefined (no expiry) */
  readonly validUntilMs?: number;
  /** A URL or `urn:uuid:…`. @default undefined */
  readonly id?: string;
  /** @default undefined */
  readonly name?: string;
  /** @default undefined */
  readonly description?: string;
}

/** An unsecured VC 2.0 credential. */
export type UnsignedCredential = JsonObject & {
  readonly '@context': readonly string[];
  readonly type: readonly string[];
  readonly issuer: string;
  readonly credentialSubject: JsonObject;
};

/** A credential with its proof. */
export type VerifiableCredential = UnsignedCredential & { readonly proof: DataIntegrityProof };

/** Why a credential was rejected. */
export type CredentialRejection = ProofRejection | 'wrong-purpose' | 'not-yet-valid' | 'expired' | 'issuer-unbound' | 'key-revoked';

/** How the signing key was tied to the issuer. */
export type IssuerBinding = 'same-did' | 'key-event-log' | 'none';

/** The outcome of {@link verifyCredential}. */
export interface CredentialVerification {
  readonly valid: boolean;
  readonly issuer: string | undefined;
  readonly verificationMethod: string | undefined;
  readonly issuerBinding: IssuerBinding;
  readonly reason?: CredentialRejection;
  readonly message?: string;
}

/** Options for {@link verifyCredential}. */
export interface VerifyCredentialOptions {
  /** The issuer's verified key state, to bind a living key to the issuer DID. @default undefined */
  readonly keyState?: KeyState;
  /** Reject credentials whose signing key is not bound to the issuer. @default true */
  readonly requireIssuerBinding?: boolean;
  /** Check validFrom/validUntil at this instant (ms). @default undefined (no time check) */
  readonly atMs?: number;
  /** Resolves verification methods that are not did:key URLs. @default did:key only */
  readonly resolvePublicKey?: PublicKeyResolver;
}

/**
 * Builds an unsecured VC 2.0 credential.
 * @param input - what the credential says
 * @throws {NoctemError} CREDENTIAL_INVALID when the subject has too many claims or times are invalid
 */
export function buildCredential(input: CredentialInput): UnsignedCredential {
  const claims = Object.keys(input.credentialSubject).length;
  if (claims > limits.credentialClaimsMax) {
    throw new NoctemError('CREDENTIAL_INVALID', `The subject has ${claims} claims, more than ${limits.credentialClaimsMax}`);
  }
  if (input.validUntilMs !== undefined && input.validUntilMs < input.validFromMs) {
    throw new NoctemError('CREDENTIAL_INVALID', 'The credential expires before it becomes valid');
  }
  return {
    '@context': [credentialsV2Context],
    ...(input.id === undefined ? {} : { id: input.id }),
    type: ['VerifiableCredential', ...input.types.filter((type) => type !== 'VerifiableCredential')],
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.description === undefined ? {} : { description: input.description }),
    issuer: input.issuer,
    validFrom: dateTimeStampOf(input.validFromMs),
    ...(input.validUntilMs === undefined ? {} : { validUntil: dateTimeStampOf(input.validUntilMs) }),
    credentialSubject: input.credentialSubject,
  };
}

/**
 * Secures a credential with an `eddsa-jcs-2022` proof for `assertionMethod`.
 * @param credential - the unsecured credential
 * @param signer - the Ed25519 signing function, its verification method URL, and the time
 */
export function issueCredential(
  credential: UnsignedCredential,
  signer: { readonly sign: (message: Uint8Array) => Uint8Array; readonly verificationMethod: string; readonly createdMs: number },
): VerifiableCredential {
  return addEddsaJcsProof(credential, {
    sign: signer.sign,
    verificationMethod: signer.verificationMethod,
    created: dateTimeStampOf(signer.createdMs),
    proofPurpose: 'assertionMethod',
  }) as VerifiableCredential;
}

/**
 * Verifies a credential: its proof, its purpose, optionally its validity period, and that
 * the signing key speaks for the issuer.
 * @param credential - untrusted input
 * @param options - see {@link VerifyCredentialOptions}
 */
export function verifyCredential(credential: unknown, options: VerifyCredentialOptions = {}): CredentialVerification {
  const issuer = issuerOf(credential);
  const resolve = options.resolvePublicKey ?? resolveDidKeyUrl;
  const proofResult = verifyEddsaJcsProof(credential, resolve);
  if (!proofResult.valid) return rejected({ issuer, verificationMethod: undefined }, proofResult.reason, proofResult.message);
  const { proof } = proofResult;
  const base = { issuer, verificationMethod: proof.verificationMethod };
  if (proof.proofPurpose !== 'assertionMethod') return rejected(base, 'wrong-purpose', `The proof purpose is "${proof.proofPurpose}"`);
  const record = credential as Record<string, unknown>;
  const shape = credentialShapeError(record, issuer);
  if (shape !== undefined || issuer === undefined) return rejected(base, 'malformed', shape ?? 'The credential has no issuer');
  const timeRejection = options.atMs === undefined ? undefined : validityRejection(record, options.atMs);
  if (timeRejection !== undefined) return rejected(base, timeRejection, `The credential is ${timeRejection} at that time`);
  const binding = bindIssuer(issuer, proof, resolve, options.keyState);
  if (binding === 'key-revoked') return rejected(base, 'key-revoked', 'The signing key was not living for the issuer when the proof was created');
  if (binding === 'none' && options.requireIssuerBinding !== false) {
    return rejected(base, 'issuer-unbound', 'Nothing ties the signing key to the issuer');
  }
  return { ...base, valid: true, issuerBinding: binding };
}

/**
 * `ms` as an XML Schema dateTimeStamp in UTC: `2026-01-01T00:00:00Z`, with milliseconds
 * (`…:00.250Z`) when they are not zero, so a proof made just after a rotation is not dated
 * before its key became living.
 * @param ms - ms since the epoch, an integer
 */
export function dateTimeStampOf(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace('.000Z', 'Z');
}

/**
 * A `urn:uuid:` (version 4) from 16 random bytes.
 * @param random - 16 bytes from a CSPRNG
 */
export function credentialIdFromRandom(random: Uint8Array): string {
  if (random.length !== 16) throw new NoctemError('CREDENTIAL_INVALID', 'A UUID needs 16 random bytes');
  const bytes = random.slice();
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function rejected(
  base: { readonly issuer: string | undefined; readonly verificationMethod: string | undefined },
  reason: CredentialRejection,
  message: string,
): CredentialVerification {
  return { ...base, valid: false, issuerBinding: 'none', reason, message };
}

function bindIssuer(issuer: string, proof: DataIntegrityProof, resolve: PublicKeyResolver, state: KeyState | undefined): IssuerBinding | 'key-revoked' {
  const signerDid = didOf(proof.verificationMethod);
  if (signerDid !== undefined && signerDid === issuer) return 'same-did';
  if (state === undefined || state.did !== issuer) return 'none';
  const publicKey = resolve(proof.verificationMethod);
  const record = state.history.find((candidate) => sameBytes(hybridPublicKeyFromJson(candidate.publicKey).ed25519, publicKey));
  const genesisEd = hybridPublicKeyFromJson(state.genesis.publicKey).ed25519;
  const keyId = record?.keyId ?? (sameBytes(genesisEd, publicKey) ? keyIdOf(hybridPublicKeyFromJson(state.genesis.publicKey)) : undefined);
  if (keyId === undefined) return 'none';
  // Without a creation time nothing says when the key signed, so it cannot be bound.
  const createdMs = typeof proof.created === 'string' ? Date.parse(proof.created) : Number.NaN;
  if (Number.isNaN(createdMs)) return 'none';
  return keyStatusAt(state, keyId, createdMs) === 'valid' ? 'key-event-log' : 'key-revoked';
}

function credentialShapeError(credential: Record<string, unknown>, issuer: string | undefined): string | undefined {
  const context = credential['@context'];
  if (!Array.isArray(context) || context[0] !== credentialsV2Context) return `The first @context must be ${credentialsV2Context}`;
  const type = credential['type'];
  if (!Array.isArray(type) || !type.includes('VerifiableCredential')) return 'The type must include VerifiableCredential';
  if (issuer === undefined) return 'The issuer must be a URL or an object with an id';
  const subject = credential['credentialSubject'];
  if (typeof subject !== 'object' || subject === null) return 'The credentialSubject must be an object';
  for (const name of ['validFrom', 'validUntil']) {
    const value = credential[name];
    if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) return `The ${name} is not a date`;
  }
  return undefined;
}

function validityRejection(credential: Record<string, unknown>, atMs: number): 'not-yet-valid' | 'expired' | undefined {
  const validFrom = credential['validFrom'];
  const validUntil = credential['validUntil'];
  if (typeof validFrom === 'string' && atMs < Date.parse(validFrom)) return 'not-yet-valid';
  if (typeof validUntil === 'string' && atMs > Date.parse(validUntil)) return 'expired';
  return undefined;
}

function issuerOf(credential: unknown): string | undefined {
  if (typeof credential !== 'object' || credential === null) return undefined;
  const issuer = (credential as Record<string, unknown>)['issuer'];
  if (typeof issuer === 'string') return issuer;
  if (typeof issuer === 'object' && issuer !== null) {
    const id = (issuer as Record<string, unknown>)['id'];
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

function resolveDidKeyUrl(verificationMethod: string): Uint8Array | undefined {
  try {
    return ed25519FromDidKeyUrl(verificationMethod);
  } catch (error) {
    // Not a did:key URL: this resolver does not know the key, which the caller reports.
    if (!(error instanceof NoctemError)) throw error;
    return undefined;
  }
}

function didOf(url: string): string | undefined {
  try {
    return parseDidUrl(url).did;
  } catch (error) {
    // Not a DID URL (e.g. https): it names no DID.
    if (!(error instanceof NoctemError)) throw error;
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((byte, index) => byte === b[index]);
}
