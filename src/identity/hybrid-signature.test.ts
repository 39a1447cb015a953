/**
 * Goal: Ed25519 matches RFC 8032, and hybrid signatures verify only when both halves do,
 * with Ed25519 checked first (D11).
 * Method: RFC 8032 §7.1 known-answer tests 1-3; a few SLH-DSA signatures (each ~160 ms)
 * shared across tests, tampered one part at a time; codec round trips.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { bytesToHex, hexToBytes } from '../core/hex.ts';
import {
  hybridKeyPairFromSeed,
  hybridLengths,
  signEd25519,
  signHybrid,
  verifyEd25519,
  verifyHybrid,
  type HybridKeyPair,
  type HybridSignature,
} from './hybrid-signature.ts';
import {
  decodeHybridPublicKey,
  decodeHybridSignature,
  encodeHybridPublicKey,
  encodeHybridSignature,
  hybridPublicKeyFromJson,
  hybridPublicKeyToJson,
  hybridSignatureFromJson,
  hybridSignatureToJson,
  keyIdOf,
} from './hybrid-codec.ts';

// RFC 8032 §7.1, TEST 1-3: secret key, public key, message, signature (hex).
const rfc8032 = [
  {
    name: 'TEST 1',
    secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2',
    secretKey: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3',
    secretKey: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
] as const;

const seed = Uint8Array.from({ length: hybridLengths.hybridSeedBytes }, (_, i) => i);
const message = new TextEncoder().encode('a module to load');
let keyPair: HybridKeyPair;
let signature: HybridSignature;

beforeAll(() => {
  keyPair = hybridKeyPairFromSeed(seed);
  signature = signHybrid(message, keyPair.secretKey);
});

function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = copy[index]! ^ 0x01;
  return copy;
}

describe('Ed25519 (RFC 8032)', () => {
  it.each(rfc8032)('signEd25519() reproduces RFC 8032 $name', (vector) => {
    expect(bytesToHex(signEd25519(hexToBytes(vector.message), hexToBytes(vector.secretKey)))).toBe(vector.signature);
  });

  it.each(rfc8032)('verifyEd25519() accepts RFC 8032 $name', (vector) => {
    const verdict = verifyEd25519(hexToBytes(vector.message), hexToBytes(vector.signature), hexToBytes(vector.publicKey));
    expect(verdict).toBe(true);
  });

  it('hybridKeyPairFromSeed() derives the RFC 8032 public key from its Ed25519 half', () => {
    const hybridSeed = new Uint8Array(hybridLengths.hybridSeedBytes);
    hybridSeed.set(hexToBytes(rfc8032[0].secretKey), 0);
    expect(bytesToHex(hybridKeyPairFromSeed(hybridSeed).publicKey.ed25519)).toBe(rfc8032[0].publicKey);
  });

  it('verifyEd25519() rejects a tampered message', () => {
    const vector = rfc8032[2];
    expect(verifyEd25519(hexToBytes('af83'), hexToBytes(vector.signature), hexToBytes(vector.publicKey))).toBe(false);
  });

  it('verifyEd25519() answers false for malformed signatures and keys', () => {
    const vector = rfc8032[1];
    expect(verifyEd25519(hexToBytes('72'), new Uint8Array(63), hexToBytes(vector.publicKey))).toBe(false);
    expect(verifyEd25519(hexToBytes('72'), hexToBytes(vector.signature), new Uint8Array(31))).toBe(false);
    expect(verifyEd25519(hexToBytes('72'), new Uint8Array(64).fill(0xff), hexToBytes(vector.publicKey))).toBe(false);
  });
});

describe('hybrid signatures (D11)', () => {
  it('verifyHybrid() accepts a signature made by signHybrid()', () => {
    expect(verifyHybrid(message, signature, keyPair.publicKey)).toEqual({ valid: true });
  });

  it('verifyHybrid() rejects a tampered message at the Ed25519 check', () => {
    expect(verifyHybrid(flipped(message, 0), signature, keyPair.publicKey)).toEqual({ valid: false, reason: 'ed25519-invalid' });
  });

  it('verifyHybrid() rejects a tampered SLH-DSA half even when Ed25519 is valid', () => {
    const tampered = { ed25519: signature.ed25519, slhDsa: flipped(signature.slhDsa, 9000) };
    expect(verifyHybrid(message, tampered, keyPair.publicKey)).toEqual({ valid: false, reason: 'slh-dsa-invalid' });
  });

  it('verifyHybrid() checks Ed25519 before SLH-DSA', () => {
    const bothBroken = { ed25519: flipped(signature.ed25519, 5), slhDsa: flipped(signature.slhDsa, 5) };
    expect(verifyHybrid(message, bothBroken, keyPair.publicKey)).toEqual({ valid: false, reason: 'ed25519-invalid' });
  });

  it('verifyHybrid() rejects another key', () => {
    const other = hybridKeyPairFromSeed(flipped(seed, 40));
    const mixed = { ed25519: keyPair.publicKey.ed25519, slhDsa: other.publicKey.slhDsa };
    expect(verifyHybrid(message, signature, mixed)).toEqual({ valid: false, reason: 'slh-dsa-invalid' });
  });

  it('verifyHybrid() rejects malformed lengths without throwing', () => {
    const short = { ed25519: signature.ed25519, slhDsa: signature.slhDsa.subarray(1) };
    expect(verifyHybrid(message, short, keyPair.publicKey)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('signHybrid() is deterministic without randomBytes and hedged with it', () => {
    expect(bytesToHex(signHybrid(message, keyPair.secretKey).slhDsa)).toBe(bytesToHex(signature.slhDsa));
    const hedged = signHybrid(message, keyPair.secretKey, { randomBytes: (n) => randomBytes(n) });
    expect(bytesToHex(hedged.slhDsa)).not.toBe(bytesToHex(signature.slhDsa));
    expect(verifyHybrid(message, hedged, keyPair.publicKey)).toEqual({ valid: true });
  });
});

describe('hybrid codec', () => {
  it('encodeHybridSignature() round-trips through 17,152 bytes', () => {
    const bytes = encodeHybridSignature(signature);
    expect(bytes.length).toBe(17_152);
    expect(verifyHybrid(message, decodeHybridSignature(bytes), keyPair.publicKey)).toEqual({ valid: true });
  });

  it('hybridSignatureToJson() round-trips through multibase text', () => {
    const json = hybridSignatureToJson(signature);
    expect(json.ed25519.startsWith('z')).toBe(true);
    expect(json.slhDsa.startsWith('u')).toBe(true);
    expect(bytesToHex(encodeHybridSignature(hybridSignatureFromJson(json)))).toBe(bytesToHex(encodeHybridSignature(signature)));
  });

  it('hybridPublicKeyToJson() round-trips and uses an Ed25519 Multikey', () => {
    const json = hybridPublicKeyToJson(keyPair.publicKey);
    expect(json.ed25519.startsWith('z6Mk')).toBe(true);
    expect(keyIdOf(hybridPublicKeyFromJson(json))).toBe(keyIdOf(keyPair.publicKey));
    expect(keyIdOf(decodeHybridPublicKey(encodeHybridPublicKey(keyPair.publicKey)))).toBe(keyIdOf(keyPair.publicKey));
  });

  it('keyIdOf() is a SHA-256 multihash in base58btc', () => {
    expect(keyIdOf(keyPair.publicKey)).toMatch(/^zQm[1-9A-HJ-NP-Za-km-z]{44}$/);
  });

  it('hybridSignatureFromJson() rejects a wrong suite or length with ENCODING_INVALID', () => {
    const json = hybridSignatureToJson(signature);
    expect(() => hybridSignatureFromJson({ ...json, suite: 'Ed25519' })).toThrow(expect.objectContaining({ code: 'ENCODING_INVALID' }));
    expect(() => hybridSignatureFromJson({ ...json, ed25519: 'z111' })).toThrow(expect.objectContaining({ code: 'ENCODING_INVALID' }));
  });
});
