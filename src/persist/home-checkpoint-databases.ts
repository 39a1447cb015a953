/**
 * What a home checkpoint holds: the memory (docs/formats/nik.md "Noctem home checkpoints").
 * Nodes travel in node pages; every other memory database travels record by record, each
 * named by a one-byte database code that is part of the format (so adding a database to the
 * store never renumbers a checkpoint). Identity keys, the audit log and its tree heads, the
 * watch queue and the checkpoint index itself stay out: a restored home is a new home with
 * its own identity and audit log. Of `meta`, only the memory's keys travel.
 */
import { assert } from '../core/index.ts';
import { memoryDatabaseNames, memoryMetaKeys, type MemoryDatabaseName, type StoreKey } from '../store/index.ts';
import { ByteSink } from './byte-cursor.ts';
import { writeStoreValue } from './store-value-codec.ts';

/** The one-byte code of each database a checkpoint carries. Part of the format: never renumber. */
export const checkpointDatabaseCodes = Object.freeze({
  meta: 1,
  profile: 2,
  sources: 3,
  chunks: 4,
  nodes: 5,
  nodeIndex: 6,
  vectors: 7,
  postings: 8,
  terms: 9,
  edges: 10,
  feedback: 11,
} as const satisfies Record<MemoryDatabaseName, number>);

// The store journals exactly the databases a checkpoint carries (store/memory-databases.ts).
assert(
  Object.keys(checkpointDatabaseCodes).length === memoryDatabaseNames.length && memoryDatabaseNames.every((db) => db in checkpointDatabaseCodes),
  'a checkpoint carries exactly the store\'s memory databases',
);

/** A database a checkpoint carries. */
export type CheckpointDatabase = keyof typeof checkpointDatabaseCodes;

/** The databases carried as records (every carried database but `nodes`), in code order. */
export const checkpointRecordDatabases: readonly CheckpointDatabase[] = Object.freeze(
  (Object.keys(checkpointDatabaseCodes) as CheckpointDatabase[]).filter((db) => db !== 'nodes'),
);

/**
 * The `meta` keys that belong to the memory (store/memory-databases.ts `memoryMetaKeys`): corpus
 * statistics, the next chunk ordinal, the memory and geometry generations and the embedder. Other `meta`
 * keys (the last checkpoint, the propagator blacklist) describe this home, not its memory.
 */
export const checkpointMetaKeys: readonly string[] = memoryMetaKeys;

/** The `meta` key of the memory generation, bumped by a restore so caches rebuild. */
export const checkpointGenerationKey = 'memoryGeneration';

/** Reused for every key: a checkpoint computes one index key per record. */
const scratch = new ByteSink();

const databaseByCode = new Map<number, CheckpointDatabase>(
  (Object.entries(checkpointDatabaseCodes) as [CheckpointDatabase, number][]).map(([db, code]) => [code, db]),
);

/**
 * The database of a code, or undefined when the code is unknown.
 * @param code - a byte read from a checkpoint
 */
export function checkpointDatabaseOf(code: number): CheckpointDatabase | undefined {
  return databaseByCode.get(code);
}

/**
 * The key of a record in the `checkpointIndex` database and in a replayed chain:
 * database code ‖ the key's canonical bytes (store-value-codec.ts).
 * @param db - a carried database
 * @param key - the record's key as the store returns it
 */
export function checkpointIndexKey(db: CheckpointDatabase, key: StoreKey): Uint8Array {
  scratch.reset();
  scratch.u8(checkpointDatabaseCodes[db]);
  writeStoreValue(key, scratch);
  const out = scratch.result();
  assert(out.length > 1, 'an index key has a code and a key');
  return out;
}

/**
 * An index key as a map key: its bytes as a latin1 string (one UTF-16 code unit per byte, so
 * distinct keys give distinct strings). Native and one allocation: a replay keys hundreds of
 * thousands of records by it.
 * @param indexKey - `u8 code ‖ canonical key`
 */
export function indexKeyString(indexKey: Uint8Array): string {
  return Buffer.from(indexKey.buffer, indexKey.byteOffset, indexKey.byteLength).toString('latin1');
}
