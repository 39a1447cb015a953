/**
 * The file-system {@link KeyVault}: `<home>/identity/keys.json`, the only file of the
 * identity layer that touches `node:fs`.
 *
 * Every change rewrites the whole (small) keyring crash-safely: write a temporary file in
 * the same folder, fsync it, rename it over keys.json, fsync the folder. A reader sees the
 * old keyring or the new one. Each change re-reads the current file first, so a corrupt
 * keyring makes the change fail instead of being overwritten. Changes from two processes
 * are serialized by the caller: the identity service makes them inside a store write
 * transaction, whose lock is held across processes.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { NoctemError, limits, type ErrorCode, type KeyId } from '../core/index.ts';
import type { RandomBytes } from './hybrid-signature.ts';
import type { KeyringEntry, KeyVault } from './key-vault.ts';
import { decodeKeyring, encodeKeyring } from './keyring-codec.ts';

/** Options for {@link openFsKeyVault}. */
export interface FsKeyVaultOptions {
  /** 32-byte key sealing the keyring; give it exactly when the home has a passphrase. @default undefined (plain) */
  readonly sealingKey?: Uint8Array;
  /** CSPRNG for nonces and temporary names. @default node:crypto randomBytes */
  readonly randomBytes?: RandomBytes;
}

/**
 * Opens the keyring at `path` (usually `<home>/identity/keys.json`). Nothing is read or
 * written until a method is called; a missing file is an empty keyring.
 * @param path - absolute path of keys.json; its folder must exist
 * @param options - see {@link FsKeyVaultOptions}
 */
export function openFsKeyVault(path: string, options: FsKeyVaultOptions = {}): KeyVault {
  return new FsKeyVault(path, options);
}

class FsKeyVault implements KeyVault {
  readonly sealed: boolean;
  readonly #path: string;
  readonly #sealingKey: Uint8Array | undefined;
  readonly #randomBytes: RandomBytes;

  constructor(path: string, options: FsKeyVaultOptions) {
    this.#path = path;
    this.#sealingKey = options.sealingKey;
    this.#randomBytes = options.randomBytes ?? ((lengthBytes) => new Uint8Array(cryptoRandomBytes(lengthBytes)));
    this.sealed = options.sealingKey !== undefined;
  }

  list(): readonly KeyringEntry[] {
    const text = readText(this.#path, limits.keyFileSizeBytesMax, 'IDENTITY_KEYS_CORRUPT');
    if (text === undefined) return [];
    return decodeKeyring(text, this.#codecOptions());
  }

  get(keyId: KeyId): KeyringEntry | undefined {
    return this.list().find((entry) => entry.keyId === keyId);
  }

  add(entries: readonly KeyringEntry[]): void {
    const current = this.list();
    const byId = new Map(current.map((entry) => [entry.keyId, entry]));
    let changed = false;
    for (const entry of entries) {
      const existing = byId.get(entry.keyId);
      if (existing === undefined) {
        byId.set(entry.keyId, entry);
        changed = true;
      } else if (!sameBytes(existing.seed, entry.seed)) {
        throw new NoctemError('IDENTITY_KEYS_CORRUPT', `identity/keys.json already holds another secret for key ${entry.keyId}`);
      }
    }
    if (byId.size > limits.keyringEntriesMax) {
      throw new NoctemError('IDENTITY_KEYS_CORRUPT', `identity/keys.json would hold more than ${limits.keyringEntriesMax} keys`);
    }
    if (changed) this.#write([...byId.values()]);
  }

  remove(keyIds: readonly KeyId[]): void {
    const current = this.list();
    const kept = current.filter((entry) => !keyIds.includes(entry.keyId));
    if (kept.length !== current.length) this.#write(kept);
  }

  writeExportFile(path: string, text: string): void {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (cause) {
      throw translate(cause, path);
    }
    try {
      writeAll(fd, text);
      fsyncSync(fd);
    } catch (cause) {
      closeSync(fd);
      unlinkSync(path); // A partial export must not look like a good one.
      throw translate(cause, path);
    }
    closeSync(fd);
    fsyncFolder(dirname(path));
  }

  readExportFile(path: string): string {
    const text = readText(path, limits.genesisFileSizeBytesMax, 'FILE_TOO_LARGE');
    if (text === undefined) throw new NoctemError('FILE_NOT_FOUND', `"${path}" does not exist`);
    return text;
  }

  #codecOptions(): { sealingKey?: Uint8Array } {
    return this.#sealingKey === undefined ? {} : { sealingKey: this.#sealingKey };
  }

  #write(entries: readonly KeyringEntry[]): void {
    const text = encodeKeyring(entries, { ...this.#codecOptions(), randomBytes: this.#randomBytes });
    const suffix = Buffer.from(this.#randomBytes(6)).toString('hex');
    const temp = join(dirname(this.#path), `.keys.${process.pid}.${suffix}.tmp`);
    let fd: number;
    try {
      fd = openSync(temp, 'wx', 0o600);
    } catch (cause) {
      throw translate(cause, temp);
    }
    try {
      writeAll(fd, text);
      fsyncSync(fd);
      closeSync(fd);
      renameSync(temp, this.#path);
    } catch (cause) {
      safeUnlink(temp);
      throw translate(cause, this.#path);
    }
    fsyncFolder(dirname(this.#path));
  }
}

/** Reads a whole file, or undefined when it does not exist. */
function readText(path: string, sizeBytesMax: number, tooLarge: ErrorCode): string | undefined {
  let sizeBytes: number;
  try {
    sizeBytes = statSync(path).size;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw translate(cause, path);
  }
  if (sizeBytes > sizeBytesMax) throw new NoctemError(tooLarge, `"${path}" has ${sizeBytes} bytes, more than ${sizeBytesMax}`);
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw translate(cause, path);
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function fsyncFolder(folder: string): void {
  // Makes the rename (or the new file's name) durable, not only its contents.
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch (cause) {
    // Already gone (renamed, or never created): nothing is left behind.
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
  }
}

function translate(cause: unknown, path: string): unknown {
  if (cause instanceof NoctemError) return cause;
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') return new NoctemError('FILE_EXISTS', `"${path}" already exists; an export never overwrites a file`, { cause });
  if (code === 'ENOENT') return new NoctemError('FILE_NOT_FOUND', `The folder of "${path}" does not exist`, { cause });
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'EROFS' || code === 'EISDIR') {
    return new NoctemError('STORE_UNAVAILABLE', `Cannot write "${path}": ${code}`, { cause });
  }
  return cause;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
