/**
 * Decodes a read `.nik` file into a home checkpoint's content and checks its structure
 * (docs/formats/nik.md "Noctem home checkpoints"): known page kinds, one manifest whose kind
 * and counts match the file, node pages whose ids follow the page-id rule, nodes in strictly
 * ascending `hilbertKey ‖ id` order, record and deletion pages numbered 0, 1, 2, …, deletion
 * pages flagged DELETED, and no key twice. The physical invariants (GAP-014) are checked
 * separately, by home-checkpoint-checks.ts.
 */
import { NoctemError, hexToBytes } from '../core/index.ts';
import { compareKeyBytes } from './node-key-order.ts';
import { checkpointIndexKey, indexKeyString } from './home-checkpoint-databases.ts';
import { checkpointManifestPageKind, decodeCheckpointManifest, type CheckpointManifest } from './home-checkpoint-manifest.ts';
import { decodeNodePage, nodePageId, type CheckpointNode } from './home-checkpoint-node-page.ts';
import { decodeRecordPage, type CheckpointRecord } from './home-checkpoint-record-page.ts';
import { nikPageFlag, nikPageKind } from './nik-layout.ts';
import type { NikFile, NikPage } from './nik-reader.ts';

const u64Max = (1n << 64n) - 1n;

/** A decoded home checkpoint. */
export interface HomeCheckpointContent {
  /** The container (header, footer; its pages are consumed here). */
  readonly file: Pick<NikFile, 'header' | 'footer'>;
  readonly manifest: CheckpointManifest;
  /** Nodes in file order (ascending `hilbertKey ‖ id`). */
  readonly nodes: readonly CheckpointNode[];
  /** Record entries, in file order. */
  readonly records: readonly CheckpointRecord[];
  /** Deletion entries, in file order. */
  readonly deleted: readonly CheckpointRecord[];
}

/**
 * The content of a home checkpoint file.
 * @param file - a file returned by `readNik`
 * @throws {NoctemError} FORMAT_CORRUPT when the pages are not a home checkpoint as described
 */
export function decodeHomeCheckpoint(file: NikFile): HomeCheckpointContent {
  const byKind = new Map<number, NikPage[]>();
  for (const page of file.pages) {
    if (page.kind > checkpointManifestPageKind) throw corrupt(`it has a page of unknown kind ${page.kind}`);
    byKind.set(page.kind, [...(byKind.get(page.kind) ?? []), page]);
  }
  const manifestPages = byKind.get(checkpointManifestPageKind) ?? [];
  if (manifestPages.length !== 1 || manifestPages[0]!.id !== 0n) throw corrupt('it must hold exactly one manifest page, with id 0');
  const manifest = decodeCheckpointManifest(manifestPages[0]!.payload);
  if (manifest.kind !== file.header.fileKind) throw corrupt(`its manifest says "${manifest.kind}", its header "${file.header.fileKind}"`);
  const nodes = decodeNodes(byKind.get(nikPageKind.nodes) ?? []);
  const records = decodeNumbered(byKind.get(nikPageKind.storeRecords) ?? [], true);
  const deleted = decodeNumbered(byKind.get(nikPageKind.deletedIds) ?? [], false);
  if (nodes.length !== manifest.file.nodes || nodes.length !== file.footer.nodeCount) {
    throw corrupt(`it holds ${nodes.length} nodes, its manifest says ${manifest.file.nodes} and its footer ${file.footer.nodeCount}`);
  }
  if (records.length !== manifest.file.records || deleted.length !== manifest.file.deleted) {
    throw corrupt(`it holds ${records.length} records and ${deleted.length} deletions, its manifest says ${manifest.file.records} and ${manifest.file.deleted}`);
  }
  if (manifest.kind === 'full' && deleted.length > 0) throw corrupt('a full snapshot has deletion entries');
  checkDistinct([...records, ...deleted], nodes);
  return { file: { header: file.header, footer: file.footer }, manifest, nodes, records, deleted };
}

function decodeNodes(pages: readonly NikPage[]): CheckpointNode[] {
  const nodes: CheckpointNode[] = [];
  let previousId = -1n;
  let previousKey: Uint8Array | undefined;
  for (const page of pages) {
    if ((page.flags & nikPageFlag.deleted) !== 0) throw corrupt(`node page ${page.id} is flagged DELETED`);
    const pageNodes = decodeNodePage(page.payload);
    if (previousId === u64Max) throw corrupt(`node page ${page.id} follows a page with the largest id`);
    const expected = nodePageId(pageNodes[0]!.hilbertKey, previousId);
    if (page.id !== expected) throw corrupt(`node page ${page.id} should have id ${expected} (from its first Hilbert key)`);
    previousId = page.id;
    for (const node of pageNodes) {
      const key = nodeKeyBytes(node);
      if (previousKey !== undefined && compareKeyBytes(previousKey, key) >= 0) throw corrupt(`node ${node.id} is out of Hilbert-key order`);
      previousKey = key;
      nodes.push(node);
    }
  }
  return nodes;
}

function decodeNumbered(pages: readonly NikPage[], withValues: boolean): CheckpointRecord[] {
  const out: CheckpointRecord[] = [];
  pages.forEach((page, n) => {
    if (page.id !== BigInt(n)) throw corrupt(`${withValues ? 'record' : 'deletion'} page ${page.id} should have id ${n}`);
    if (((page.flags & nikPageFlag.deleted) !== 0) === withValues) throw corrupt(`page ${page.id} of kind ${page.kind} has the wrong DELETED flag`);
    for (const entry of decodeRecordPage(page.payload, withValues)) out.push(entry);
  });
  return out;
}

function checkDistinct(entries: readonly CheckpointRecord[], nodes: readonly CheckpointNode[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = indexKeyString(entry.indexKey);
    if (seen.has(key)) throw corrupt(`a ${entry.db} key appears twice`);
    seen.add(key);
  }
  // A deleted node's entry key is the node's index key, so a node both kept and deleted shows.
  for (const node of nodes) {
    const key = indexKeyString(checkpointIndexKey('nodes', nodeKeyBytes(node)));
    if (seen.has(key)) throw corrupt(`node ${node.id} appears twice`);
    seen.add(key);
  }
}

/**
 * The store key `hilbertKey ‖ id` of a decoded node (its stored Hilbert key).
 * @param node - a decoded node
 */
export function nodeKeyBytes(node: CheckpointNode): Uint8Array {
  const id = hexToBytes(node.id);
  const key = new Uint8Array(node.hilbertKey.length + id.length);
  key.set(node.hilbertKey);
  key.set(id, node.hilbertKey.length);
  return key;
}

function corrupt(reason: string): NoctemError {
  return new NoctemError('FORMAT_CORRUPT', `Cannot read the home checkpoint: ${reason}`);
}
