/**
 * Hybrid signatures (DESIGN D11, spec "Cryptographic Verification (Hybrid Signatures)",
 * GAP-047): every hybrid key is an Ed25519 key (RFC 8032: fast, classical) paired with an
 * SLH-DSA-SHA2-128f key (FIPS 205, the standardized SPHINCS+: hash-based, quantum-safe).
 * A hybrid signature holds one signature of each over the same message, and verifies only
 * when both do. Ed25519 is checked first so a forged or corrupted signature is rejected in
 * ~50 µs before the ~12 ms SLH-DSA check (the spec's DoS protection).
 *
 * Ed25519 alone ({@link signEd25519}) serves hot paths such as the audit log's periodic
 * tree heads; the hybrid form seals what must outlive classical cryptography.
 *
 * Pure: randomness comes in as bytes or a {@link RandomBytes} function.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { slh_dsa_sha2_128f } from '@noble/post-quantum/slh-dsa.js';
import { assert } from '../core/index.ts';

/** A source of cryptographically secure random bytes (node:crypto's `randomBytes` in production). */
export type RandomBytes = (lengthBytes: number) => Uint8Array;

/** The name of our hybrid suite, written into encodings. */
export const hybridSuite = 'Ed25519+SLH-DSA-SHA2-128f';

/** Byte lengths of the parts of a hybrid key and signature. */
export const hybridLengths = Object.freeze({
  ed25519SeedBytes: 32,
  ed25519PublicKeyBytes: 32,
  ed25519SignatureBytes: 64,
  slhDsaSeedBytes: 48,
  slhDsaPublicKeyBytes: 32,
  slhDsaSecretKeyBytes: 64,
  slhDsaSignatureBytes: 17_088,
  slhDsaRandomizerBytes: 16,
  /** The seed a hybrid key pair is derived from: Ed25519 seed ‖ SLH-DSA seed. */
  hybridSeedBytes: 80,
});

/** The public half of a hybrid key. */
export interface HybridPublicKey {
  /** 32-byte Ed25519 public key. */
  readonly ed25519: Uint8Array;
  /** 32-byte SLH-DSA-SHA2-128f public key (PK.seed ‖ PK.root). */
  readonly slhDsa: Uint8Array;
}

/** The secret half of a hybrid key. */
export interface HybridSecretKey {
  /** 32-byte Ed25519 secret key (the RFC 8032 seed). */
  readonly ed25519: Uint8Array;
  /** 64-byte SLH-DSA secret key (SK.seed ‖ SK.prf ‖ PK.seed ‖ PK.root). */
  readonly slhDsa: Uint8Array;
}

/** A hybrid key pair. */
export interface HybridKeyPair {
  readonly publicKey: HybridPublicKey;
  readonly secretKey: HybridSecretKey;
}

/** A hybrid signature: both must verify. */
export interface HybridSignature {
  /** 64-byte Ed25519 signature. */
  readonly ed25519: Uint8Array;
  /** 17,088-byte SLH-DSA-SHA2-128f signature. */
  readonly slhDsa: Uint8Array;
}

/** Why a hybrid signature was rejected. */
export type HybridRejection = 'malformed' | 'ed25519-invalid' | 'slh-dsa-invalid';

/** The outcome of {@link verifyHybrid}. */
export type HybridVerification = { readonly valid: true } | { readonly valid: false; readonly reason: HybridRejection };

/** Options for {@link signHybrid}. */
export interface SignHybridOptions {
  /**
   * Source of the 16-byte SLH-DSA randomizer (FIPS 205 hedged signing). Without it the
   * signature is deterministic (FIPS 205 §10.2.1 with opt_rand = PK.seed).
   * @default undefined (deterministic)
   */
  readonly randomBytes?: RandomBytes;
}

/**
 * Derives a hybrid key pair from an 80-byte seed (Ed25519 seed ‖ SLH-DSA seed), so the
 * keyring stores only the seed.
 * @param seed - 80 secret random bytes
 */
export function hybridKeyPairFromSeed(seed: Uint8Array): HybridKeyPair {
  assert(seed.length === hybridLengths.hybridSeedBytes, `a hybrid seed has ${hybridLengths.hybridSeedBytes} bytes`);
  const edSeed = seed.slice(0, hybridLengths.ed25519SeedBytes);
  const slh = slh_dsa_sha2_128f.keygen(seed.slice(hybridLengths.ed25519SeedBytes));
  return {
    publicKey: { ed25519: ed25519.getPublicKey(edSeed), slhDsa: slh.publicKey },
    secretKey: { ed25519: edSeed, slhDsa: slh.secretKey },
  };
}

/**
 * Generates a fresh hybrid key pair and the seed it came from.
 * @param randomBytes - a CSPRNG
 * @returns the seed (to store secretly) and the key pair
 */
export function generateHybridKeyPair(randomBytes: RandomBytes): { seed: Uint8Array; keyPair: HybridKeyPair } {
  const seed = randomBytes(hybridLengths.hybridSeedBytes);
  assert(seed.length === hybridLengths.hybridSeedBytes, 'randomBytes returns the length asked for');
  return { seed, keyPair: hybridKeyPairFromSeed(seed) };
}

/**
 * Signs `message` with both halves of a hybrid key (~160 ms, dominated by SLH-DSA).
 * @param message - the bytes to sign
 * @param secretKey - the hybrid secret key
 * @param options - see {@link SignHybridOptions}
 */
export function signHybrid(message: Uint8Array, secretKey: HybridSecretKey, options: SignHybridOptions = {}): HybridSignature {
  const randomizer = options.randomBytes?.(hybridLengths.slhDsaRandomizerBytes) ?? false;
  return {
    ed25519: ed25519.sign(message, secretKey.ed25519),
    slhDsa: slh_dsa_sha2_128f.sign(message, secretKey.slhDsa, { extraEntropy: randomizer }),
  };
}

/**
 * Verifies a hybrid signature: lengths, then Ed25519 (rejecting fast), then SLH-DSA.
 * @param message - the signed bytes
 * @param signature - the hybrid signature
 * @param publicKey - the signer's hybrid public key
 * @returns valid, or the first check that failed
 */
export function verifyHybrid(message: Uint8Array, signature: HybridSignature, publicKey: HybridPublicKey): HybridVerification {
  if (!hasHybridShape(signature, publicKey)) return { valid: false, reason: 'malformed' };
  if (!verifyEd25519(message, signature.ed25519, publicKey.ed25519)) return { valid: false, reason: 'ed25519-invalid' };
  if (!slh_dsa_sha2_128f.verify(signature.slhDsa, message, publicKey.slhDsa)) return { valid: false, reason: 'slh-dsa-invalid' };
  return { valid: true };
}

/**
 * Signs with Ed25519 alone (RFC 8032, deterministic): for hot paths.
 * @param message - the bytes to sign
 * @param secretKey - 32-byte Ed25519 secret key
 * @returns the 64-byte signature
 */
export function signEd25519(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  assert(secretKey.length === hybridLengths.ed25519SeedBytes, 'an Ed25519 secret key has 32 bytes');
  return ed25519.sign(message, secretKey);
}

/**
 * Verifies an Ed25519 signature strictly (RFC 8032 point and scalar checks, not ZIP-215).
 * Malformed keys or signatures answer false instead of throwing.
 * @param message - the signed bytes
 * @param signature - 64 bytes
 * @param publicKey - 32 bytes
 */
export function verifyEd25519(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== hybridLengths.ed25519SignatureBytes) return false;
  if (publicKey.length !== hybridLengths.ed25519PublicKeyBytes) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch (error) {
    // noble throws on an undecodable point: that is an invalid signature, not a bug.
    if (error instanceof Error) return false;
    throw error;
  }
}

function hasHybridShape(signature: HybridSignature, publicKey: HybridPublicKey): boolean {
  return (
    signature.ed25519.length === hybridLengths.ed25519SignatureBytes &&
    signature.slhDsa.length === hybridLengths.slhDsaSignatureBytes &&
    publicKey.ed25519.length === hybridLengths.ed25519PublicKeyBytes &&
    publicKey.slhDsa.length === hybridLengths.slhDsaPublicKeyBytes
  );
}
