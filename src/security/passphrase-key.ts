/**
 * Keys derived from the person's passphrase with scrypt: one for LMDB encryption at rest,
 * one for sealing secrets (identity/keys.json), and a check value so a wrong passphrase is
 * refused before anything is opened or written.
 */
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { NoctemError, limits } from '../core/index.ts';

/** Parameters stored in noctem.json (see `KdfParams` in store). */
export interface PassphraseKdf {
  readonly kdf: 'scrypt';
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelism: number;
  readonly salt: string;
  readonly check: string;
}

/** The derived keys. */
export interface PassphraseKeys {
  /** 24 bytes for LMDB's ChaCha8 (see `openLmdbHomeStore`). */
  readonly storeKey: Uint8Array;
  /** 32 bytes for sealing secrets with XChaCha20-Poly1305. */
  readonly sealKey: Uint8Array;
}

const derivedBytes = 24 + 32 + 32;
const checkLabel = 'noctem-passphrase-check-v1';

/**
 * Derives keys for a new encrypted home and the parameters to store.
 * @param passphrase - the person's passphrase (non-empty)
 */
export function createPassphraseKeys(passphrase: string): { keys: PassphraseKeys; kdf: PassphraseKdf } {
  if (passphrase.length === 0) throw new NoctemError('IDENTITY_PASSPHRASE_REQUIRED', 'The passphrase is empty');
  const salt = randomBytes(16).toString('base64');
  const params = { kdf: 'scrypt', cost: limits.scryptCost, blockSize: 8, parallelism: 1, salt } as const;
  const raw = derive(passphrase, params);
  const check = createHmac('sha256', raw.subarray(56, 88)).update(checkLabel).digest('base64');
  return { keys: split(raw), kdf: { ...params, check } };
}

/**
 * Derives the keys of an existing encrypted home, checking the passphrase first.
 * @throws {NoctemError} IDENTITY_PASSPHRASE_WRONG when the passphrase does not match
 */
export function unlockPassphraseKeys(passphrase: string, kdf: PassphraseKdf): PassphraseKeys {
  const raw = derive(passphrase, kdf);
  const check = createHmac('sha256', raw.subarray(56, 88)).update(checkLabel).digest();
  const expected = Buffer.from(kdf.check, 'base64');
  if (expected.length !== check.length || !timingSafeEqual(expected, check)) {
    throw new NoctemError('IDENTITY_PASSPHRASE_WRONG', 'The passphrase is wrong for this home');
  }
  return split(raw);
}

function derive(passphrase: string, p: Omit<PassphraseKdf, 'check'>): Buffer {
  const memoryBytes = 128 * p.cost * p.blockSize * p.parallelism;
  return scryptSync(passphrase.normalize('NFC'), Buffer.from(p.salt, 'base64'), derivedBytes, {
    N: p.cost,
    r: p.blockSize,
    p: p.parallelism,
    maxmem: memoryBytes * 2,
  });
}

function split(raw: Buffer): PassphraseKeys {
  return { storeKey: new Uint8Array(raw.subarray(0, 24)), sealKey: new Uint8Array(raw.subarray(24, 56)) };
}
