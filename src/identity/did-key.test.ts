/**
 * Goal: did:key encoding matches the did:key method's published test vectors and other
 * implementations, and decoding rejects anything that is not an Ed25519 did:key.
 * Method: the did:key spec's test-vectors/ed25519-x25519.json (seed -> DID and
 * publicKeyBase58), the W3C vc-di-eddsa key pair (keyPair.json), an ACA-Py vector,
 * a fast-check round trip, and malformed inputs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { base58btcDecode, base58btcEncode } from '../core/index.ts';
import { bytesToHex, hexToBytes } from '../core/hex.ts';
import {
  didKeyFromEd25519,
  didKeyVerificationMethodId,
  ed25519FromDidKey,
  ed25519FromDidKeyUrl,
  ed25519PublicKeyFromMultikey,
  ed25519SecretKeyFromMultikey,
  ed25519SecretKeyToMultikey,
  parseDidUrl,
} from './did-key.ts';
import type { Did } from '../core/index.ts';

// did:key method test vectors (w3c-ccg/did-method-key, test-vectors/ed25519-x25519.json).
const didKeyVectors = [
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000000',
    did: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
    publicKeyBase58: '4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS',
  },
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000001',
    did: 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG',
    publicKeyBase58: '6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt',
  },
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000002',
    did: 'did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf',
    publicKeyBase58: '8pM1DN3RiT8vbom5u1sNryaNT1nyL8CTTW3b5PwWXRBH',
  },
] as const;

describe('did:key', () => {
  it.each(didKeyVectors)('didKeyFromEd25519() derives $did from its seed', (vector) => {
    const publicKey = ed25519.getPublicKey(hexToBytes(vector.seed));
    expect(base58btcEncode(publicKey)).toBe(vector.publicKeyBase58);
    expect(didKeyFromEd25519(publicKey)).toBe(vector.did);
  });

  it.each(didKeyVectors)('ed25519FromDidKey() decodes $did', (vector) => {
    expect(bytesToHex(ed25519FromDidKey(vector.did))).toBe(bytesToHex(base58btcDecode(vector.publicKeyBase58)));
  });

  it('ed25519SecretKeyFromMultikey() decodes the W3C vc-di-eddsa key pair consistently', () => {
    // keyPair.json of w3c/vc-di-eddsa: the public Multikey must be derivable from the secret one.
    const seed = ed25519SecretKeyFromMultikey('z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq');
    expect(didKeyFromEd25519(ed25519.getPublicKey(seed))).toBe('did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2');
    expect(ed25519SecretKeyToMultikey(seed)).toBe('z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq');
  });

  it('ed25519FromDidKey() agrees with an independent implementation (ACA-Py)', () => {
    const publicKey = ed25519FromDidKey('did:key:z6MkmjY8GnV5i9YTDtPETC2uUAW6ejw3nk5mXF5yci5ab7th');
    expect(base58btcEncode(publicKey)).toBe('8HH5gYEeNc3z7PYXmd54d4x6qAfCNrqQqEB3nS7Zfu7K');
  });

  it('didKeyFromEd25519() round-trips any 32-byte key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (key) => {
        const did = didKeyFromEd25519(key);
        expect(did.startsWith('did:key:z6Mk')).toBe(true);
        expect(bytesToHex(ed25519FromDidKey(did))).toBe(bytesToHex(key));
      }),
    );
  });

  it('ed25519FromDidKey() rejects other methods, key types, lengths and encodings with DID_INVALID', () => {
    const bad = [
      'did:web:example.com',
      'did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW', // an X25519 key
      'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW', // one character short
      'did:key:u7QGwDY2Tjn93PVFWWq02piP1NE9_XRlg-c8-jhJiDqKBDw', // base64url multibase
      'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW0',
    ];
    for (const did of bad) expect(() => ed25519FromDidKey(did)).toThrow(expect.objectContaining({ code: 'DID_INVALID' }));
  });

  it('ed25519PublicKeyFromMultikey() rejects a secret key Multikey', () => {
    expect(() => ed25519PublicKeyFromMultikey('z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq')).toThrow(
      expect.objectContaining({ code: 'DID_INVALID' }),
    );
  });

  it('parseDidUrl() splits the DID and the fragment', () => {
    expect(parseDidUrl('did:key:z6Mkabc#z6Mkabc')).toEqual({ did: 'did:key:z6Mkabc', fragment: 'z6Mkabc' });
    expect(parseDidUrl('did:example:abcdefgh')).toEqual({ did: 'did:example:abcdefgh', fragment: undefined });
    expect(() => parseDidUrl('https://vc.example/issuers/5678#key')).toThrow(expect.objectContaining({ code: 'DID_INVALID' }));
  });

  it('ed25519FromDidKeyUrl() accepts the did:key verification method and rejects another fragment', () => {
    const did = didKeyVectors[0].did as Did;
    expect(ed25519FromDidKeyUrl(didKeyVerificationMethodId(did)).length).toBe(32);
    expect(() => ed25519FromDidKeyUrl(`${did}#other`)).toThrow(expect.objectContaining({ code: 'DID_INVALID' }));
  });
});
