/**
 * `noctem checkpoint [--full] [--out FILE]`: writes a `.nik` checkpoint of the memory, a full
 * snapshot the first time (or with --full) and a differential of what changed since the last
 * checkpoint otherwise (daemon/checkpoint-home.ts). An encrypted home's checkpoints are
 * encrypted with a key from its passphrase, which is asked for once.
 */
import { NoctemError } from '../../core/index.ts';
import { openNoctem, writeHomeCheckpoint, type HomeCheckpointResult, type PassphraseSource } from '../../daemon/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { passphraseSource } from '../open-home.ts';
import { absolute } from '../paths.ts';

interface CheckpointInput {
  readonly full: boolean;
  readonly out: string | undefined;
}

/** The `checkpoint` command. */
export const checkpointCommand = defineCommand<CheckpointInput, HomeCheckpointResult>({
  name: 'checkpoint',
  summary: 'Write a .nik checkpoint of the memory (only what changed since the last one, unless --full)',
  usage: '[--full] [--out FILE]',
  options: { full: { type: 'boolean', default: false }, out: { type: 'string' } },
  parse(values: FlagValues): CheckpointInput {
    const out = values['out'];
    if (out !== undefined && (typeof out !== 'string' || out.trim() === '')) throw new NoctemError('USAGE', '--out needs a file path');
    return { full: values['full'] === true, out };
  },
  async run(input, context) {
    const passphrase = once(passphraseSource(context));
    const noctem = await openNoctem(context.homeRoot, { clock: context.clock, passphrase });
    let result: HomeCheckpointResult;
    try {
      const secret = noctem.config.encryption === null ? undefined : await passphrase();
      result = await writeHomeCheckpoint(noctem, {
        full: input.full,
        ...(input.out === undefined ? {} : { out: absolute(input.out, context) }),
        ...(secret === undefined ? {} : { passphrase: secret }),
      });
    } catch (error) {
      // The command's own error is the one to report; a failure to close after it would hide it.
      await noctem.close().catch(() => undefined);
      throw error;
    }
    await noctem.close();
    return result;
  },
  renderText: (o) =>
    `Wrote ${o.kind === 'full' ? 'a full snapshot' : 'a differential checkpoint'}${o.encrypted ? ' (encrypted)' : ''}: ${o.file}\n` +
    `  ${o.nodes} nodes, ${o.bytes} bytes, Merkle root ${o.merkleRoot}${o.parent === null ? '' : `\n  parent ${o.parent}`}`,
});

/** A passphrase source that asks at most once. */
function once(source: PassphraseSource): PassphraseSource {
  let answer: Promise<string | undefined> | undefined;
  return () => (answer ??= source());
}
