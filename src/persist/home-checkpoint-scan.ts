/**
 * The two ways a checkpoint plan finds what its file holds (docs/formats/nik.md "Differential
 * checkpoints"):
 * - {@link scanWholeMemory}, for a full snapshot: every node and record of the memory;
 * - {@link scanChangedMemory}, for a differential: only the keys the store's change journal
 *   names, each compared with the `checkpointIndex`, so its cost follows what changed, not the
 *   size of the memory.
 *
 * The `checkpointIndex` maps `u8 code ‖ key` to the first 16 bytes of SHA-256 over the value's
 * canonical bytes as of the last checkpoint (a node: over its stored record bytes, followed by
 * its energy as an f64, little-endian). It tells a journaled key that really changed from one
 * rewritten with the same value, a deletion of a key the chain holds from one of a key that
 * came and went between two checkpoints, and it gives a changed node's old energy, which the
 * differential subtracts from the memory's exact energy sum.
 */
import { assert, limits } from '../core/index.ts';
import { decodeNodeRecord, type NodeRecord } from '../manifold/index.ts';
import type { StoreChange, StoreKey, StoreReader } from '../store/index.ts';
import { exactSumAdd } from './exact-sum.ts';
import { checkpointDatabaseCodes, checkpointIndexKey, checkpointMetaKeys, checkpointRecordDatabases, type CheckpointDatabase } from './home-checkpoint-databases.ts';
import { nodeEnergy } from './home-checkpoint-manifest.ts';
import type { EncodedRecord } from './home-checkpoint-record-page.ts';
import { compareKeyBytes } from './node-key-order.ts';
import { encodeStoreValue, storeValueHash, storeValueHashBytes } from './store-value-codec.ts';

/** The memory as of a checkpoint: what the next differential's tallies start from. */
export interface CheckpointMemoryState {
  /** Nodes. */
  readonly nodes: number;
  /** Records (every carried database but `nodes`). */
  readonly records: number;
  /** The partials of the exact Σ node energy (exact-sum.ts). */
  readonly energyPartials: readonly number[];
}

/** What a scan found: the file's content, the index changes and the memory after it. */
export interface CheckpointScan {
  /** Nodes for the file, in ascending `hilbertKey ‖ id` order. */
  readonly nodes: readonly NodeRecord[];
  /** Records for the file. */
  readonly records: readonly EncodedRecord[];
  /** Index keys of the nodes and records to delete, ascending. */
  readonly deletions: readonly Uint8Array[];
  /** Index entries to put: [index key, value]. */
  readonly puts: readonly (readonly [Uint8Array, Uint8Array])[];
  /** The memory once this file is applied. */
  readonly memory: CheckpointMemoryState;
}

/** Bytes of a node's index value: its hash, then its energy (f64). */
export const checkpointNodeIndexBytes = storeValueHashBytes + 8;

/**
 * Every record a checkpoint carries, as [database, key, value], in database code order and
 * key order (the memory keys of `meta` only; nodes excluded; a key holding `undefined` counts
 * as absent, as it does for a differential's `get`).
 * @param reader - the home's store
 */
export function* memoryRecords(reader: StoreReader): Generator<[CheckpointDatabase, StoreKey, unknown]> {
  for (const db of checkpointRecordDatabases) {
    if (db === 'meta') {
      for (const key of checkpointMetaKeys) {
        const value = reader.get('meta', key);
        if (value !== undefined) yield ['meta', key, value];
      }
      continue;
    }
    for (const { key, value } of reader.range(db)) if (value !== undefined) yield [db, key, value];
  }
}

/**
 * A full snapshot's content: every record and node, with the index entries of all of them.
 * @param reader - the home's store, inside one transaction
 */
export function scanWholeMemory(reader: StoreReader): CheckpointScan {
  const records: EncodedRecord[] = [];
  const puts: [Uint8Array, Uint8Array][] = [];
  for (const [db, key, value] of memoryRecords(reader)) {
    const bytes = encodeStoreValue(value);
    const indexKey = checkpointIndexKey(db, key);
    records.push({ indexKey, value: bytes });
    puts.push([indexKey, storeValueHash(bytes)]);
  }
  const nodes: NodeRecord[] = [];
  const energyPartials: number[] = [];
  for (const { key, value } of reader.range('nodes')) {
    const bytes = value as Uint8Array;
    const node = decodeNodeRecord(bytes);
    const energy = nodeEnergy(node);
    exactSumAdd(energyPartials, energy);
    nodes.push(node);
    puts.push([checkpointIndexKey('nodes', key), nodeIndexValue(bytes, energy)]);
  }
  return { nodes, records, deletions: [], puts, memory: { nodes: nodes.length, records: records.length, energyPartials } };
}

/**
 * A differential's content: of the journaled keys, the nodes and records whose value differs
 * from the index (or that it lacks), and deletions of the index keys whose value is gone.
 * Reads O(journaled keys) values, never the rest of the memory.
 * @param reader - the home's store, inside the transaction the journal was read in
 * @param changes - the journal's entries (each key once)
 * @param basis - the memory as of the last checkpoint
 */
export function scanChangedMemory(reader: StoreReader, changes: Iterable<StoreChange>, basis: CheckpointMemoryState): CheckpointScan {
  const energyPartials = [...basis.energyPartials];
  const tally = { nodes: basis.nodes, records: basis.records };
  const nodes: { key: Uint8Array; node: NodeRecord }[] = [];
  const records: { code: number; record: EncodedRecord }[] = [];
  const deletions: Uint8Array[] = [];
  const puts: [Uint8Array, Uint8Array][] = [];
  for (const { db, key } of changes) {
    const indexKey = checkpointIndexKey(db as CheckpointDatabase, key);
    const stored = reader.get('checkpointIndex', indexKey) as Uint8Array | undefined;
    const value = reader.get(db, key);
    const node = db === 'nodes';
    if (value === undefined) {
      if (stored === undefined) continue;
      deletions.push(indexKey);
      if (node) exactSumAdd(energyPartials, -storedEnergy(stored));
      tally[node ? 'nodes' : 'records']--;
      continue;
    }
    const bytes = node ? (value as Uint8Array) : encodeStoreValue(value);
    const hash = storeValueHash(bytes);
    if (stored !== undefined && sameHash(stored, hash)) continue;
    if (stored === undefined) tally[node ? 'nodes' : 'records']++;
    if (!node) {
      records.push({ code: checkpointDatabaseCodes[db as CheckpointDatabase], record: { indexKey, value: bytes } });
      puts.push([indexKey, hash]);
      continue;
    }
    const record = decodeNodeRecord(bytes);
    const energy = nodeEnergy(record);
    if (stored !== undefined) exactSumAdd(energyPartials, -storedEnergy(stored));
    exactSumAdd(energyPartials, energy);
    nodes.push({ key: key as Uint8Array, node: record });
    puts.push([indexKey, nodeIndexValue(bytes, energy, hash)]);
  }
  nodes.sort((x, y) => compareKeyBytes(x.key, y.key));
  // Database code order, then the journal's key order within a database (a stable sort).
  records.sort((x, y) => x.code - y.code);
  deletions.sort(compareKeyBytes);
  return {
    nodes: nodes.map((n) => n.node), records: records.map((r) => r.record), deletions, puts,
    memory: { ...tally, energyPartials },
  };
}

/**
 * The change journal, read in batches of limits.checkpointChangesReadBatchMax; each entry's
 * journal key is also pushed to `entries` (what the commit forgets).
 * @param reader - the home's store, inside the plan's transaction
 * @param entries - receives every entry's journal key
 */
export function* readChangeJournal(reader: StoreReader, entries: Uint8Array[]): Generator<StoreChange> {
  let after: Uint8Array | undefined;
  for (;;) {
    let read = 0;
    for (const change of reader.changes({ limit: limits.checkpointChangesReadBatchMax, ...(after === undefined ? {} : { after }) })) {
      entries.push(change.entry);
      after = change.entry;
      read++;
      yield change;
    }
    if (read < limits.checkpointChangesReadBatchMax) return;
  }
}

/** A node's index value: the hash of its record bytes, then its energy. */
function nodeIndexValue(bytes: Uint8Array, energy: number, hash = storeValueHash(bytes)): Uint8Array {
  const out = new Uint8Array(checkpointNodeIndexBytes);
  out.set(hash);
  new DataView(out.buffer).setFloat64(storeValueHashBytes, energy, true);
  return out;
}

function storedEnergy(stored: Uint8Array): number {
  assert(stored.length === checkpointNodeIndexBytes, 'a node index value holds its hash and its energy');
  return new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getFloat64(storeValueHashBytes, true);
}

function sameHash(stored: Uint8Array, hash: Uint8Array): boolean {
  for (let i = 0; i < hash.length; i++) if (stored[i] !== hash[i]) return false;
  return stored.length >= hash.length;
}
