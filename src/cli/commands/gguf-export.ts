/**
 * `noctem export gguf FILE`: writes every memory node of the home as a GGUF file (spec §6.2,
 * layout in docs/formats/gguf.md) for the llama.cpp ecosystem, atomically (temp file, fsync,
 * rename), and records `export.gguf` in the audit log.
 */
import { createHash } from 'node:crypto';
import { NoctemError, limits } from '../../core/index.ts';
import { decodeNodeRecord, type NodeRecord } from '../../manifold/index.ts';
import { ggufFromNodes, isVacuumNode } from '../../persist/index.ts';
import { writeFileAtomic, type StoreReader } from '../../store/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { withNoctem } from '../open-home.ts';
import { absolute } from '../paths.ts';

interface ExportInput {
  readonly file: string;
}

/** What `export gguf` reports. */
export interface GgufExportOutput {
  /** The absolute path written. */
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

/** The `export gguf` command. */
export const exportGgufCommand = defineCommand<ExportInput, GgufExportOutput>({
  name: 'export gguf',
  summary: 'Export the memory nodes as a GGUF file (llama.cpp ecosystem)',
  usage: 'FILE   (an existing FILE is replaced atomically)',
  options: {},
  positionals: true,
  parse(_values: FlagValues, positionals): ExportInput {
    if (positionals.length !== 1 || positionals[0] === undefined || positionals[0] === '') {
      throw new NoctemError('USAGE', 'Give exactly one output FILE');
    }
    return { file: positionals[0] };
  },
  run: (input, context) =>
    withNoctem(context, async (noctem) => {
      const nodes = homeNodes(noctem.store);
      const bytes = ggufFromNodes(nodes);
      const file = absolute(input.file, context);
      await writeFileAtomic(file, bytes).catch((cause: NodeJS.ErrnoException) => {
        if (cause.code === 'ENOENT' || cause.code === 'ENOTDIR') {
          throw new NoctemError('FILE_NOT_FOUND', `Cannot write "${file}": its folder does not exist`, { cause });
        }
        throw cause;
      });
      const vacuum = nodes.filter(isVacuumNode).length;
      const output = { file, nodes: nodes.length, active: nodes.length - vacuum, vacuum, bytes: bytes.length };
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      noctem.audit.append({ actor: 'person', action: 'export.gguf', details: { ...output, sha256 } });
      return output;
    }),
  renderText: (o) => `Exported ${o.nodes} memory nodes (${o.active} active, ${o.vacuum} vacuum) to ${o.file} (${o.bytes} bytes)`,
});

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
