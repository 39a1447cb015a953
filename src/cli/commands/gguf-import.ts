/**
 * `noctem import gguf FILE --home NEW`: builds a new home from a GGUF memory export (spec
 * §6.2; GAP-023). The file is read and checked whole first; then a home is created in a
 * hidden sibling folder, every node is written with its index entries and k-NN edges in one
 * transaction (linked as ingestion links nodes), `import.gguf` is audited, and the folder is
 * renamed to NEW. Any failure removes the sibling, so NEW either is a complete home or does
 * not exist. The export holds memory nodes only: the new home has no documents or text chunks,
 * so search finds nothing until documents are ingested again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NoctemError, limits } from '../../core/index.ts';
import { createNoctem, type Noctem } from '../../daemon/index.ts';
import { insertNodeRecord } from '../../ingest/index.ts';
import type { NodeRecord } from '../../manifold/index.ts';
import { nodesFromGguf } from '../../persist/index.ts';
import { defineCommand, type CommandContext, type FlagValues } from '../command.ts';
import { absolute } from '../paths.ts';

interface ImportInput {
  readonly file: string;
  readonly name: string;
}

/** What `import gguf` reports. */
export interface GgufImportOutput {
  /** The new home's absolute path. */
  readonly home: string;
  /** Nodes written, active and vacuum. */
  readonly nodes: number;
}

/** The `import gguf` command. */
export const importGgufCommand = defineCommand<ImportInput, GgufImportOutput>({
  name: 'import gguf',
  summary: 'Create a new home from a GGUF memory export (nodes only, no documents)',
  usage: 'FILE --home NEW [--name NAME]   (NEW must not exist; NOCTEM_PASSPHRASE set: encrypted at rest)',
  options: { name: { type: 'string' } },
  positionals: true,
  parse(values: FlagValues, positionals): ImportInput {
    if (positionals.length !== 1 || positionals[0] === undefined || positionals[0] === '') {
      throw new NoctemError('USAGE', 'Give exactly one GGUF FILE');
    }
    if (typeof values['home'] !== 'string' || values['home'] === '') {
      throw new NoctemError('USAGE', '--home NEW is required: the folder of the new home, which must not exist');
    }
    const name = typeof values['name'] === 'string' ? values['name'].trim() : 'Noctem';
    if (name === '' || name.length > 200) throw new NoctemError('USAGE', '--name must be 1 to 200 characters');
    return { file: positionals[0], name };
  },
  async run(input, context): Promise<GgufImportOutput> {
    const home = context.homeRoot;
    await refuseExisting(home);
    const file = absolute(input.file, context);
    const bytes = await readGgufFile(file);
    const nodes = nodesFromGguf(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const staging = join(dirname(home), `.${basename(home)}.import-${randomBytes(6).toString('hex')}`);
    let noctem: Noctem | undefined;
    try {
      noctem = await createStagingHome(staging, input.name, context);
      writeNodes(noctem, nodes);
      noctem.audit.append({ actor: 'person', action: 'import.gguf', details: { file, nodes: nodes.length, sha256 } });
      await noctem.close();
      await refuseExisting(home);
      await rename(staging, home);
      await fsyncFolder(dirname(home));
    } catch (error) {
      // The error to report is the one above; closing and removing the staging folder only
      // clean up after it, so their own failures are dropped.
      await noctem?.close().catch(() => undefined);
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    return { home, nodes: nodes.length };
  },
  renderText: (o) =>
    `Imported ${o.nodes} memory nodes into a new home at ${o.home}.\n` +
    'The export holds memory nodes only: the home has no documents or text chunks, so search finds nothing until you ingest documents.',
});

function createStagingHome(staging: string, name: string, context: CommandContext): Promise<Noctem> {
  const passphrase = context.env['NOCTEM_PASSPHRASE'];
  return createNoctem(staging, {
    clock: context.clock,
    name,
    ...(passphrase === undefined || passphrase === '' ? {} : { encryptWith: passphrase }),
  });
}

/**
 * Every node, its index entries and its k-NN edges, in one transaction. Nodes are linked in
 * the order they were created (then by id, a hash, so effectively shuffled within one
 * ingestion), as ingestion linked them. Linking in Hilbert order instead would give each node
 * only its curve-order window as candidates, a noticeably worse graph.
 */
function writeNodes(noctem: Noctem, nodes: readonly NodeRecord[]): void {
  const order = [...nodes].sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  noctem.store.write((writer) => {
    for (const node of order) insertNodeRecord(writer, node, []);
  });
}

async function refuseExisting(home: string): Promise<void> {
  const found = await stat(home).then(() => true, () => false);
  if (found) {
    throw new NoctemError('HOME_EXISTS', `"${home}" already exists; an import creates a new home`, {
      hint: 'Pass --home with a folder that does not exist yet.',
      details: { home },
    });
  }
}

/**
 * The whole GGUF file, after checking it is a regular file within limits.ggufFileBytesMax.
 * @throws {NoctemError} FILE_NOT_FOUND, GGUF_LIMIT
 */
async function readGgufFile(file: string): Promise<Uint8Array> {
  const info = await stat(file).catch((cause: unknown) => {
    throw new NoctemError('FILE_NOT_FOUND', `Cannot read "${file}"`, { cause });
  });
  if (!info.isFile()) throw new NoctemError('FILE_NOT_FOUND', `"${file}" is not a file`);
  if (info.size > limits.ggufFileBytesMax) {
    throw new NoctemError('GGUF_LIMIT', `"${file}" is ${info.size} bytes, more than the GGUF limit of ${limits.ggufFileBytesMax}`);
  }
  return new Uint8Array(await readFile(file));
}

/** Makes the rename durable: fsync of the folder that holds the new entry. */
async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
