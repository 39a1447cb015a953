/**
 * Stable encodings of hybrid public keys and signatures, binary and JSON, and key ids.
 *
 * Binary (fixed length, so no framing is needed): a public key is Ed25519 (32) ‖ SLH-DSA (32)
 * = 64 bytes; a signature is Ed25519 (64) ‖ SLH-DSA (17,088) = 17,152 bytes.
 * JSON: `{ suite, ed25519, slhDsa }` where the Ed25519 public key is a Multikey (`z6Mk…`),
 * the Ed25519 signature is multibase base58btc (as a Data Integrity `proofValue`) and the
 * SLH-DSA parts are multibase base64url (`u…`), because base58 is quadratic on 17 KB.
 *
 * A key id is the SHA-256 multihash (`zQm…`) of the 64-byte binary public key; the next-key
 * commitment of the key event log is the key id of the next key.
 */
import { NoctemError, type KeyId } from '../core/index.ts';
import { multibaseDecode, multibaseEncode } from '../core/index.ts';
import { ed25519PublicKeyFromMultikey, ed25519PublicKeyToMultikey } from './did-key.ts';
import { sha256Multihash } from './digest.ts';
import { hybridLengths, hybridSuite, type HybridPublicKey, type HybridSignature } from './hybrid-signature.ts';

/** JSON form of a hybrid public key. */
export interface HybridPublicKeyJson {
  readonly suite: typeof hybridSuite;
  /** Ed25519 Multikey, `z6Mk…`. */
  readonly ed25519: string;
  /** SLH-DSA public key, multibase base64url. */
  readonly slhDsa: string;
}

/** JSON form of a hybrid signature. */
export interface HybridSignatureJson {
  readonly suite: typeof hybridSuite;
  /** Ed25519 signature, multibase base58btc. */
  readonly ed25519: string;
  /** SLH-DSA signature, multibase base64url. */
  readonly slhDsa: string;
}

const publicKeyBytes = hybridLengths.ed25519PublicKeyBytes + hybridLengths.slhDsaPublicKeyBytes;
const signatureBytes = hybridLengths.ed25519SignatureBytes + hybridLengths.slhDsaSignatureBytes;

/**
 * The key id of a hybrid public key: SHA-256 multihash of its binary encoding.
 * @param publicKey - the hybrid public key
 */
export function keyIdOf(publicKey: HybridPublicKey): KeyId {
  return sha256Multihash(encodeHybridPublicKey(publicKey)) as KeyId;
}

/** The 64-byte binary encoding of a hybrid public key. */
export function encodeHybridPublicKey(publicKey: HybridPublicKey): Uint8Array {
  return concat(publicKey.ed25519, publicKey.slhDsa);
}

/**
 * Decodes a 64-byte binary hybrid public key.
 * @throws {NoctemError} ENCODING_INVALID when the length is wrong
 */
export function decodeHybridPublicKey(bytes: Uint8Array): HybridPublicKey {
  expectLength(bytes, publicKeyBytes, 'hybrid public key');
  return { ed25519: bytes.slice(0, 32), slhDsa: bytes.slice(32) };
}

/** The 17,152-byte binary encoding of a hybrid signature. */
export function encodeHybridSignature(signature: HybridSignature): Uint8Array {
  return concat(signature.ed25519, signature.slhDsa);
}

/**
 * Decodes a 17,152-byte binary hybrid signature.
 * @throws {NoctemError} ENCODING_INVALID when the length is wrong
 */
export function decodeHybridSignature(bytes: Uint8Array): HybridSignature {
  expectLength(bytes, signatureBytes, 'hybrid signature');
  const split = hybridLengths.ed25519SignatureBytes;
  return { ed25519: bytes.slice(0, split), slhDsa: bytes.slice(split) };
}

/** The JSON form of a hybrid public key. */
export function hybridPublicKeyToJson(publicKey: HybridPublicKey): HybridPublicKeyJson {
  return {
    suite: hybridSuite,
    ed25519: ed25519PublicKeyToMultikey(publicKey.ed25519),
    slhDsa: multibaseEncode(publicKey.slhDsa, 'base64url'),
  };
}

/**
 * Parses the JSON form of a hybrid public key.
 * @param json - untrusted input
 * @throws {NoctemError} ENCODING_INVALID when the shape, suite or encodings are wrong
 */
export function hybridPublicKeyFromJson(json: unknown): HybridPublicKey {
  const { ed25519, slhDsa } = readSuiteObject(json, 'hybrid public key');
  let edKey: Uint8Array;
  try {
    edKey = ed25519PublicKeyFromMultikey(ed25519);
  } catch (cause) {
    throw new NoctemError('ENCODING_INVALID', 'A hybrid public key has an invalid Ed25519 Multikey', { cause });
  }
  const slhKey = multibaseDecode(slhDsa, 'base64url').bytes;
  expectLength(slhKey, hybridLengths.slhDsaPublicKeyBytes, 'SLH-DSA public key');
  return { ed25519: edKey, slhDsa: slhKey };
}

/** The JSON form of a hybrid signature. */
export function hybridSignatureToJson(signature: HybridSignature): HybridSignatureJson {
  return {
    suite: hybridSuite,
    ed25519: multibaseEncode(signature.ed25519, 'base58btc'),
    slhDsa: multibaseEncode(signature.slhDsa, 'base64url'),
  };
}

/**
 * Parses the JSON form of a hybrid signature.
 * @param json - untrusted input
 * @throws {NoctemError} ENCODING_INVALID when the shape, suite, encodings or lengths are wrong
 */
export function hybridSignatureFromJson(json: unknown): HybridSignature {
  const { ed25519, slhDsa } = readSuiteObject(json, 'hybrid signature');
  const edSignature = multibaseDecode(ed25519, 'base58btc').bytes;
  const slhSignature = multibaseDecode(slhDsa, 'base64url').bytes;
  expectLength(edSignature, hybridLengths.ed25519SignatureBytes, 'Ed25519 signature');
  expectLength(slhSignature, hybridLengths.slhDsaSignatureBytes, 'SLH-DSA signature');
  return { ed25519: edSignature, slhDsa: slhSignature };
}

function readSuiteObject(json: unknown, what: string): { ed25519: string; slhDsa: string } {
  if (typeof json !== 'object' || json === null) throw new NoctemError('ENCODING_INVALID', `A ${what} must be an object`);
  const record = json as Record<string, unknown>;
  if (record['suite'] !== hybridSuite) {
    throw new NoctemError('ENCODING_INVALID', `A ${what} must have suite "${hybridSuite}"`);
  }
  const ed25519 = record['ed25519'];
  const slhDsa = record['slhDsa'];
  if (typeof ed25519 !== 'string' || typeof slhDsa !== 'string') {
    throw new NoctemError('ENCODING_INVALID', `A ${what} must have string "ed25519" and "slhDsa" members`);
  }
  return { ed25519, slhDsa };
}

function expectLength(bytes: Uint8Array, lengthBytes: number, what: string): void {
  if (bytes.length !== lengthBytes) {
    throw new NoctemError('ENCODING_INVALID', `A ${what} has ${lengthBytes} bytes, not ${bytes.length}`);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
