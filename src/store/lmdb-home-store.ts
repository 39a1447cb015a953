/**
 * The LMDB implementation of {@link HomeStore}: one environment in `<home>/store`, one
 * named database per {@link storeDatabaseNames} entry, msgpack values, ordered-binary
 * keys. With lmdb-change-journal.ts (the change journal its writers keep), the only importer
 * of `lmdb`. LMDB gives us crash safety (copy-on-write B-tree, D10) and safe concurrent
 * access from several processes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type DatabaseOptions, type RootDatabase } from 'lmdb';
import { NoctemError, assert, limits } from '../core/index.ts';
import {
  storeBinaryKeyDatabases,
  storeDatabaseNames,
  type HomeStore,
  type StoreChange,
  type StoreChangeRange,
  type StoreDatabaseName,
  type StoreEntry,
  type StoreKey,
  type StoreRange,
  type StoreStats,
  type StoreWriter,
} from './home-store.ts';
import { LmdbChangeJournal, readChangeSequence, readChanges, type LmdbKey } from './lmdb-change-journal.ts';
import { probeLmdbPageEncoding } from './lmdb-page-probe.ts';
import { isMemoryDatabase } from './memory-databases.ts';

/** Options for {@link openLmdbHomeStore}. */
export interface LmdbHomeStoreOptions {
  /**
   * 24-byte key enabling LMDB's ChaCha8 encryption at rest. lmdb-js takes the key as a
   * 32-character string (a Buffer aborts the process in 3.5.6), so the key is passed as
   * its 32-character base64url form: 192 bits of key material. @default undefined (plain)
   */
  readonly encryptionKey?: Uint8Array;
  /** Open read-only. @default false */
  readonly readOnly?: boolean;
  /** Refuse to create the environment: `data.mdb` must already exist. @default false */
  readonly mustExist?: boolean;
}

/**
 * Opens (creating if needed) the LMDB environment at `path`.
 * @throws {NoctemError} STORE_UNAVAILABLE when the environment cannot be opened
 * @throws {NoctemError} STORE_CORRUPT when LMDB reports a damaged file, when `mustExist` and
 *   there is no data.mdb, or when the file is encrypted and no key was given (or the reverse)
 */
export function openLmdbHomeStore(path: string, options: LmdbHomeStoreOptions = {}): HomeStore {
  checkBeforeOpen(path, options);
  let root: RootDatabase;
  try {
    root = open({
      path,
      // One file per environment directory, like stock LMDB (`data.mdb`, `lock.mdb`).
      noSubdir: false,
      maxDbs: limits.storeDatabasesMax,
      mapSize: limits.storeMapSizeBytesInitial,
      encoding: 'msgpack',
      keyEncoding: 'ordered-binary',
      compression: false,
      readOnly: options.readOnly ?? false,
      // Full durability: a commit is on disk when write() returns (D10).
      noSync: false,
      noMetaSync: false,
      useWritemap: false,
      ...(options.encryptionKey === undefined ? {} : { encryptionKey: encryptionKeyString(options.encryptionKey) }),
    });
  } catch (cause) {
    throw translate(cause, path);
  }
  return new LmdbHomeStore(root, path, options.encryptionKey !== undefined);
}

class LmdbHomeStore implements HomeStore {
  readonly #root: RootDatabase;
  readonly #path: string;
  readonly #encrypted: boolean;
  readonly #dbs: Map<StoreDatabaseName, Database>;
  #closed = false;

  constructor(root: RootDatabase, path: string, encrypted: boolean) {
    this.#root = root;
    this.#path = path;
    this.#encrypted = encrypted;
    this.#dbs = new Map();
    for (const name of storeDatabaseNames) {
      // structuredClone keeps typed arrays (Float32Array vectors, Uint8Array keys) intact.
      const keyEncoding = storeBinaryKeyDatabases.has(name) ? 'binary' : 'ordered-binary';
      // `structuredClone` is a msgpackr option lmdb passes through but does not declare.
      const options = { name, encoding: 'msgpack', structuredClone: true, keyEncoding } as const;
      this.#dbs.set(name, root.openDB(options as unknown as DatabaseOptions & { name: string }));
    }
  }

  get(db: StoreDatabaseName, key: StoreKey): unknown {
    return this.#db(db).get(toLmdbKey(db, key));
  }

  range(db: StoreDatabaseName, range: StoreRange = {}): Iterable<StoreEntry> {
    const options: Record<string, unknown> = {};
    if (range.start !== undefined) options['start'] = toLmdbKey(db, range.start);
    if (range.end !== undefined) options['end'] = toLmdbKey(db, range.end);
    if (range.limit !== undefined) options['limit'] = range.limit;
    if (range.reverse === true) options['reverse'] = true;
    return this.#db(db).getRange(options) as Iterable<StoreEntry>;
  }

  count(db: StoreDatabaseName): number {
    return this.#db(db).getCount();
  }

  changes(range?: StoreChangeRange): Iterable<StoreChange> {
    return readChanges(this.#db('changes'), range);
  }

  changeSequence(): number | undefined {
    return readChangeSequence(this.#db('changes'));
  }

  write<R>(fn: (writer: StoreWriter) => R): R {
    this.#assertOpen();
    try {
      return this.#root.transactionSync(() => fn(this.#writer()));
    } catch (cause) {
      throw translate(cause, this.#path);
    }
  }

  stats(): StoreStats {
    const entries = Object.fromEntries(storeDatabaseNames.map((name) => [name, this.count(name)]));
    const info = this.#root.getStats() as { mapSize?: number };
    return {
      entries: entries as Record<StoreDatabaseName, number>,
      mapSizeBytes: info.mapSize ?? 0,
      encrypted: this.#encrypted,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#root.close();
  }

  /** The writer of one transaction: every write of a memory key is journaled with it. */
  #writer(): StoreWriter {
    const journal = new LmdbChangeJournal(this.#db('changes'));
    const writable = (db: StoreDatabaseName): Database => {
      assert(db !== 'changes', 'the change journal is written only through startChangeJournal and forgetChanges');
      return this.#db(db);
    };
    return {
      get: (db, key) => this.get(db, key),
      range: (db, range) => this.range(db, range),
      count: (db) => this.count(db),
      changes: (range) => this.changes(range),
      changeSequence: () => this.changeSequence(),
      put: (db, key, value) => {
        const lmdbKey = toLmdbKey(db, key);
        writable(db).putSync(lmdbKey, value);
        journal.record(db, lmdbKey);
      },
      remove: (db, key) => {
        const lmdbKey = toLmdbKey(db, key);
        const existed = writable(db).removeSync(lmdbKey);
        if (existed) journal.record(db, lmdbKey);
        return existed;
      },
      clear: (db) => {
        const database = writable(db);
        // Every removed memory key is a change: collect the keys before the clear drops them.
        const removed = isMemoryDatabase(db) && journal.isOn() ? Array.from(database.getKeys() as Iterable<LmdbKey>) : [];
        database.clearSync();
        for (const key of removed) journal.record(db, key);
      },
      startChangeJournal: () => journal.start(),
      forgetChanges: (entries, sequenceMax) => journal.forget(entries, sequenceMax),
    };
  }

  #db(name: StoreDatabaseName): Database {
    this.#assertOpen();
    const db = this.#dbs.get(name);
    if (db === undefined) throw new Error(`unknown database ${name}`);
    return db;
  }

  #assertOpen(): void {
    if (this.#closed) throw new NoctemError('STORE_UNAVAILABLE', `The store at "${this.#path}" is closed`);
  }
}

/** Refuses what would make LMDB create a store where one must exist, or crash the process. */
function checkBeforeOpen(path: string, options: LmdbHomeStoreOptions): void {
  if (options.mustExist === true && !existsSync(join(path, 'data.mdb'))) {
    throw new NoctemError('STORE_CORRUPT', `The store is missing: "${join(path, 'data.mdb')}" does not exist`);
  }
  const encoding = probeLmdbPageEncoding(path);
  if (encoding === 'encrypted' && options.encryptionKey === undefined) {
    throw new NoctemError('STORE_CORRUPT', `The store at "${path}" is encrypted, but the home's noctem.json has no encryption settings`, {
      hint: 'Restore the noctem.json that belongs to this home (it holds the passphrase parameters).',
    });
  }
  if (encoding === 'plain' && options.encryptionKey !== undefined) {
    throw new NoctemError('STORE_CORRUPT', `The store at "${path}" is not encrypted, but the home's noctem.json says it is`, {
      hint: 'Restore the noctem.json that belongs to this home.',
    });
  }
}

function encryptionKeyString(key: Uint8Array): string {
  if (key.length !== 24) throw new RangeError('the store encryption key must be 24 bytes');
  return Buffer.from(key).toString('base64url');
}

function toLmdbKey(db: StoreDatabaseName, key: StoreKey): LmdbKey {
  // A binary database copies its key's bytes (Uint8Array.set), and ordered-binary encodes
  // strings, numbers and arrays without changing them, so keys go as they are; only bytes for
  // an ordered-binary database must be a Buffer. (Wrapping or copying every key cost a restore
  // about a tenth of its time.)
  if (key instanceof Uint8Array && !storeBinaryKeyDatabases.has(db) && !Buffer.isBuffer(key)) return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  return key as LmdbKey;
}

function translate(cause: unknown, path: string): unknown {
  if (cause instanceof NoctemError) return cause;
  if (!(cause instanceof Error)) return cause;
  if (cause.name === 'AssertionError') return cause;
  const message = cause.message;
  if (/MDB_CORRUPTED|MDB_INVALID|MDB_VERSION_MISMATCH|MDB_PAGE_NOTFOUND/.test(message)) {
    return new NoctemError('STORE_CORRUPT', `The store at "${path}" is damaged: ${message}`, { cause });
  }
  if (/EACCES|EROFS|ENOSPC|MDB_MAP_FULL|MDB_READERS_FULL|ENOENT/.test(message)) {
    return new NoctemError('STORE_UNAVAILABLE', `Cannot use the store at "${path}": ${message}`, { cause });
  }
  return cause;
}
