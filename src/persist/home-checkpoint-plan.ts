/**
 * Plans and records a home checkpoint (docs/formats/nik.md "Noctem home checkpoints"). Pure
 * over the store port: {@link planHomeCheckpoint} reads the memory inside one transaction (a
 * consistent view) and returns the `.nik` pages plus the index and journal changes;
 * {@link commitHomeCheckpoint} applies them and records `meta` 'checkpoint.last' in one later
 * transaction, which the caller runs only after the file is durably on disk.
 *
 * A full snapshot scans the whole memory. A differential reads only the store's change
 * journal (every memory key written since the last checkpoint, journaled by the store in the
 * writing transaction) and compares those keys with the `checkpointIndex`
 * (home-checkpoint-scan.ts), so it costs what changed. Its memory tallies (node and record
 * counts, the exact energy sum) carry forward from 'checkpoint.last'. The commit forgets the
 * journal entries the file covered, unless a transaction rewrote them after the plan read
 * them (their sequence number is then larger), and updates the index for the changed keys
 * only. A crash between the file and the commit leaves index and journal as they were, so the
 * next differential simply includes the same changes again (its parent is still the last
 * recorded checkpoint).
 */
import { NoctemError, bytesToHex, hexToBytes } from '../core/index.ts';
import type { StoreReader, StoreWriter } from '../store/index.ts';
import { exactSumValue } from './exact-sum.ts';
import {
  checkpointManifestPageKind, encodeCheckpointManifest, totalEnergy, type CheckpointHomeSettings, type CheckpointManifest,
} from './home-checkpoint-manifest.ts';
import { nodePages } from './home-checkpoint-node-page.ts';
import { recordPages } from './home-checkpoint-record-page.ts';
import { readChangeJournal, scanChangedMemory, scanWholeMemory, type CheckpointMemoryState } from './home-checkpoint-scan.ts';
import { nikPageFlag, nikPageKind, type NikHeaderFields } from './nik-layout.ts';
import type { NikPageInput } from './nik-writer.ts';

export { memoryRecords, type CheckpointMemoryState } from './home-checkpoint-scan.ts';

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
  /** The memory it leaves: the next differential's starting tallies (absent when an older build wrote it). */
  readonly memory?: CheckpointMemoryState;
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
  /** The journal entries this file covers, and the change sequence number the plan read. */
  readonly journal: { readonly sequence: number; readonly entries: readonly Uint8Array[] };
  /** The memory once this file is applied (recorded in 'checkpoint.last'). */
  readonly memory: CheckpointMemoryState;
}

/**
 * Reads the last recorded checkpoint.
 * @param reader - the home's store
 */
export function readCheckpointLast(reader: StoreReader): CheckpointLast | undefined {
  return reader.get('meta', checkpointLastKey) as CheckpointLast | undefined;
}

/**
 * Plans a checkpoint of the memory. Call inside one write transaction: it is a consistent
 * view, and a full plan turns the store's change journal on. A home's first checkpoint is
 * full, and so is one whose last checkpoint an older build recorded (no journal to read).
 * @param writer - the home's write transaction
 * @param options - full or not, the time, the home settings
 */
export function planHomeCheckpoint(writer: StoreWriter, options: CheckpointPlanOptions): HomeCheckpointPlan {
  const basis = readCheckpointLast(writer);
  const sequenceNow = writer.changeSequence();
  const full = options.full === true || basis?.memory === undefined || sequenceNow === undefined;
  // From here on every write of the memory is journaled, including those made while this file is written.
  const sequence = full ? writer.startChangeJournal() : sequenceNow!;
  const entries: Uint8Array[] = [];
  const journal = readChangeJournal(writer, entries);
  const scan = full ? scanWholeMemory(writer) : scanChangedMemory(writer, journal, basis!.memory!);
  // A full snapshot covers every journaled change too: read the rest of the journal to forget it.
  if (full) drain(journal);
  const dirty = full ? 0 : nikPageFlag.dirty;
  const memoryEnergy = exactSumValue(scan.memory.energyPartials);
  const manifest: CheckpointManifest = {
    format: 'noctem-home-checkpoint', version: 1, kind: full ? 'full' : 'differential', home: options.home,
    file: { nodes: scan.nodes.length, records: scan.records.length, deleted: scan.deletions.length, energy: full ? memoryEnergy : totalEnergy(scan.nodes) },
    memory: { nodes: scan.memory.nodes, records: scan.memory.records, energy: memoryEnergy },
  };
  const pages = [
    ...nodePages(scan.nodes, dirty),
    ...recordPages(scan.records, { kind: nikPageKind.storeRecords, flags: dirty }),
    ...recordPages(scan.deletions.map((indexKey) => ({ indexKey })), { kind: nikPageKind.deletedIds, flags: 0 }),
    { id: 0n, kind: checkpointManifestPageKind, payload: encodeCheckpointManifest(manifest) },
  ];
  return {
    header: { creationTimeMs: options.nowMs, lastSnapTimeMs: full ? options.nowMs : basis!.lastSnapTimeMs, fileKind: full ? 'full' : 'differential' },
    ...(full ? {} : { parentRoot: hexToBytes(basis!.merkleRoot) }),
    pages, nodeCount: scan.nodes.length, manifest, basis,
    index: { clear: full, puts: scan.puts, removes: scan.deletions },
    journal: { sequence, entries }, memory: scan.memory,
  };
}

/**
 * Records a written checkpoint: applies the plan's index changes, forgets the journal entries
 * it covered (those not rewritten since the plan) and sets 'checkpoint.last'. Call inside the
 * transaction that also audits the checkpoint.
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
  writer.forgetChanges(plan.journal.entries.map((entry) => ({ entry })), plan.journal.sequence);
  const last: CheckpointLast = {
    file: written.file, merkleRoot: bytesToHex(written.merkleRoot), atMs: plan.header.creationTimeMs,
    lastSnapTimeMs: plan.header.lastSnapTimeMs, kind: plan.header.fileKind, memory: plan.memory,
  };
  writer.put('meta', checkpointLastKey, last);
  return last;
}

/** Reads an iterator to its end (its reads have side effects: they collect journal entries). */
function drain(items: Iterator<unknown>): void {
  while (items.next().done !== true);
}
