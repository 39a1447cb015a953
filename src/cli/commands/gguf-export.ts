/**
 * `noctem export gguf FILE`: writes every memory node of the home as a GGUF file (spec §6.2,
 * layout in docs/formats/gguf.md) for the llama.cpp ecosystem (daemon/gguf-home.ts).
 */
import { NoctemError } from '../../core/index.ts';
import { exportHomeGguf, type GgufExportResult } from '../../daemon/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { withNoctem } from '../open-home.ts';
import { absolute } from '../paths.ts';

interface ExportInput {
  readonly file: string;
}

/** The `export gguf` command. */
export const exportGgufCommand = defineCommand<ExportInput, GgufExportResult>({
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
  run: (input, context) => withNoctem(context, (noctem) => exportHomeGguf(noctem, absolute(input.file, context))),
  renderText: (o) => `Exported ${o.nodes} memory nodes (${o.active} active, ${o.vacuum} vacuum) to ${o.file} (${o.bytes} bytes)`,
});
