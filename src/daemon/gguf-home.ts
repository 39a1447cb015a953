/**
 * `noctem export gguf` and `noctem import gguf` (spec §6.2; docs/formats/gguf.md "From a home
 * and back"). Export reads every node record of the home, writes the GGUF file atomically and
 * audits `export.gguf`. Import reads and checks the whole file first, then creates a home (a
 * new identity) in a hidden sibling folder of NEW, writes every node with its index entries and
 * k-NN edges and the `import.gguf` audit entry in one transaction, and renames the folder to
 * NEW (fs-checkpoint-files.ts, as restore does): NEW either is a complete home or does not
 * exist, and a crash leaves the sibling for the next import or restore of NEW to remove.
 *
 * A GGUF export holds memory nodes only: the imported home has no documents or text chunks,
 * so search finds nothing until documents are ingested again.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { NoctemError, limits, systemClock, type Clock } from '../core/index.ts';
import { insertNodeRecord } from '../ingest/index.ts';
import { decodeNodeRecord, type NodeRecord } from '../manifold/index.ts';
import { ggufFromNodes, isVacuumNode, nodesFromGguf } from '../persist/index.ts';
import { metaKeys, ordinalOf } from '../recall/index.ts';
import { writeFileAtomic, type StoreReader } from '../store/index.ts';
import { createNoctem, type Noctem } from './compose.ts';
import { pathExists, publishFolder, removeFolder, restoreTempFolder } from './fs-checkpoint-files.ts';

/** What an export wrote (the `--json` output of `noctem export gguf`). */
export interface GgufExportResult {
  /** The file's absolute path. */
  readonly file: string;
  /** Nodes in the file, active and vacuum. */
  readonly nodes: number;
  /** Nodes in the spec's wave tensors (INT-05 active). */
  readonly active: number;
  /** Nodes marked vacuum in the activity mask. */
  readonly vacuum: number;
  /** The file's size in bytes. */
  readonly bytes: number;
}

/**
 * Exports every memory node of `noctem` to `file` (replacing it atomically) and audits it.
 * @param noctem - the open home
 * @param file - absolute path of the GGUF file
 * @throws {NoctemError} GGUF_LIMIT above limits.ggufNodesMax nodes or limits.ggufFileBytesMax
 * @throws {NoctemError} FILE_NOT_FOUND when the file's folder does not exist
 */
export async function exportHomeGguf(noctem: Noctem, file: string): Promise<GgufExportResult> {
  const nodes = homeNodes(noctem.store);
  const bytes = ggufFromNodes(nodes);
  await writeFileAtomic(file, bytes).catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT' || cause.code === 'ENOTDIR') {
      throw new NoctemError('FILE_NOT_FOUND', `Cannot write "${file}": its folder does not exist`, { cause, details: { file } });
    }
    throw cause;
  });
  const vacuum = nodes.filter(isVacuumNode).length;
  const result = { file, nodes: nodes.length, active: nodes.length - vacuum, vacuum, bytes: bytes.length };
  noctem.audit.append({ actor: 'person', action: 'export.gguf', details: { ...result, sha256: sha256Hex(bytes) } });
  return result;
}

/** Options of {@link importGgufHome}. */
export interface ImportGgufOptions {
  /** @default systemClock */
  readonly clock?: Clock;
  /** The new home's name. @default 'Noctem' */
  readonly name?: string;
  /** Encrypt the new home at rest with this passphrase. @default undefined (plain) */
  readonly encryptWith?: string;
}

/** What an import made (the `--json` output of `noctem import gguf`). */
export interface GgufImportResult {
  /** The new home's absolute path. */
  readonly home: string;
  /** Nodes written, active and vacuum. */
  readonly nodes: number;
}

/**
 * Creates a new home at `target` holding the memory nodes of a GGUF export.
 * @param file - absolute path of the GGUF file
 * @param target - absolute path of the new home, which must not exist
 * @param options - clock, name, encryption
 * @throws {NoctemError} HOME_EXISTS when `target` exists; FILE_NOT_FOUND; the GGUF_* codes of
 *   nodesFromGguf for a malformed file (nothing is created then)
 */
export async function importGgufHome(file: string, target: string, options: ImportGgufOptions = {}): Promise<GgufImportResult> {
  if (await pathExists(target)) {
    throw new NoctemError('HOME_EXISTS', `"${target}" already exists: an import creates a new home`, { details: { home: target } });
  }
  const bytes = await readGgufFile(file);
  const nodes = nodesFromGguf(bytes);
  const temp = await restoreTempFolder(target);
  try {
    const noctem = await createNoctem(temp, {
      clock: options.clock ?? systemClock,
      name: options.name ?? 'Noctem',
      ...(options.encryptWith === undefined ? {} : { encryptWith: options.encryptWith }),
    });
    try {
      noctem.store.write((writer) => {
        for (const node of linkOrder(nodes)) insertNodeRecord(writer, node, []);
        writer.put('meta', metaKeys.chunkOrdinalNext, chunkOrdinalAfter(nodes));
        noctem.audit.appendInTransaction(writer, [{ actor: 'person', action: 'import.gguf', details: { file, nodes: nodes.length, sha256: sha256Hex(bytes) } }]);
      });
    } finally {
      await noctem.close();
    }
    await publishFolder(temp, target);
  } catch (error) {
    await removeFolder(temp);
    throw error;
  }
  return { home: target, nodes: nodes.length };
}

/**
 * Every node record of the home, in key order (hilbertKey ‖ id).
 * @throws {NoctemError} GGUF_LIMIT when the home holds more than limits.ggufNodesMax nodes
 */
function homeNodes(store: StoreReader): NodeRecord[] {
  const nodes: NodeRecord[] = [];
  // One past the limit, so an oversized home is refused without decoding all of it.
  for (const { value } of store.range('nodes', { limit: limits.ggufNodesMax + 1 })) {
    nodes.push(decodeNodeRecord(value as Uint8Array));
  }
  if (nodes.length > limits.ggufNodesMax) {
    throw new NoctemError('GGUF_LIMIT', `Cannot export more than ${limits.ggufNodesMax} nodes to GGUF`);
  }
  return nodes;
}

/**
 * The order nodes are linked into the k-NN graph: as they were created, then by id (a hash, so
 * in effect shuffled within one ingestion), the order ingestion linked them. The incremental
 * graph depends on that order: linking in Hilbert order instead gives each node only its
 * curve-order window as candidates, a noticeably worse graph.
 */
function linkOrder(nodes: readonly NodeRecord[]): NodeRecord[] {
  return [...nodes].sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The first chunk ordinal past every id the nodes use. A node's id is its first chunk's id
 * (`chunkIdOf(ordinal)`), so without this the first document ingested into the imported home
 * would give its chunks ordinals 0, 1, … and their nodes the ids of imported nodes.
 */
function chunkOrdinalAfter(nodes: readonly NodeRecord[]): number {
  let next = 0;
  for (const node of nodes) {
    for (const id of [node.id, node.chunkId]) {
      const ordinal = ordinalOf(id);
      if (ordinal !== undefined) next = Math.max(next, ordinal + 1);
    }
  }
  return next;
}

/**
 * The whole GGUF file, after checking it is a regular file within limits.ggufFileBytesMax.
 * @throws {NoctemError} FILE_NOT_FOUND, GGUF_LIMIT
 */
async function readGgufFile(file: string): Promise<Uint8Array> {
  const info = await stat(file).catch((cause: unknown) => {
    throw new NoctemError('FILE_NOT_FOUND', `Cannot read "${file}": it does not exist`, { cause, details: { file } });
  });
  if (!info.isFile()) throw new NoctemError('FILE_NOT_FOUND', `"${file}" is not a file`, { details: { file } });
  if (info.size > limits.ggufFileBytesMax) {
    throw new NoctemError('GGUF_LIMIT', `"${file}" is ${info.size} bytes, more than the GGUF limit of ${limits.ggufFileBytesMax}`, { details: { file } });
  }
  return new Uint8Array(await readFile(file));
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
