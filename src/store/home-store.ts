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
  /**
   * (database, key) → hash of the value at the last checkpoint, and for a node also its energy
   * (persist/home-checkpoint-plan.ts).
   */
  'checkpointIndex',
  /** The change journal: memory keys written since the last checkpoint (lmdb-change-journal.ts). */
  'changes',
  /**
   * Capability approvals of skill runs: pending requests and their decisions
   * (security/approval-queue.ts). Home state, not memory: a checkpoint does not carry it.
   */
  'approvals',
  /** Installed skills by name: version, digest, author, tier, granted capabilities (skills/skill-registry.ts). */
  'skills',
] as const;

/**
 * Databases keyed by raw bytes (ordered bytewise, e.g. `hilbertKey ‖ id`); their keys must
 * be `Uint8Array`. Every other database takes ordered-binary keys (strings, numbers,
 * arrays of them).
 */
export const storeBinaryKeyDatabases: ReadonlySet<string> = new Set(['nodes', 'nodeIndex', 'edges', 'checkpointIndex', 'changes']);

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

/**
 * One entry of the change journal: a memory key (memory-databases.ts) put or removed since the
 * journal last forgot it. One entry per key, however often it was written.
 */
export interface StoreChange {
  /** The memory database written. */
  readonly db: StoreDatabaseName;
  /** The key written, exactly as `range` returns it. */
  readonly key: StoreKey;
  /** The change sequence number of the last transaction that wrote the key (≥ 1). */
  readonly sequence: number;
  /** The journal's own key for this entry (opaque bytes): a read cursor, and what {@link StoreWriter.forgetChanges} takes. */
  readonly entry: Uint8Array;
}

/** A read of the change journal. */
export interface StoreChangeRange {
  /** Start after this entry (an {@link StoreChange.entry}, exclusive). @default the first entry */
  readonly after?: Uint8Array;
  /** Entries to return at most. @default no limit */
  readonly limit?: number;
}

/** Reads, inside or outside a write transaction. */
export interface StoreReader {
  /** The value at `key`, or undefined. */
  get(db: StoreDatabaseName, key: StoreKey): unknown;
  /** Entries in key order within `range`. */
  range(db: StoreDatabaseName, range?: StoreRange): Iterable<StoreEntry>;
  /** Number of entries in `db`. */
  count(db: StoreDatabaseName): number;
  /** The change journal's entries, in journal order: grouped by database, in key order within one. */
  changes(range?: StoreChangeRange): Iterable<StoreChange>;
  /**
   * The change sequence number of the last transaction that journaled a change (0 when none
   * did yet), or undefined while the journal is off. Every entry read in the same view has a
   * sequence ≤ this; every later transaction's entries have a larger one.
   */
  changeSequence(): number | undefined;
}

/**
 * Writes inside one transaction: all visible at commit, none if it throws. Once the change
 * journal is on, every put, remove (of a key that existed) and clear of a memory key also
 * journals the key, in the same transaction: no writer can forget it. The journal itself
 * takes no put, remove or clear (a bug).
 */
export interface StoreWriter extends StoreReader {
  /** Sets `key` to `value` (any structured-clonable value, typed arrays included). */
  put(db: StoreDatabaseName, key: StoreKey, value: unknown): void;
  /** Removes `key`; returns whether it existed. */
  remove(db: StoreDatabaseName, key: StoreKey): boolean;
  /** Removes every entry of `db`. */
  clear(db: StoreDatabaseName): void;
  /**
   * Turns the change journal on, if it is off (a home journals nothing until its first
   * checkpoint is planned). Idempotent.
   * @returns the current change sequence number (see {@link StoreReader.changeSequence})
   */
  startChangeJournal(): number;
  /**
   * Forgets journal entries that a checkpoint covered: each of `entries` whose sequence is
   * still ≤ `sequenceMax`. An entry rewritten since (a larger sequence) stays.
   * @returns how many entries were removed
   */
  forgetChanges(entries: Iterable<Pick<StoreChange, 'entry'>>, sequenceMax: number): number;
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
