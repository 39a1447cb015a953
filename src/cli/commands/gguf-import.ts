/**
 * `noctem import gguf FILE --home NEW`: builds a new home from a GGUF memory export (spec
 * §6.2, GAP-023; daemon/gguf-home.ts). NEW either is a complete home or does not exist. The
 * export holds memory nodes only, so the new home has no documents or text chunks.
 */
import { NoctemError } from '../../core/index.ts';
import { importGgufHome, type GgufImportResult } from '../../daemon/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { absolute } from '../paths.ts';

interface ImportInput {
  readonly file: string;
  readonly name: string;
}

/** The `import gguf` command. */
export const importGgufCommand = defineCommand<ImportInput, GgufImportResult>({
  name: 'import gguf',
  startsWork: true,
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
  run(input, context): Promise<GgufImportResult> {
    const passphrase = context.env['NOCTEM_PASSPHRASE'];
    return importGgufHome(absolute(input.file, context), context.homeRoot, {
      clock: context.clock,
      name: input.name,
      ...(passphrase === undefined || passphrase === '' ? {} : { encryptWith: passphrase }),
    });
  },
  renderText: (o) =>
    `Imported ${o.nodes} memory nodes into a new home at ${o.home}.\n` +
    'The export holds memory nodes only: the home has no documents or text chunks, so search finds nothing until you ingest documents.',
});
