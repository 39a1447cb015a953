/**
 * Which parts of a home's store are its memory: the databases (and the `meta` keys) that a
 * checkpoint carries (persist/home-checkpoint-databases.ts gives each a one-byte code) and that
 * the change journal records (lmdb-change-journal.ts). One list for both, here in the store
 * layer, because the store must journal every write to them and may not import persist.
 * Identity keys, the audit log and its tree heads, the watch queue, the checkpoint index and
 * the journal itself are the home's own state, not its memory.
 */
import type { StoreDatabaseName, StoreKey } from './home-store.ts';

/** The memory databases, in the checkpoint's database-code order. Only the memory keys of `meta` count. */
export const memoryDatabaseNames = Object.freeze([
  'meta', 'profile', 'sources', 'chunks', 'nodes', 'nodeIndex', 'vectors', 'postings', 'terms', 'edges', 'feedback',
] as const satisfies readonly StoreDatabaseName[]);

/** A memory database. */
export type MemoryDatabaseName = (typeof memoryDatabaseNames)[number];

/**
 * The `meta` keys that belong to the memory (recall/memory-records.ts `metaKeys`): corpus
 * statistics, the next chunk ordinal, the memory and geometry generations and the embedder.
 * Other `meta` keys (the last checkpoint, the propagator blacklist) describe this home.
 */
export const memoryMetaKeys: readonly string[] = Object.freeze(['corpus', 'chunkOrdinalNext', 'memoryGeneration', 'memoryGeometry', 'embedder']);

const memoryDatabaseSet: ReadonlySet<string> = new Set(memoryDatabaseNames);
const memoryMetaKeySet: ReadonlySet<unknown> = new Set(memoryMetaKeys);

/**
 * Whether `key` of `db` is part of the memory (a memory database, and for `meta` a memory key).
 * @param db - a store database
 * @param key - a key of it
 */
export function isMemoryKey(db: StoreDatabaseName, key: StoreKey): boolean {
  return memoryDatabaseSet.has(db) && (db !== 'meta' || memoryMetaKeySet.has(key));
}

/**
 * Whether `db` is a memory database (for `meta`, only some of its keys are memory).
 * @param db - a store database
 */
export function isMemoryDatabase(db: StoreDatabaseName): db is MemoryDatabaseName {
  return memoryDatabaseSet.has(db);
}
