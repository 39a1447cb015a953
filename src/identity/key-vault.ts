/**
 * The `KeyVault` port: where an identity's secret key seeds live (a keyring mapping key id
 * to seed). Data in, data out, no policy: which key is living is decided by the key event
 * log in the store, never by the vault. `fs-key-vault.ts` is the real implementation
 * (`<home>/identity/keys.json`, sealed when the home has a passphrase).
 *
 * Durability contract: `add` and `remove` are atomic and durable when they return (a crash
 * leaves the old keyring or the new one, never a mix), and `add` never drops an existing
 * entry. A corrupt keyring is reported, never overwritten.
 */
import type { KeyId } from '../core/index.ts';

/** One secret in the keyring. */
export interface KeyringEntry {
  /** Key id of the public key the seed derives (see `keyIdOf`). */
  readonly keyId: KeyId;
  /** The 80-byte hybrid seed (see `hybridKeyPairFromSeed`). */
  readonly seed: Uint8Array;
  /** When the key was generated, ms since the epoch. */
  readonly createdMs: number;
}

/** The key storage port. */
export interface KeyVault {
  /** True when secrets are encrypted at rest. */
  readonly sealed: boolean;
  /**
   * Every secret in the keyring; empty when there is no keyring yet.
   * @throws {NoctemError} IDENTITY_KEYS_CORRUPT, IDENTITY_PASSPHRASE_WRONG, IDENTITY_PASSPHRASE_REQUIRED
   */
  list(): readonly KeyringEntry[];
  /** The secret of `keyId`, or undefined. Throws as {@link KeyVault.list}. */
  get(keyId: KeyId): KeyringEntry | undefined;
  /**
   * Adds secrets, keeping every existing one, durably before returning. Adding an id
   * that is present with the same seed does nothing.
   * @throws {NoctemError} IDENTITY_KEYS_CORRUPT when an id is present with another seed
   */
  add(entries: readonly KeyringEntry[]): void;
  /** Removes secrets durably before returning; absent ids are ignored. */
  remove(keyIds: readonly KeyId[]): void;
  /**
   * Writes `text` (an exported secret) to a new file, durably, readable by the owner only.
   * @throws {NoctemError} FILE_EXISTS when `path` exists: an export never overwrites
   */
  writeExportFile(path: string, text: string): void;
  /**
   * Reads a file written by {@link KeyVault.writeExportFile}.
   * @throws {NoctemError} FILE_NOT_FOUND, FILE_TOO_LARGE
   */
  readExportFile(path: string): string;
}
