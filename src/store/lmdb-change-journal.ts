/**
 * The change journal of the LMDB store: the `changes` database, which names every memory key
 * (memory-databases.ts) put or removed since a checkpoint last covered it, so a differential
 * checkpoint reads only what changed instead of the whole memory.
 *
 * Layout. One entry per written key, so a key written a thousand times costs one entry:
 * `u8 name length ‖ database name (ASCII) ‖ the key's LMDB bytes` → the change sequence
 * number (msgpack) of the last transaction that wrote it. A key's LMDB bytes are the key
 * itself in a binary-keyed database and its ordered-binary encoding otherwise (lmdb's own
 * `keyValueToBuffer`, the bytes LMDB stores), so decoding them gives the key exactly as the
 * database's `range` returns it. The name, not a number, prefixes the key, so adding a
 * database never reinterprets an old journal. Key `0x00` (no name is empty) holds the last
 * sequence number used; it is absent while the journal is off.
 *
 * Sequence numbers. A write transaction takes counter + 1 at its first journaled write and
 * stores it, so transactions (serialized by LMDB) get strictly increasing numbers. A
 * checkpoint plan reads the counter S in its own view; entries it reads have sequence ≤ S,
 * and any entry rewritten after it gets a larger number, which is how the checkpoint's commit
 * forgets exactly what it covered (`forget`).
 */
import * as lmdb from 'lmdb';
import type { Database } from 'lmdb';
import { NoctemError } from '../core/index.ts';
import { storeBinaryKeyDatabases, type StoreChange, type StoreChangeRange, type StoreDatabaseName } from './home-store.ts';
import { isMemoryDatabase, isMemoryKey } from './memory-databases.ts';

/** A key as LMDB takes it (lmdb-home-store.ts `toLmdbKey`). */
export type LmdbKey = string | number | Uint8Array | (string | number)[];

/**
 * lmdb re-exports ordered-binary's key codec (the one it uses for our ordered-binary
 * databases) at run time, but its type declarations omit it.
 */
const orderedBinary = lmdb as unknown as {
  keyValueToBuffer(key: LmdbKey): Buffer;
  bufferToKeyValue(bytes: Buffer): unknown;
};

const sequenceKey = Buffer.from([0]);
const firstEntryKey = Buffer.from([1]);
const prefixes = new Map<string, Buffer>();

/** The journaling of one write transaction (a new one for each `write`). */
export class LmdbChangeJournal {
  readonly #changes: Database;
  /** This transaction's sequence number: undefined until its first journaled write, null while the journal is off. */
  #sequence: number | null | undefined = undefined;

  /** @param changes - the `changes` database, used inside one write transaction */
  constructor(changes: Database) {
    this.#changes = changes;
  }

  /**
   * Journals a write of `key` in `db`, unless it is not a memory key or the journal is off.
   * @param db - the database written
   * @param key - the key as LMDB took it
   */
  record(db: StoreDatabaseName, key: LmdbKey): void {
    if (!isMemoryKey(db, key)) return;
    // Put at once: deduplicating within the transaction and writing in key order at its end
    // measured no faster (bench/change-journal.bench.ts).
    const sequence = this.#transactionSequence();
    if (sequence !== null) this.#changes.putSync(journalKeyOf(db, key), sequence);
  }

  /** Whether writes are journaled (the journal is on); reads only. */
  isOn(): boolean {
    if (this.#sequence !== undefined) return this.#sequence !== null;
    return this.#changes.get(sequenceKey) !== undefined;
  }

  /** Turns the journal on if it is off; returns the current sequence number. */
  start(): number {
    const current = this.#changes.get(sequenceKey) as number | undefined;
    if (current !== undefined) return current;
    this.#changes.putSync(sequenceKey, 0);
    // Writes later in this transaction take sequence 1.
    this.#sequence = undefined;
    return 0;
  }

  /**
   * Removes each entry whose sequence is still ≤ `sequenceMax`.
   * @returns how many were removed
   */
  forget(entries: Iterable<Pick<StoreChange, 'entry'>>, sequenceMax: number): number {
    let removed = 0;
    for (const { entry } of entries) {
      const key = Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength);
      const sequence = this.#changes.get(key);
      if (typeof sequence === 'number' && sequence <= sequenceMax && this.#changes.removeSync(key)) removed++;
    }
    return removed;
  }

  #transactionSequence(): number | null {
    if (this.#sequence !== undefined) return this.#sequence;
    const last = this.#changes.get(sequenceKey) as number | undefined;
    if (last === undefined) return (this.#sequence = null);
    this.#sequence = last + 1;
    this.#changes.putSync(sequenceKey, this.#sequence);
    return this.#sequence;
  }
}

/**
 * The journal's entries in journal order.
 * @param changes - the `changes` database
 * @param range - where to start and how many
 * @throws {NoctemError} STORE_CORRUPT when an entry is not a journal entry
 */
export function* readChanges(changes: Database, range: StoreChangeRange = {}): Generator<StoreChange> {
  const start = range.after === undefined ? firstEntryKey : Buffer.concat([range.after, sequenceKey]);
  const options = { start, ...(range.limit === undefined ? {} : { limit: range.limit }) };
  for (const { key, value } of changes.getRange(options)) yield decodeChange(key as Buffer, value);
}

/**
 * The last change sequence number, or undefined while the journal is off.
 * @param changes - the `changes` database
 */
export function readChangeSequence(changes: Database): number | undefined {
  return changes.get(sequenceKey) as number | undefined;
}

/** The journal key of `key` in `db`. */
function journalKeyOf(db: StoreDatabaseName, key: LmdbKey): Buffer {
  const bytes = storeBinaryKeyDatabases.has(db) ? (key as Uint8Array) : orderedBinary.keyValueToBuffer(key);
  return Buffer.concat([prefixOf(db), bytes]);
}

function prefixOf(db: StoreDatabaseName): Buffer {
  let prefix = prefixes.get(db);
  if (prefix === undefined) {
    prefix = Buffer.concat([Buffer.from([db.length]), Buffer.from(db, 'latin1')]);
    prefixes.set(db, prefix);
  }
  return prefix;
}

function decodeChange(entry: Buffer, sequence: unknown): StoreChange {
  const length = entry[0] ?? 0;
  const name = entry.toString('latin1', 1, 1 + length);
  const db = name as StoreDatabaseName;
  if (!isMemoryDatabase(db) || entry.length <= 1 + length || typeof sequence !== 'number') {
    throw new NoctemError('STORE_CORRUPT', `The store's change journal is damaged: an entry names "${name}"`);
  }
  const bytes = entry.subarray(1 + length);
  // A copy either way: binary keys come back as a Buffer, as `range` returns them.
  const key = storeBinaryKeyDatabases.has(db) ? Buffer.from(bytes) : orderedBinary.bufferToKeyValue(Buffer.from(bytes));
  return { db, key: key as StoreChange['key'], sequence, entry: new Uint8Array(entry) };
}
