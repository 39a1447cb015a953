/**
 * Goal: resolveDidKey() produces the did:key method's Multikey DID document.
 * Method: resolve a did:key spec vector and compare with the document the method defines.
 */
import { describe, expect, it } from 'vitest';
import { findVerificationMethod, resolveDidKey } from './did-document.ts';

const did = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
const methodId = `${did}#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp`;

describe('resolveDidKey()', () => {
  it('resolveDidKey() returns a DID Core document with one Multikey method', () => {
    expect(resolveDidKey(did)).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [
        { id: methodId, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp' },
      ],
      authentication: [methodId],
      assertionMethod: [methodId],
      capabilityInvocation: [methodId],
      capabilityDelegation: [methodId],
    });
  });

  it('resolveDidKey() rejects a DID URL with a fragment', () => {
    expect(() => resolveDidKey(methodId)).toThrow(expect.objectContaining({ code: 'DID_INVALID' }));
  });

  it('findVerificationMethod() finds the assertion key and nothing else', () => {
    const document = resolveDidKey(did);
    expect(findVerificationMethod(document, { id: methodId, relationship: 'assertionMethod' })?.type).toBe('Multikey');
    expect(findVerificationMethod(document, { id: `${did}#other`, relationship: 'assertionMethod' })).toBeUndefined();
  });
});
