/**
 * W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite (W3C "Data Integrity EdDSA
 * Cryptosuites v1.0", §3.3), implemented step by step from the Recommendation:
 *
 * - proof configuration: the proof options (`type` DataIntegrityProof, `cryptosuite`,
 *   `created`, `verificationMethod`, `proofPurpose`) plus the document's `@context`,
 *   canonicalized with JCS (RFC 8785);
 * - transformation: the document without `proof`, canonicalized with JCS;
 * - hashing: SHA-256(canonical proof configuration) ‖ SHA-256(canonical document);
 * - signing: Ed25519 over those 64 bytes; `proofValue` is multibase base58btc.
 *
 * Verification reverses it, including the check that the document's `@context` starts with
 * the proof's `@context`. Only one proof per document is supported (no proof sets/chains).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { NoctemError } from '../core/index.ts';
import { canonicalJsonBytes } from '../core/index.ts';
import { multibaseDecode, multibaseEncode } from '../core/index.ts';
import { verifyEd25519 } from './hybrid-signature.ts';

/** A JSON object (the credential and its parts). */
export type JsonObject = { readonly [key: string]: unknown };

/** The proof options of an `eddsa-jcs-2022` proof, before signing. */
export interface EddsaJcsProofOptions {
  /** The key that signs: a DID URL (`did:key:z6Mk…#z6Mk…`) or any URL a resolver knows. */
  readonly verificationMethod: string;
  /** XML Schema dateTimeStamp, e.g. `2023-02-24T23:36:38Z`. */
  readonly created: string;
  /** @default 'assertionMethod' */
  readonly proofPurpose?: string;
}

/** Who signs an `eddsa-jcs-2022` proof: an Ed25519 signing function and the proof options. */
export interface EddsaJcsSigner extends EddsaJcsProofOptions {
  /** Ed25519-signs the 64 hash bytes with the key `verificationMethod` names. */
  readonly sign: (message: Uint8Array) => Uint8Array;
}

/** A Data Integrity proof as it appears in a secured document. */
export interface DataIntegrityProof {
  readonly type: 'DataIntegrityProof';
  readonly cryptosuite: 'eddsa-jcs-2022';
  readonly created: string;
  readonly verificationMethod: string;
  readonly proofPurpose: string;
  readonly '@context'?: unknown;
  readonly proofValue: string;
}

/** Why a proof was rejected. */
export type ProofRejection = 'malformed' | 'unsupported-proof' | 'context-mismatch' | 'key-unresolved' | 'signature-invalid';

/** The outcome of {@link verifyEddsaJcsProof}. */
export type ProofVerification =
  | { readonly valid: true; readonly proof: DataIntegrityProof }
  | { readonly valid: false; readonly reason: ProofRejection; readonly message: string };

/** Finds the Ed25519 public key a verification method names; undefined when unknown. */
export type PublicKeyResolver = (verificationMethod: string) => Uint8Array | undefined;

const dateTimeStamp = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Adds an `eddsa-jcs-2022` proof to `document` (Create Proof, §3.3.1).
 * @param document - the unsecured document; any existing `proof` is an error
 * @param signer - the Ed25519 signing function and the proof options
 * @returns a new document with `proof`
 * @throws {NoctemError} CREDENTIAL_INVALID when the document already has a proof or `created` is not a dateTimeStamp
 * @throws {NoctemError} JSON_INVALID when the document is not canonicalizable JSON
 */
export function addEddsaJcsProof(
  document: JsonObject,
  signer: EddsaJcsSigner,
): JsonObject & { readonly proof: DataIntegrityProof } {
  if (Object.hasOwn(document, 'proof')) throw new NoctemError('CREDENTIAL_INVALID', 'The document already has a proof');
  if (!dateTimeStamp.test(signer.created)) throw new NoctemError('CREDENTIAL_INVALID', `"${signer.created}" is not a dateTimeStamp`);
  const proofConfig: Record<string, unknown> = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created: signer.created,
    verificationMethod: signer.verificationMethod,
    proofPurpose: signer.proofPurpose ?? 'assertionMethod',
  };
  if (document['@context'] !== undefined) proofConfig['@context'] = document['@context'];
  const proofValue = multibaseEncode(signer.sign(hashData(document, proofConfig)), 'base58btc');
  return { ...document, proof: { ...proofConfig, proofValue } as unknown as DataIntegrityProof };
}

/**
 * Verifies the `eddsa-jcs-2022` proof of `document` (Verify Proof, §3.3.2).
 * @param document - the secured document, untrusted
 * @param resolve - finds the Ed25519 key of the proof's verification method
 */
export function verifyEddsaJcsProof(document: unknown, resolve: PublicKeyResolver): ProofVerification {
  if (!isRecord(document) || !isRecord(document['proof'])) return reject('malformed', 'The document has no single proof object');
  const { proof: rawProof, ...unsecured } = document;
  const proof = rawProof as Record<string, unknown>;
  const shapeError = proofShapeError(proof);
  if (shapeError !== undefined) return reject(shapeError[0], shapeError[1]);
  const { proofValue, ...proofOptions } = proof;
  let signature: Uint8Array;
  try {
    signature = multibaseDecode(proofValue as string, 'base58btc').bytes;
  } catch (error) {
    if (!(error instanceof NoctemError)) throw error;
    return reject('malformed', 'The proofValue is not multibase base58btc');
  }
  if (proofOptions['@context'] !== undefined) {
    if (!contextStartsWith(unsecured['@context'], proofOptions['@context'])) {
      return reject('context-mismatch', "The document's @context does not start with the proof's @context");
    }
    unsecured['@context'] = proofOptions['@context'];
  }
  const publicKey = resolve(proof['verificationMethod'] as string);
  if (publicKey === undefined) return reject('key-unresolved', `Cannot resolve the key "${String(proof['verificationMethod'])}"`);
  let message: Uint8Array;
  try {
    // Proof Configuration (§3.3.5) step 4: the configuration carries the document's @context.
    const proofConfig = unsecured['@context'] === undefined ? proofOptions : { ...proofOptions, '@context': unsecured['@context'] };
    message = hashData(unsecured, proofConfig);
  } catch (error) {
    if (!(error instanceof NoctemError)) throw error;
    return reject('malformed', `The document is not canonicalizable JSON: ${error.message}`);
  }
  if (!verifyEd25519(message, signature, publicKey)) return reject('signature-invalid', 'The proof signature does not verify');
  return { valid: true, proof: proof as unknown as DataIntegrityProof };
}

/** SHA-256(JCS(proof configuration)) ‖ SHA-256(JCS(document)): the 64 signed bytes (§3.3.4). */
function hashData(document: JsonObject, proofConfig: JsonObject): Uint8Array {
  const out = new Uint8Array(64);
  out.set(sha256(canonicalJsonBytes(proofConfig)), 0);
  out.set(sha256(canonicalJsonBytes(document)), 32);
  return out;
}

function proofShapeError(proof: Record<string, unknown>): [ProofRejection, string] | undefined {
  if (proof['type'] !== 'DataIntegrityProof' || proof['cryptosuite'] !== 'eddsa-jcs-2022') {
    return ['unsupported-proof', 'Only DataIntegrityProof with cryptosuite eddsa-jcs-2022 is supported'];
  }
  for (const name of ['verificationMethod', 'proofPurpose', 'proofValue']) {
    if (typeof proof[name] !== 'string') return ['malformed', `The proof has no string "${name}"`];
  }
  const created = proof['created'];
  if (created !== undefined && (typeof created !== 'string' || !dateTimeStamp.test(created))) {
    return ['malformed', 'The proof "created" is not a dateTimeStamp'];
  }
  return undefined;
}

function contextStartsWith(documentContext: unknown, proofContext: unknown): boolean {
  const documentList = Array.isArray(documentContext) ? documentContext : [documentContext];
  const proofList = Array.isArray(proofContext) ? proofContext : [proofContext];
  if (proofList.length > documentList.length) return false;
  const canonical = (value: unknown): string => new TextDecoder().decode(canonicalJsonBytes(value));
  try {
    return proofList.every((entry, index) => canonical(entry) === canonical(documentList[index]));
  } catch (error) {
    // A context that is not JSON cannot match.
    if (!(error instanceof NoctemError)) throw error;
    return false;
  }
}

function reject(reason: ProofRejection, message: string): ProofVerification {
  return { valid: false, reason, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
