/**
 * Restoring a memory from a checkpoint chain (docs/formats/nik.md "Restore"): the full snapshot
 * first, then each differential whose parent root is the Merkle root of the file before it.
 * Files are taken in the order given, never re-sorted: the order is part of what the person
 * asserts, and a wrong order is reported (NIK_CHAIN_ORDER) rather than guessed at.
 *
 * {@link replayCheckpointChain} checks every file's GAP-014 invariants, applies the files in
 * memory (deletions, then puts), checks the node and record counts against each manifest's
 * memory tally and the final energy against the last one, and returns the memory to write;
 * {@link writeRestoredMemory} writes it in the caller's single transaction.
 */
import { NoctemError, bytesToHex, limits } from '../core/index.ts';
import { encodeNodeKey, encodeNodeRecord, type NodeRecord } from '../manifold/index.ts';
import type { StoreWriter } from '../store/index.ts';
import { checkHomeCheckpoint } from './home-checkpoint-checks.ts';
import { nodeKeyBytes, type HomeCheckpointContent } from './home-checkpoint-content.ts';
import { checkpointGenerationKey, checkpointIndexKey, checkpointMetaKeys, checkpointRecordDatabases, indexKeyString } from './home-checkpoint-databases.ts';
import { totalEnergy, type CheckpointHomeSettings } from './home-checkpoint-manifest.ts';
import { nodeRecordOf, type CheckpointNode } from './home-checkpoint-node-page.ts';
import type { CheckpointRecord } from './home-checkpoint-record-page.ts';
import { compareKeyBytes } from './node-key-order.ts';

/** One file of a chain. */
export interface CheckpointChainFile {
  /** How the person named it (for messages). */
  readonly name: string;
  readonly content: HomeCheckpointContent;
}

/** The memory a chain restores. */
export interface RestoredMemory {
  /** Nodes in ascending `hilbertKey ‖ id` order. */
  readonly nodes: readonly NodeRecord[];
  /** Records, in no particular order. */
  readonly records: readonly CheckpointRecord[];
  /** The home settings of the last file. */
  readonly home: CheckpointHomeSettings;
  /** Σ node energy (equal to the last manifest's memory energy). */
  readonly energy: number;
}

/**
 * Checks that `files` form one chain in order.
 * @param files - the files as given
 * @throws {NoctemError} USAGE when there is no file or more than limits.checkpointChainFilesMax
 * @throws {NoctemError} NIK_CHAIN_ORDER when a full snapshot is not first, or a parent comes later
 * @throws {NoctemError} NIK_PARENT_MISSING when a differential's parent is not among the files
 */
export function checkCheckpointChain(files: readonly CheckpointChainFile[]): void {
  if (files.length === 0 || files.length > limits.checkpointChainFilesMax) {
    throw new NoctemError('USAGE', `Give 1 to ${limits.checkpointChainFilesMax} checkpoint files, the full snapshot first`);
  }
  const roots = files.map((f) => bytesToHex(f.content.file.footer.merkleRoot));
  files.forEach((file, i) => {
    const { header, footer } = file.content.file;
    if (i === 0 && header.fileKind === 'full') return;
    if (header.fileKind === 'full') {
      throw new NoctemError('NIK_CHAIN_ORDER', `"${file.name}" is a full snapshot: a chain holds one, and it comes first`, { details: { file: file.name, position: i } });
    }
    const parent = bytesToHex(footer.parentRoot!);
    if (i > 0 && parent === roots[i - 1]) return;
    const at = roots.indexOf(parent);
    if (at > i) {
      throw new NoctemError('NIK_CHAIN_ORDER', `"${file.name}" comes before its parent "${files[at]!.name}"`, { details: { file: file.name, parent: files[at]!.name } });
    }
    if (at >= 0) {
      // Its parent came earlier but not right before it: a repeated file or a fork of the chain.
      throw new NoctemError('NIK_CHAIN_ORDER', `"${file.name}" follows "${files[i - 1]!.name}", but its parent is the earlier "${files[at]!.name}": the files repeat or fork the chain`, {
        details: { file: file.name, parent: files[at]!.name },
      });
    }
    const previous = i === 0 ? 'no full snapshot before it' : `the file before it is "${files[i - 1]!.name}" (root ${roots[i - 1]!.slice(0, 16)}…)`;
    throw new NoctemError('NIK_PARENT_MISSING', `"${file.name}" is a differential whose parent (root ${parent.slice(0, 16)}…) was not given: ${previous}`, {
      details: { file: file.name, parentRoot: parent },
    });
  });
}

/**
 * Replays a chain into the memory it describes.
 * @param files - the chain, in order
 * @throws {NoctemError} NIK_CHAIN_ORDER, NIK_PARENT_MISSING as {@link checkCheckpointChain}
 * @throws {NoctemError} CHECKPOINT_INVALID when a file breaks a GAP-014 invariant, deletes what
 *   the chain does not hold, or its memory tally does not match the replayed memory
 */
export function replayCheckpointChain(files: readonly CheckpointChainFile[]): RestoredMemory {
  checkCheckpointChain(files);
  const nodes = new Map<string, CheckpointNode>();
  const records = new Map<string, CheckpointRecord>();
  for (const { name, content } of files) {
    const checks = checkHomeCheckpoint(content, { issuesMax: 1 });
    const issue = checks.issues[0];
    if (issue !== undefined) invalid(name, `${issue.check}: ${issue.message}`);
    for (const entry of content.deleted) {
      const key = indexKeyString(entry.indexKey);
      if (!(entry.db === 'nodes' ? nodes.delete(key) : records.delete(key))) invalid(name, `it deletes a ${entry.db} key the chain does not hold`);
    }
    for (const node of content.nodes) nodes.set(indexKeyString(checkpointIndexKey('nodes', nodeKeyBytes(node))), node);
    for (const entry of content.records) records.set(indexKeyString(entry.indexKey), entry);
    const tally = content.manifest.memory;
    if (nodes.size !== tally.nodes || records.size !== tally.records) {
      invalid(name, `after it the memory holds ${nodes.size} nodes and ${records.size} records, its manifest says ${tally.nodes} and ${tally.records}`);
    }
  }
  const last = files[files.length - 1]!;
  const sorted = [...nodes.values()]
    .map((node) => ({ node, key: nodeKeyBytes(node) }))
    .sort((x, y) => compareKeyBytes(x.key, y.key))
    .map(({ node }) => nodeRecordOf(node));
  const energy = totalEnergy(sorted);
  if (energy !== last.content.manifest.memory.energy) {
    invalid(last.name, `the restored nodes' energy sums to ${energy}, its manifest's memory checksum is ${last.content.manifest.memory.energy}`);
  }
  return { nodes: sorted, records: [...records.values()], home: last.content.manifest.home, energy };
}

/**
 * Replaces the memory of a store with `memory`, and bumps the memory generation so every cache
 * of the index rebuilds. Call inside one write transaction.
 * @param writer - the new home's write transaction
 * @param memory - from {@link replayCheckpointChain}
 */
export function writeRestoredMemory(writer: StoreWriter, memory: RestoredMemory): void {
  for (const db of checkpointRecordDatabases) if (db !== 'meta') writer.clear(db);
  for (const key of checkpointMetaKeys) writer.remove('meta', key);
  writer.clear('nodes');
  writer.clear('checkpointIndex');
  for (const record of memory.records) writer.put(record.db, record.key, record.value);
  for (const node of memory.nodes) writer.put('nodes', encodeNodeKey(node), encodeNodeRecord(node));
  const generation = writer.get('meta', checkpointGenerationKey);
  writer.put('meta', checkpointGenerationKey, (typeof generation === 'number' ? generation : 0) + 1);
}

function invalid(file: string, reason: string): never {
  throw new NoctemError('CHECKPOINT_INVALID', `Cannot restore "${file}": ${reason}`, { details: { file } });
}
