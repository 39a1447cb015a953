/**
 * The skill package signature, `noctem-skill.sig.json`: the author's hybrid (Ed25519 +
 * SLH-DSA) signature over the package digest, made with their living key, and its check
 * against the author's key event log, which rejects unknown keys and keys revoked before
 * the signing time. Pure: the caller supplies the signer and the log.
 */
import { NoctemError, canonicalJsonBytes, isHex, limits, type Did } from '../core/index.ts';
import {
  hybridSignatureFromJson,
  hybridSignatureToJson,
  verifyIdentitySignature,
  type HybridSignature,
  type HybridSignatureJson,
  type LivingSigner,
} from '../identity/index.ts';
import { skillPackageDigest, type SkillPackage } from './skill-digest.ts';

/** Names the signature layout. */
export const skillSignatureFormat = 'noctem-skill-sig/1' as const;

/** The JSON value of `noctem-skill.sig.json`. */
export interface SkillSignature {
  readonly format: typeof skillSignatureFormat;
  /** The signer's DID; must equal the manifest's author. */
  readonly author: Did;
  /** The signing key's id in the author's key event log. */
  readonly keyId: string;
  /** Sequence of the key event that made the key living (informational). */
  readonly keySequence: number;
  /** {@link skillPackageDigest} of the package, 64 hex characters. */
  readonly digest: string;
  /** When it was signed, ms since the epoch, as the signer's clock said. */
  readonly signedAtMs: number;
  readonly signature: HybridSignatureJson;
}

/** The signer: the identity's living key and the time to record. */
export interface SkillSigner {
  readonly signer: Pick<LivingSigner, 'did' | 'keyId' | 'sequence' | 'signHybrid'>;
  readonly signedAtMs: number;
}

/** What a verification needs besides the package. */
export interface SkillVerifyOptions {
  /** The parsed `noctem-skill.sig.json`, or undefined when the package has none. */
  readonly signature: unknown;
  /** The author's key event log (untrusted copies; it is verified). */
  readonly events: readonly unknown[];
  /** Signing time to check key validity at. @default the signature's `signedAtMs` */
  readonly atTimeMs?: number;
}

/** A verified package. */
export interface VerifiedSkill {
  readonly author: Did;
  readonly keyId: string;
  readonly digest: string;
}

/**
 * Signs a package with the author's living key (hybrid, ~160 ms).
 * @param pkg - manifest and files; the manifest's author must be the signer's DID
 * @param signing - the living signer and the time to record
 * @throws {NoctemError} SKILL_SIGNATURE_INVALID when the signer is not the manifest's author;
 *   the digest's errors
 */
export function signSkillPackage(pkg: SkillPackage, signing: SkillSigner): SkillSignature {
  const { signer, signedAtMs } = signing;
  if (signer.did !== pkg.manifest.author) {
    throw new NoctemError('SKILL_SIGNATURE_INVALID', `The manifest names author ${pkg.manifest.author}, not the signer ${signer.did}`);
  }
  const unsigned = {
    format: skillSignatureFormat, author: signer.did, keyId: signer.keyId, keySequence: signer.sequence,
    digest: skillPackageDigest(pkg), signedAtMs,
  } as const;
  const signature = signer.signHybrid(canonicalJsonBytes(unsigned));
  return { ...unsigned, signature: hybridSignatureToJson(signature) };
}

/**
 * Verifies a package's signature: well formed, by the manifest's author with a key their
 * key event log accepts at the signing time, over the digest of exactly these files.
 * @param pkg - manifest and files as read
 * @param options - the signature value and the author's key event log
 * @throws {NoctemError} SKILL_UNSIGNED without a signature; SKILL_SIGNATURE_INVALID when it is
 *   malformed, by another identity, or by an unknown or revoked key; SKILL_TAMPERED when a
 *   genuine signature covers a different digest
 */
export function verifySkillPackage(pkg: SkillPackage, options: SkillVerifyOptions): VerifiedSkill {
  if (options.signature === undefined || options.signature === null) {
    throw new NoctemError('SKILL_UNSIGNED', `The skill package "${pkg.manifest.name}" has no signature`);
  }
  const { claim, signature } = readSignature(options.signature);
  if (claim.author !== pkg.manifest.author) {
    throw new NoctemError('SKILL_SIGNATURE_INVALID', `The signature is by ${claim.author}, not the manifest's author ${pkg.manifest.author}`);
  }
  const verdict = verifyIdentitySignature(claim.author, {
    events: options.events,
    message: canonicalJsonBytes(claim),
    signature,
    keyId: claim.keyId,
    atTimeMs: options.atTimeMs ?? claim.signedAtMs,
  });
  if (!verdict.valid) {
    throw new NoctemError('SKILL_SIGNATURE_INVALID', `The skill signature does not verify (${verdict.reason})`, { details: { reason: verdict.reason } });
  }
  const digest = skillPackageDigest(pkg);
  if (digest !== claim.digest) {
    throw new NoctemError('SKILL_TAMPERED', `The skill package "${pkg.manifest.name}" changed after it was signed`, { details: { signed: claim.digest, actual: digest } });
  }
  return { author: claim.author, keyId: claim.keyId, digest };
}

type SignedClaim = Omit<SkillSignature, 'signature'>;

function readSignature(value: unknown): { claim: SignedClaim; signature: HybridSignature } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('it is not a JSON object');
  const record = value as Record<string, unknown>;
  const { format, author, keyId, keySequence, digest, signedAtMs } = record;
  if (format !== skillSignatureFormat) throw malformed(`its format is not "${skillSignatureFormat}"`);
  if (typeof author !== 'string' || author.length > limits.skillPathCharsMax) throw malformed('author is not a DID');
  if (typeof keyId !== 'string' || keyId.length > limits.skillPathCharsMax) throw malformed('keyId is not a key id');
  if (!Number.isSafeInteger(keySequence) || (keySequence as number) < 0) throw malformed('keySequence is not a sequence number');
  if (typeof digest !== 'string' || digest.length !== 64 || !isHex(digest)) throw malformed('digest is not 64 hex characters');
  if (!Number.isSafeInteger(signedAtMs) || (signedAtMs as number) < 0) throw malformed('signedAtMs is not a time');
  let signature: HybridSignature;
  try {
    signature = hybridSignatureFromJson(record['signature']);
  } catch (error) {
    if (error instanceof NoctemError) throw malformed(error.message);
    throw error;
  }
  const claim = { format: skillSignatureFormat, author: author as Did, keyId, keySequence: keySequence as number, digest, signedAtMs: signedAtMs as number };
  return { claim, signature };
}

function malformed(problem: string): NoctemError {
  return new NoctemError('SKILL_SIGNATURE_INVALID', `noctem-skill.sig.json is malformed: ${problem}`);
}
