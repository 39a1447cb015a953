/**
 * `noctem restore FILE... --home NEW`: rebuilds a home from a full snapshot and its
 * differentials, given in the order they were written. NEW must not exist; it appears only
 * once complete (daemon/restore-home.ts). The new home has its own identity and audit log.
 */
import { NoctemError } from '../../core/index.ts';
import { restoreHome, type RestoreHomeResult } from '../../daemon/index.ts';
import { defineCommand } from '../command.ts';
import { passphraseSource } from '../open-home.ts';
import { absolute } from '../paths.ts';

/** The `restore` command. */
export const restoreCommand = defineCommand<{ files: string[] }, RestoreHomeResult>({
  name: 'restore',
  summary: 'Restore a new home from a checkpoint chain (the full snapshot first, then its differentials)',
  usage: 'FILE... --home NEW',
  options: {},
  positionals: true,
  parse(_values, positionals): { files: string[] } {
    if (positionals.length === 0 || positionals.some((p) => p === '')) throw new NoctemError('USAGE', 'Give the checkpoint files: the full snapshot first, then its differentials in order');
    return { files: [...positionals] };
  },
  run: (input, context) =>
    restoreHome(input.files.map((file) => absolute(file, context)), context.homeRoot, { clock: context.clock, passphrase: passphraseSource(context) }),
  renderText: (o) => `Restored ${o.nodes} nodes from ${o.files.length} file${o.files.length === 1 ? '' : 's'} into ${o.home}${o.encrypted ? ' (encrypted)' : ''}.\n  Merkle root of the last file: ${o.merkleRoot}`,
});
