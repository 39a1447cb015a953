/**
 * The 32-byte key of an encrypted home checkpoint (cipher 0x01), derived from the person's
 * passphrase with scrypt (N = 2^17, r = 8, p = 1: the home's own passphrase parameters) over a
 * salt the file itself carries: `"noctem/checkpoint-key/0.4" ‖ u64 last_snap_time` (header
 * offset 16, the creation time in ms of the chain's full snapshot). Every file of a chain
 * shares the salt, so a restore derives one key per chain; a new full snapshot starts a new
 * salt. The home's own salt lives in its noctem.json, which `noctem verify` and `noctem
 * restore` do not have: a checkpoint must open with nothing but the passphrase. The `.nik`
 * container then derives its cipher, nonce, MAC and key-check values from this key (HKDF,
 * nik-cipher.ts), so a wrong passphrase fails the key check (NIK_KEY_WRONG).
 *
 * The parameters are part of the format: changing them would make older files unreadable,
 * so they are fixed here rather than read from `limits.scryptCost`.
 */
import { scryptSync } from 'node:crypto';
import { NoctemError, assert } from '../core/index.ts';
import { decodeNikHeader, nikCipherType, nikHeaderBytes } from './nik-layout.ts';
import { nikKeyBytes } from './nik-cipher.ts';

/** The scrypt parameters of checkpoint keys (format constants). */
export const checkpointKdf = Object.freeze({ cost: 2 ** 17, blockSize: 8, parallelism: 1, label: 'noctem/checkpoint-key/0.4' });

/**
 * Derives the key of a checkpoint chain.
 * @param passphrase - the home's passphrase (non-empty; NFC-normalized as the home does)
 * @param lastSnapTimeMs - the chain's full-snapshot time from the file header
 * @returns 32 bytes
 * @throws {NoctemError} NIK_KEY_REQUIRED when the passphrase is empty
 */
export function deriveCheckpointKey(passphrase: string, lastSnapTimeMs: number): Uint8Array {
  if (passphrase.length === 0) throw new NoctemError('NIK_KEY_REQUIRED', 'Cannot derive a checkpoint key: the passphrase is empty');
  assert(Number.isSafeInteger(lastSnapTimeMs) && lastSnapTimeMs >= 0, 'the snapshot time is a safe integer ≥ 0');
  const label = Buffer.from(checkpointKdf.label, 'ascii');
  const salt = Buffer.alloc(label.length + 8);
  label.copy(salt);
  salt.writeBigUInt64LE(BigInt(lastSnapTimeMs), label.length);
  const { cost, blockSize, parallelism } = checkpointKdf;
  const key = scryptSync(passphrase.normalize('NFC'), salt, nikKeyBytes, { N: cost, r: blockSize, p: parallelism, maxmem: 256 * cost * blockSize * parallelism });
  return new Uint8Array(key);
}

/**
 * Whether a file needs a key, read from its header alone (no checks).
 * @param bytes - the file
 * @returns the salt time when the header says the file is encrypted; undefined otherwise
 *   (unencrypted, or too short to tell: the structural checks report that)
 */
export function checkpointKeySalt(bytes: Uint8Array): number | undefined {
  if (bytes.length < nikHeaderBytes) return undefined;
  const header = decodeNikHeader(bytes);
  if (header.cipherType !== nikCipherType.chacha20Poly1305 || !header.timesValid) return undefined;
  return header.lastSnapTimeMs;
}
