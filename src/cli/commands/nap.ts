/**
 * `noctem nap`: runs a nap now (trigger 'manual', daemon/nap-service.ts): consolidation,
 * dream weaving and context-vector transport in one transaction, then a differential
 * checkpoint, recorded in the nap history and the audit log. The nap runs at the drives the
 * daemon last saved (the baseline when it never ran), and its effect on them is saved as the
 * daemon's own naps save it (daemon/nap-hook.ts napWithSavedState: serotonin +0.2, ATP
 * recharged for the nap's length, lastNap set). This process holds no metabolic locks; an
 * ingestion in another process is serialized with the nap by the store.
 */
import { napWithSavedState, type NapResult } from '../../daemon/index.ts';
import { MemoryIndex } from '../../recall/index.ts';
import { defineCommand } from '../command.ts';
import { passphraseSource, withNoctem } from '../open-home.ts';

/** The `nap` command. */
export const napCommand = defineCommand<Record<string, never>, NapResult>({
  name: 'nap',
  summary: 'Nap now: consolidate memory, dream, and write a differential checkpoint',
  usage: '',
  options: {},
  parse: () => ({}),
  run: (_input, context) =>
    withNoctem(context, async (noctem) => {
      const passphrase = noctem.config.encryption === null ? undefined : await passphraseSource(context)();
      const { run } = await napWithSavedState(noctem, { index: new MemoryIndex(noctem.store) }, passphrase === undefined ? {} : { passphrase });
      return run.result;
    }),
  renderText: (o) =>
    `Napped in ${o.ms} ms: ${o.consolidated} consolidated, ${o.pruned} pruned, ${o.dreams} dreams, ${o.transported} transported; ` +
    `${o.checkpoint.kind} checkpoint ${o.checkpoint.file}`,
});
