/**
 * Goal: our eddsa-jcs-2022 credentials interoperate with the W3C Recommendation, and a
 * Noctem verifier ties the living key to the issuer DID through the key event log.
 * Method: the published vc-di-eddsa test vectors (an independent implementation's output)
 * verified with only the public key and reproduced byte-for-byte from the secret key; then
 * credentials issued by a real key event log (inception + one rotation).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Did } from '../core/index.ts';
import { ed25519PublicKeyFromMultikey, ed25519SecretKeyFromMultikey, didKeyFromEd25519, didKeyVerificationMethodId } from './did-key.ts';
import { addEddsaJcsProof, verifyEddsaJcsProof, type JsonObject } from './data-integrity.ts';
import { buildCredential, credentialIdFromRandom, issueCredential, verifyCredential } from './credential.ts';
import { buildDeviceMembershipCredential, readDeviceMembership } from './device-membership.ts';
import { hybridKeyPairFromSeed, hybridLengths, signEd25519, type HybridKeyPair } from './hybrid-signature.ts';
import { createInceptionEvent, createRotationEvent } from './key-event.ts';
import { verifyKeyEventLog, type KeyState } from './key-event-log.ts';

// W3C vc-di-eddsa v1.0, test vectors for eddsa-jcs-2022 (TestVectors/keyPair.json and the
// Recommendation's "Representation: eddsa-jcs-2022" example).
const w3cPublicKeyMultibase = 'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
const w3cSecretKeyMultibase = 'z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq';
const w3cUnsigned = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
  type: ['VerifiableCredential', 'AlumniCredential'],
  name: 'Alumni Credential',
  description: 'A minimum viable example of an Alumni Credential.',
  issuer: 'https://vc.example/issuers/5678',
  validFrom: '2023-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
};
function w3cSigned(verificationMethod: string, proofValue: string): JsonObject {
  return {
    ...w3cUnsigned,
    proof: {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-jcs-2022',
      created: '2023-02-24T23:36:38Z',
      verificationMethod,
      proofPurpose: 'assertionMethod',
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
      proofValue,
    },
  };
}
const w3cDidKeyMethod = `did:key:${w3cPublicKeyMultibase}#${w3cPublicKeyMultibase}`;
const w3cDidKeyProofValue = 'z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX';
const w3cHttpsMethod = `https://vc.example/issuers/5678#${w3cPublicKeyMultibase}`;
const w3cHttpsProofValue = 'z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4';

describe('eddsa-jcs-2022 interoperability (W3C vc-di-eddsa test vectors)', () => {
  it('verifyCredential() accepts the W3C eddsa-jcs-2022 example credential', () => {
    const result = verifyCredential(w3cSigned(w3cDidKeyMethod, w3cDidKeyProofValue), { requireIssuerBinding: false });
    expect(result).toEqual({ valid: true, issuer: 'https://vc.example/issuers/5678', verificationMethod: w3cDidKeyMethod, issuerBinding: 'none' });
  });

  it('addEddsaJcsProof() reproduces the W3C proofValue byte-for-byte', () => {
    const secretKey = ed25519SecretKeyFromMultikey(w3cSecretKeyMultibase);
    const signed = addEddsaJcsProof(w3cUnsigned, { sign: (bytes) => signEd25519(bytes, secretKey), verificationMethod: w3cDidKeyMethod, created: '2023-02-24T23:36:38Z' });
    expect(signed).toEqual(w3cSigned(w3cDidKeyMethod, w3cDidKeyProofValue));
  });

  it('verifyEddsaJcsProof() accepts the vector with an https verification method through a resolver', () => {
    const publicKey = ed25519PublicKeyFromMultikey(w3cPublicKeyMultibase);
    const resolve = (url: string): Uint8Array | undefined => (url === w3cHttpsMethod ? publicKey : undefined);
    expect(verifyEddsaJcsProof(w3cSigned(w3cHttpsMethod, w3cHttpsProofValue), resolve).valid).toBe(true);
  });

  it('verifyCredential() rejects a tampered claim in the W3C credential', () => {
    const tampered = { ...w3cSigned(w3cDidKeyMethod, w3cDidKeyProofValue), credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'Another School' } };
    expect(verifyCredential(tampered, { requireIssuerBinding: false }).reason).toBe('signature-invalid');
  });

  it('verifyCredential() rejects a proof @context that the document does not start with', () => {
    const signed = w3cSigned(w3cDidKeyMethod, w3cDidKeyProofValue);
    const reordered = { ...signed, '@context': [...w3cUnsigned['@context']].reverse() };
    expect(verifyCredential(reordered, { requireIssuerBinding: false }).reason).toBe('context-mismatch');
  });

  it('verifyCredential() requires an issuer binding by default', () => {
    expect(verifyCredential(w3cSigned(w3cDidKeyMethod, w3cDidKeyProofValue)).reason).toBe('issuer-unbound');
  });
});

const dayMs = 86_400_000;
const t0 = Date.UTC(2026, 0, 1);
const keyOf = (n: number): HybridKeyPair => hybridKeyPairFromSeed(new Uint8Array(hybridLengths.hybridSeedBytes).fill(n));
const [genesis, k1, k2, k3] = [11, 12, 13, 14].map(keyOf) as [HybridKeyPair, HybridKeyPair, HybridKeyPair, HybridKeyPair];
let state: KeyState;
let did: Did;

beforeAll(() => {
  const inception = createInceptionEvent({ genesis, living: k1, next: k2.publicKey, createdMs: t0 });
  const rotation = createRotationEvent({ previous: inception, outgoing: k1, incoming: k2, next: k3.publicKey, createdMs: t0 + dayMs });
  const result = verifyKeyEventLog(inception.did, [inception, rotation]);
  if (!result.ok) throw new Error('the fixture log verifies');
  state = result.state;
  did = inception.did;
});

function issuedBy(key: HybridKeyPair, createdMs: number): ReturnType<typeof issueCredential> {
  const unsigned = buildCredential({ types: ['ExampleCredential'], issuer: did, credentialSubject: { id: 'did:example:x', likes: 'tea' }, validFromMs: t0 });
  const verificationMethod = didKeyVerificationMethodId(didKeyFromEd25519(key.publicKey.ed25519));
  return issueCredential(unsigned, { sign: (bytes) => signEd25519(bytes, key.secretKey.ed25519), verificationMethod, createdMs });
}

describe('Noctem credentials', () => {
  it('verifyCredential() binds the living key to the issuer through the key event log', () => {
    const result = verifyCredential(issuedBy(k2, t0 + 2 * dayMs), { keyState: state });
    expect([result.valid, result.issuerBinding]).toEqual([true, 'key-event-log']);
  });

  it('verifyCredential() rejects a credential dated after its key was revoked', () => {
    expect(verifyCredential(issuedBy(k1, t0 + 2 * dayMs), { keyState: state }).reason).toBe('key-revoked');
  });

  it('verifyCredential() accepts a credential its key signed before revocation', () => {
    expect(verifyCredential(issuedBy(k1, t0 + 1000), { keyState: state }).valid).toBe(true);
  });

  it('verifyCredential() cannot bind a living key without the key event log', () => {
    const result = verifyCredential(issuedBy(k2, t0 + 2 * dayMs));
    expect([result.valid, result.reason]).toEqual([false, 'issuer-unbound']);
  });

  it('verifyCredential() binds a credential signed by the genesis key by DID alone', () => {
    expect(verifyCredential(issuedBy(genesis, t0)).issuerBinding).toBe('same-did');
  });

  it('verifyCredential() checks the validity period when given a time', () => {
    const credential = issuedBy(k2, t0 + 2 * dayMs);
    expect(verifyCredential(credential, { keyState: state, atMs: t0 - 1 }).reason).toBe('not-yet-valid');
    expect(verifyCredential(credential, { keyState: state, atMs: t0 + 1 }).valid).toBe(true);
  });

  it('verifyCredential() rejects a proof made for another purpose', () => {
    const unsigned = buildCredential({ types: [], issuer: did, credentialSubject: { id: 'did:example:x' }, validFromMs: t0 });
    const verificationMethod = didKeyVerificationMethodId(did);
    const signed = addEddsaJcsProof(unsigned, { sign: (bytes) => signEd25519(bytes, genesis.secretKey.ed25519), verificationMethod, created: '2026-01-01T00:00:00Z', proofPurpose: 'authentication' });
    expect(verifyCredential(signed).reason).toBe('wrong-purpose');
  });

  it('buildDeviceMembershipCredential() states that an instance belongs to a person', () => {
    const unsigned = buildDeviceMembershipCredential({ personDid: did, instanceId: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e', instanceName: 'laptop', validFromMs: t0 });
    const verificationMethod = didKeyVerificationMethodId(didKeyFromEd25519(k2.publicKey.ed25519));
    const credential = issueCredential(unsigned, { sign: (bytes) => signEd25519(bytes, k2.secretKey.ed25519), verificationMethod, createdMs: t0 + 2 * dayMs });
    expect(verifyCredential(credential, { keyState: state }).valid).toBe(true);
    expect(readDeviceMembership(credential)).toEqual({ personDid: did, instanceId: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e', instanceName: 'laptop' });
  });

  it('credentialIdFromRandom() makes a version 4 urn:uuid', () => {
    expect(credentialIdFromRandom(new Uint8Array(16).fill(0xff))).toBe('urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('buildCredential() rejects a subject with too many claims', () => {
    const credentialSubject = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`claim${i}`, i]));
    expect(() => buildCredential({ types: [], issuer: did, credentialSubject, validFromMs: t0 })).toThrow(
      expect.objectContaining({ code: 'CREDENTIAL_INVALID' }),
    );
  });
});
