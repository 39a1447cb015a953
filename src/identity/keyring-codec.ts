/**
 * The format of `identity/keys.json`, pure: encoding, decoding, sealing.
 *
 * Plain (home without passphrase): `{ format, version, sealed: false, warning, keys }`
 * where `keys` maps key id to `{ seed: "u…" (base64url multibase), createdMs }`.
 * Sealed: `{ format, version, sealed: true, cipher: "xchacha20-poly1305", nonce, ciphertext }`
 * where the ciphertext is XChaCha20-Poly1305 (24-byte random nonce, AAD the format tag) of
 * the same `keys` object as JSON, under the 32-byte sealing key derived from the passphrase.
 * A wrong key fails the Poly1305 tag, so it is told apart from a damaged file only by the
 * file's structure being otherwise intact.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { NoctemError, assert, limits, type KeyId } from '../core/index.ts';
import { multibaseDecode, multibaseEncode } from '../core/index.ts';
import { isSha256Multihash } from './digest.ts';
import { hybridLengths, type RandomBytes } from './hybrid-signature.ts';
import type { KeyringEntry } from './key-vault.ts';

/** The `format` member of keys.json. */
export const keyringFormat = 'noctem-keyring';
/** The warning written into a plain keyring. */
export const plainKeyringWarning = 'These secret keys are NOT encrypted. Anyone who can read this file can act as this identity. Set a passphrase to seal them.';

const keyringVersion = 1;
const sealingKeyBytes = 32;
const nonceBytes = 24;
const associatedData = new TextEncoder().encode(`${keyringFormat}/v${keyringVersion}`);

/** Options for {@link encodeKeyring} and {@link decodeKeyring}. */
export interface KeyringCodecOptions {
  /** 32-byte sealing key; present exactly when the home has a passphrase. @default undefined */
  readonly sealingKey?: Uint8Array;
}

/**
 * Encodes a keyring as the text of keys.json.
 * @param entries - the secrets, at most `limits.keyringEntriesMax`
 * @param options - the sealing key and, when sealing, a CSPRNG for the nonce
 */
export function encodeKeyring(
  entries: readonly KeyringEntry[],
  options: KeyringCodecOptions & { readonly randomBytes: RandomBytes },
): string {
  const keys: Record<string, { seed: string; createdMs: number }> = {};
  for (const entry of entries) keys[entry.keyId] = { seed: multibaseEncode(entry.seed, 'base64url'), createdMs: entry.createdMs };
  if (options.sealingKey === undefined) {
    return `${JSON.stringify({ format: keyringFormat, version: keyringVersion, sealed: false, warning: plainKeyringWarning, keys }, null, 2)}\n`;
  }
  checkSealingKey(options.sealingKey);
  const nonce = options.randomBytes(nonceBytes);
  const plaintext = new TextEncoder().encode(JSON.stringify(keys));
  const ciphertext = xchacha20poly1305(options.sealingKey, nonce, associatedData).encrypt(plaintext);
  const file = {
    format: keyringFormat,
    version: keyringVersion,
    sealed: true,
    cipher: 'xchacha20-poly1305',
    nonce: multibaseEncode(nonce, 'base64url'),
    ciphertext: multibaseEncode(ciphertext, 'base64url'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Decodes the text of keys.json.
 * @param text - the file's text, untrusted
 * @param options - the sealing key when the home has a passphrase
 * @throws {NoctemError} IDENTITY_KEYS_CORRUPT when the text is not a keyring, or its
 *   sealed state does not match the home's
 * @throws {NoctemError} IDENTITY_PASSPHRASE_REQUIRED when it is sealed and no key was given
 * @throws {NoctemError} IDENTITY_PASSPHRASE_WRONG when the key does not open it
 */
export function decodeKeyring(text: string, options: KeyringCodecOptions = {}): KeyringEntry[] {
  const file = parseObject(text, 'keys.json is not valid JSON');
  if (file['format'] !== keyringFormat || file['version'] !== keyringVersion) corrupt('keys.json is not a version 1 Noctem keyring');
  if (file['sealed'] === false) {
    if (options.sealingKey !== undefined) corrupt('keys.json is not encrypted, but this home has a passphrase');
    return decodeKeys(file['keys']);
  }
  if (file['sealed'] !== true || file['cipher'] !== 'xchacha20-poly1305') corrupt('keys.json has an unknown sealing');
  if (options.sealingKey === undefined) {
    throw new NoctemError('IDENTITY_PASSPHRASE_REQUIRED', 'identity/keys.json is encrypted and no passphrase was given');
  }
  checkSealingKey(options.sealingKey);
  const nonce = decodeField(file['nonce'], 'nonce');
  const ciphertext = decodeField(file['ciphertext'], 'ciphertext');
  if (nonce.length !== nonceBytes || ciphertext.length < 16) corrupt('keys.json has a truncated nonce or ciphertext');
  let plaintext: Uint8Array;
  try {
    plaintext = xchacha20poly1305(options.sealingKey, nonce, associatedData).decrypt(ciphertext);
  } catch (cause) {
    throw new NoctemError('IDENTITY_PASSPHRASE_WRONG', 'The passphrase does not open identity/keys.json', { cause });
  }
  return decodeKeys(parseObject(new TextDecoder().decode(plaintext), 'the sealed keyring is not valid JSON'));
}

function decodeKeys(value: unknown): KeyringEntry[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) corrupt('keys.json has no "keys" object');
  const names = Object.keys(value);
  if (names.length > limits.keyringEntriesMax) corrupt(`keys.json holds more than ${limits.keyringEntriesMax} keys`);
  return names.map((keyId) => {
    const entry = (value as Record<string, unknown>)[keyId];
    if (!isSha256Multihash(keyId)) corrupt(`keys.json has an invalid key id "${keyId.slice(0, 60)}"`);
    if (typeof entry !== 'object' || entry === null) corrupt(`keys.json has a malformed entry for ${keyId}`);
    const { seed, createdMs } = entry as Record<string, unknown>;
    const seedBytes = decodeField(seed, `seed of ${keyId}`);
    if (seedBytes.length !== hybridLengths.hybridSeedBytes) corrupt(`keys.json has a truncated seed for ${keyId}`);
    if (!Number.isSafeInteger(createdMs) || (createdMs as number) < 0) corrupt(`keys.json has an invalid time for ${keyId}`);
    return { keyId: keyId as KeyId, seed: seedBytes, createdMs: createdMs as number };
  });
}

function decodeField(value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string') corrupt(`keys.json has no ${name}`);
  try {
    return multibaseDecode(value, 'base64url').bytes;
  } catch (cause) {
    if (!(cause instanceof NoctemError)) throw cause;
    return corrupt(`keys.json has an undecodable ${name}`);
  }
}

function parseObject(text: string, message: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new NoctemError('IDENTITY_KEYS_CORRUPT', message, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) corrupt(message);
  return value as Record<string, unknown>;
}

function checkSealingKey(key: Uint8Array): void {
  assert(key.length === sealingKeyBytes, `a sealing key has ${sealingKeyBytes} bytes`);
}

function corrupt(message: string): never {
  throw new NoctemError('IDENTITY_KEYS_CORRUPT', `Cannot read identity/keys.json: ${message}`);
}
