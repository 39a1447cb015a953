/**
 * The `HomeStore` port: the transactional key-value store that holds a home's state
 * (DESIGN "The home": nodes, chunks, indexes, drives, queue, audit). Data in, data out,
 * no policy. `lmdb-home-store.ts` is the real implementation.
 */

/** The named databases of a home, each a sorted key space. */
export const storeDatabaseNames = [
  'meta',
  'keyEvents',
  'audit',
  'treeHeads',
  'profile',
  'sources',
  'chunks',
  'nodes',
  'nodeIndex',
  'vectors',
  'postings',
  'terms',
  'edges',
  'queue',
  'feedback',
  /** (database, key) → 16-byte hash of the value at the last checkpoint (persist/home-checkpoint-plan.ts). */
  'checkpointIndex',
] as const;

/**
 * Databases keyed by raw bytes (ordered bytewise, e.g. `hilbertKey ‖ id`); their keys must
 * be `Uint8Array`. Every other database takes ordered-binary keys (strings, numbers,
 * arrays of them).
 */
export const storeBinaryKeyDatabases: ReadonlySet<string> = new Set(['nodes', 'nodeIndex', 'edges', 'checkpointIndex']);

/** One named database. */
export type StoreDatabaseName = (typeof storeDatabaseNames)[number];

/** A key: ordered lexicographically by its binary encoding (numbers order numerically). */
export type StoreKey = string | number | Uint8Array | readonly (string | number)[];

/** A range query: `start` inclusive, `end` exclusive. */
export interface StoreRange {
  /** First key. @default the first key of the database */
  readonly start?: StoreKey;
  /** Key to stop before. @default past the last key */
  readonly end?: StoreKey;
  /** Entries to return at most. @default no limit */
  readonly limit?: number;
  /** Walk from the end. @default false */
  readonly reverse?: boolean;
}

/** One entry of a range. */
export interface StoreEntry {
  readonly key: StoreKey;
  readonly value: unknown;
}

/** Reads, inside or outside a write transaction. */
export interface StoreReader {
  /** The value at `key`, or undefined. */
  get(db: StoreDatabaseName, key: StoreKey): unknown;
  /** Entries in key order within `range`. */
  range(db: StoreDatabaseName, range?: StoreRange): Iterable<StoreEntry>;
  /** Number of entries in `db`. */
  count(db: StoreDatabaseName): number;
}

/** Writes inside one transaction: all visible at commit, none if it throws. */
export interface StoreWriter extends StoreReader {
  /** Sets `key` to `value` (any structured-clonable value, typed arrays included). */
  put(db: StoreDatabaseName, key: StoreKey, value: unknown): void;
  /** Removes `key`; returns whether it existed. */
  remove(db: StoreDatabaseName, key: StoreKey): boolean;
  /** Removes every entry of `db`. */
  clear(db: StoreDatabaseName): void;
}

/** Health figures for `doctor`. */
export interface StoreStats {
  readonly entries: Readonly<Record<StoreDatabaseName, number>>;
  readonly mapSizeBytes: number;
  readonly encrypted: boolean;
}

/** The home's store. */
export interface HomeStore extends StoreReader {
  /**
   * Runs `fn` as one serializable write transaction across processes. If `fn` throws,
   * nothing it wrote is kept and the error propagates.
   */
  write<R>(fn: (writer: StoreWriter) => R): R;
  /** Health figures. */
  stats(): StoreStats;
  /** Flushes and closes; further calls fail. */
  close(): Promise<void>;
}
