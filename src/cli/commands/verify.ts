/**
 * `noctem verify FILE`: checks a `.nik` checkpoint without any home: its structure (magic,
 * version, lengths, CRC32C, Merkle root), then every page decoded and the GAP-014 invariants
 * (metric SPD with the worst condition number, the energy checksum, the torus topology). Exit 1
 * when invalid. An encrypted file needs the passphrase of the home that wrote it.
 */
import { NoctemError } from '../../core/index.ts';
import { verifyCheckpointFile } from '../../daemon/index.ts';
import type { CheckpointVerification } from '../../persist/index.ts';
import { defineCommand } from '../command.ts';
import { passphraseSource } from '../open-home.ts';
import { absolute } from '../paths.ts';

type VerifyOutput = CheckpointVerification & { readonly file: string };

/** The `verify` command. */
export const verifyCommand = defineCommand<{ file: string }, VerifyOutput>({
  name: 'verify',
  summary: 'Verify a .nik checkpoint: structure, Merkle root, and the physical invariants (GAP-014)',
  usage: 'FILE',
  options: {},
  positionals: true,
  parse(_values, positionals): { file: string } {
    const [file] = positionals;
    if (positionals.length !== 1 || file === undefined || file === '') throw new NoctemError('USAGE', 'Give one .nik file to verify');
    return { file };
  },
  run: (input, context) => verifyCheckpointFile(absolute(input.file, context), { passphrase: passphraseSource(context) }),
  renderText: (o) =>
    [
      o.valid
        ? `${o.file} is valid: ${o.kind} checkpoint${o.encrypted ? ' (encrypted)' : ''}, ${o.nodes} nodes, worst metric condition number ${o.conditionNumberMax?.toPrecision(3)}`
        : `${o.file} is INVALID (${o.errors.length} problem${o.errors.length === 1 ? '' : 's'}):`,
      ...o.errors.map((e) => `  [${e.check}] ${e.message}`),
      ...o.warnings.map((w) => `  warning: ${w}`),
      ...(o.merkleRoot === null ? [] : [`  Merkle root ${o.merkleRoot}${o.parent === null ? '' : `, parent ${o.parent}`}`]),
    ].join('\n'),
  exitCode: (o) => (o.valid ? 0 : 1),
});
