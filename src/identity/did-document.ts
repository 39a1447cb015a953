/**
 * did:key resolution to a W3C DID Core 1.0 document (did:key method v0.9, "Multikey"
 * representation): one verification method of type `Multikey` whose id is the DID plus
 * `#` plus the key's multibase, referenced by the four signing relationships. The optional
 * X25519 key agreement key is not derived (the spec's `enableEncryptionKeyDerivation`
 * defaults to false), because Noctem does not encrypt to DIDs.
 */
import { NoctemError, type Did } from '../core/index.ts';
import { didKeyVerificationMethodId, ed25519FromDidKey, ed25519PublicKeyToMultikey, parseDidUrl } from './did-key.ts';

/** The JSON-LD contexts of a did:key document with Multikey methods. */
export const didKeyDocumentContext = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'] as const;

/** A Multikey verification method (Controlled Identifiers 1.0 §2.2.2). */
export interface MultikeyVerificationMethod {
  readonly id: string;
  readonly type: 'Multikey';
  readonly controller: Did;
  /** `z6Mk…` for Ed25519. */
  readonly publicKeyMultibase: string;
}

/** A DID document as did:key resolves it. */
export interface DidDocument {
  readonly '@context': readonly string[];
  readonly id: Did;
  readonly verificationMethod: readonly MultikeyVerificationMethod[];
  readonly authentication: readonly string[];
  readonly assertionMethod: readonly string[];
  readonly capabilityInvocation: readonly string[];
  readonly capabilityDelegation: readonly string[];
}

/** A verification relationship of a DID document. */
export type VerificationRelationship = 'authentication' | 'assertionMethod' | 'capabilityInvocation' | 'capabilityDelegation';

/**
 * Resolves an Ed25519 did:key to its DID document. Pure: a did:key holds its own key.
 * @param did - `did:key:z6Mk…`
 * @throws {NoctemError} DID_INVALID when `did` is not an Ed25519 did:key
 */
export function resolveDidKey(did: string): DidDocument {
  const { did: bare, fragment } = parseDidUrl(did);
  if (fragment !== undefined) throw new NoctemError('DID_INVALID', `"${did}" is a DID URL; resolve the DID without "#…"`);
  const publicKey = ed25519FromDidKey(bare);
  const id = didKeyVerificationMethodId(bare);
  return {
    '@context': [...didKeyDocumentContext],
    id: bare,
    verificationMethod: [{ id, type: 'Multikey', controller: bare, publicKeyMultibase: ed25519PublicKeyToMultikey(publicKey) }],
    authentication: [id],
    assertionMethod: [id],
    capabilityInvocation: [id],
    capabilityDelegation: [id],
  };
}

/** What {@link findVerificationMethod} looks for. */
export interface VerificationMethodQuery {
  /** The verification method id (`did…#fragment`). */
  readonly id: string;
  /** What the key is used for. */
  readonly relationship: VerificationRelationship;
}

/**
 * Finds a verification method in `document` and checks that the document authorizes it for
 * the relationship asked.
 * @param document - a resolved DID document
 * @param query - the method id and relationship
 * @returns the method, or undefined when it is absent or not authorized for the relationship
 */
export function findVerificationMethod(
  document: DidDocument,
  query: VerificationMethodQuery,
): MultikeyVerificationMethod | undefined {
  if (!document[query.relationship].includes(query.id)) return undefined;
  return document.verificationMethod.find((method) => method.id === query.id);
}
