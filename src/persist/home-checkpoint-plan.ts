/**
 * Plans and records a home checkpoint (docs/formats/nik.md "Noctem home checkpoints"). Pure
 * over the store port: {@link planHomeCheckpoint} reads the memory inside one transaction (a
 * consistent view) and returns the `.nik` pages plus the checkpoint index changes;
 * {@link commitHomeCheckpoint} applies those changes and records `meta` 'checkpoint.last' in
 * one later transaction, which the caller runs only after the file is durably on disk.
 *
 * Differentials: the `checkpointIndex` database maps `u8 code ‖ key` to the first 16 bytes of
 * SHA-256 over the value's canonical bytes (a node's: its stored record bytes) as of the last
 * checkpoint. A differential holds the nodes and records whose hash differs or that are new,
 * and deletion entries for the index keys whose record is gone. A crash between the file and
 * the commit leaves the index as it was, so the next differential simply includes the same
 * changes again (its parent is still the last recorded checkpoint).
 */
import { NoctemError, bytesToHex, hexToBytes, kahanAdd, kahanSum, kahanValue } from '../core/index.ts';
import { decodeNodeRecord, type NodeRecord } from '../manifold/index.ts';
import type { StoreKey, StoreReader, StoreWriter } from '../store/index.ts';
import {
  checkpointDatabaseOf, checkpointIndexKey, checkpointMetaKeys, checkpointRecordDatabases, type CheckpointDatabase,
} from './home-checkpoint-databases.ts';
import {
  checkpointManifestPageKind, encodeCheckpointManifest, nodeEnergy, totalEnergy, type CheckpointHomeSettings, type CheckpointManifest,
} from './home-checkpoint-manifest.ts';
import { nodePages } from './home-checkpoint-node-page.ts';
import { recordPages, type EncodedRecord } from './home-checkpoint-record-page.ts';
import { nikPageFlag, nikPageKind, type NikHeaderFields } from './nik-layout.ts';
import type { NikPageInput } from './nik-writer.ts';
import { decodeStoreValue, encodeStoreValue, storeValueHash } from './store-value-codec.ts';

/** The `meta` key of the last recorded checkpoint. */
export const checkpointLastKey = 'checkpoint.last';

/** What `meta` 'checkpoint.last' holds. */
export interface CheckpointLast {
  /** Where the file was written (relative to the home when inside it). */
  readonly file: string;
  /** Its Merkle root, 64 hex digits: the next differential's parent. */
  readonly merkleRoot: string;
  /** Its creation time, ms since the epoch. */
  readonly atMs: number;
  /** The creation time of its chain's full snapshot (the key salt of an encrypted chain). */
  readonly lastSnapTimeMs: number;
  readonly kind: 'full' | 'differential';
}

/** Options of {@link planHomeCheckpoint}. */
export interface CheckpointPlanOptions {
  /** Write a full snapshot even when a differential is possible. @default false */
  readonly full?: boolean;
  /** The file's creation time, ms since the epoch. */
  readonly nowMs: number;
  /** The home settings the manifest carries. */
  readonly home: CheckpointHomeSettings;
}

/** A planned checkpoint: the file's content and the index changes to commit after writing it. */
export interface HomeCheckpointPlan {
  readonly header: NikHeaderFields;
  /** The parent's Merkle root, for a differential. */
  readonly parentRoot?: Uint8Array;
  readonly pages: readonly NikPageInput[];
  /** Nodes in this file. */
  readonly nodeCount: number;
  readonly manifest: CheckpointManifest;
  /** 'checkpoint.last' when planned; the commit refuses if it changed meanwhile. */
  readonly basis: CheckpointLast | undefined;
  /** Index changes: clear first (full), then put and remove. */
  readonly index: { readonly clear: boolean; readonly puts: readonly (readonly [Uint8Array, Uint8Array])[]; readonly removes: readonly Uint8Array[] };
}

/**
 * Reads the last recorded checkpoint.
 * @param reader - the home's store
 */
export function readCheckpointLast(reader: StoreReader): CheckpointLast | undefined {
  return reader.get('meta', checkpointLastKey) as CheckpointLast | undefined;
}

/**
 * Plans a checkpoint of the memory. Call inside one store transaction for a consistent view.
 * A home's first checkpoint is always full.
 * @param reader - the home's store
 * @param options - full or not, the time, the home settings
 */
export function planHomeCheckpoint(reader: StoreReader, options: CheckpointPlanOptions): HomeCheckpointPlan {
  const basis = readCheckpointLast(reader);
  const full = options.full === true || basis === undefined;
  const changed = (indexKey: Uint8Array, hash: Uint8Array): boolean => full || !sameBytes(reader.get('checkpointIndex', indexKey), hash);
  const puts: [Uint8Array, Uint8Array][] = [];
  const records: EncodedRecord[] = [];
  for (const [db, key, value] of memoryRecords(reader)) {
    const bytes = encodeStoreValue(value);
    const indexKey = checkpointIndexKey(db, key);
    const hash = storeValueHash(bytes);
    if (!changed(indexKey, hash)) continue;
    records.push({ indexKey, value: bytes });
    puts.push([indexKey, hash]);
  }
  const nodes = scanNodes(reader, changed, puts);
  const deletions = full ? [] : deletedKeys(reader);
  const dirty = full ? 0 : nikPageFlag.dirty;
  const manifest: CheckpointManifest = {
    format: 'noctem-home-checkpoint', version: 1, kind: full ? 'full' : 'differential', home: options.home,
    file: { nodes: nodes.changed.length, records: records.length, deleted: deletions.length, energy: totalEnergy(nodes.changed) },
    memory: { nodes: nodes.total, records: countRecords(reader), energy: nodes.energy },
  };
  const pages = [
    ...nodePages(nodes.changed, dirty),
    ...recordPages(records, { kind: nikPageKind.storeRecords, flags: dirty }),
    ...recordPages(deletions.map((indexKey) => ({ indexKey })), { kind: nikPageKind.deletedIds, flags: 0 }),
    { id: 0n, kind: checkpointManifestPageKind, payload: encodeCheckpointManifest(manifest) },
  ];
  return {
    header: { creationTimeMs: options.nowMs, lastSnapTimeMs: full ? options.nowMs : basis!.lastSnapTimeMs, fileKind: full ? 'full' : 'differential' },
    ...(full ? {} : { parentRoot: hexToBytes(basis!.merkleRoot) }),
    pages, nodeCount: nodes.changed.length, manifest, basis,
    index: { clear: full, puts, removes: deletions },
  };
}

/**
 * Records a written checkpoint: applies the plan's index changes and sets 'checkpoint.last'.
 * Call inside the transaction that also audits the checkpoint.
 * @param writer - the home's write transaction
 * @param plan - the plan the file was written from
 * @param written - where the file went and its Merkle root (32 bytes)
 * @throws {NoctemError} CHECKPOINT_CONFLICT when another checkpoint was recorded since the plan
 */
export function commitHomeCheckpoint(writer: StoreWriter, plan: HomeCheckpointPlan, written: { file: string; merkleRoot: Uint8Array }): CheckpointLast {
  const current = readCheckpointLast(writer);
  if (current?.merkleRoot !== plan.basis?.merkleRoot || current?.atMs !== plan.basis?.atMs) {
    throw new NoctemError('CHECKPOINT_CONFLICT', `Cannot record checkpoint "${written.file}": another checkpoint (${current?.file ?? 'none'}) was recorded while it was written`, {
      details: { file: written.file },
    });
  }
  if (plan.index.clear) writer.clear('checkpointIndex');
  for (const [key, hash] of plan.index.puts) writer.put('checkpointIndex', key, hash);
  for (const key of plan.index.removes) writer.remove('checkpointIndex', key);
  const last: CheckpointLast = {
    file: written.file, merkleRoot: bytesToHex(written.merkleRoot), atMs: plan.header.creationTimeMs,
    lastSnapTimeMs: plan.header.lastSnapTimeMs, kind: plan.header.fileKind,
  };
  writer.put('meta', checkpointLastKey, last);
  return last;
}

/**
 * Every record a checkpoint carries, as [database, key, value], in database code order and
 * key order (the memory keys of `meta` only; nodes excluded).
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
    for (const { key, value } of reader.range(db)) yield [db, key, value];
  }
}

/** Nodes in key order: all counted, energy summed, the changed ones kept and their hashes queued. */
function scanNodes(
  reader: StoreReader,
  changed: (indexKey: Uint8Array, hash: Uint8Array) => boolean,
  puts: [Uint8Array, Uint8Array][],
): { changed: NodeRecord[]; total: number; energy: number } {
  const out: NodeRecord[] = [];
  const energy = kahanSum();
  let total = 0;
  for (const { key, value } of reader.range('nodes')) {
    const bytes = value as Uint8Array;
    const node = decodeNodeRecord(bytes);
    total++;
    kahanAdd(energy, nodeEnergy(node));
    const indexKey = checkpointIndexKey('nodes', key);
    const hash = storeValueHash(bytes);
    if (!changed(indexKey, hash)) continue;
    out.push(node);
    puts.push([indexKey, hash]);
  }
  return { changed: out, total, energy: kahanValue(energy) };
}

/** Index keys whose record is gone from the store. */
function deletedKeys(reader: StoreReader): Uint8Array[] {
  const gone: Uint8Array[] = [];
  for (const { key } of reader.range('checkpointIndex')) {
    const indexKey = new Uint8Array(key as Uint8Array);
    const db = checkpointDatabaseOf(indexKey[0]!);
    const storeKey = decodeStoreValue(indexKey.subarray(1), 'a checkpoint index key');
    if (db === undefined || reader.get(db, storeKey as StoreKey) === undefined) gone.push(indexKey);
  }
  return gone;
}

function countRecords(reader: StoreReader): number {
  let count = 0;
  for (const db of checkpointRecordDatabases) {
    count += db === 'meta' ? checkpointMetaKeys.filter((key) => reader.get('meta', key) !== undefined).length : reader.count(db);
  }
  return count;
}

function sameBytes(stored: unknown, hash: Uint8Array): boolean {
  if (!(stored instanceof Uint8Array) || stored.length !== hash.length) return false;
  return stored.every((byte, i) => byte === hash[i]);
}
