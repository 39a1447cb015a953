/**
 * `noctem nap`: runs a nap now (trigger 'manual', daemon/nap-service.ts): consolidation,
 * dream weaving and context-vector transport in one transaction, then a differential
 * checkpoint, recorded in the nap history and the audit log. The nap runs at the drives the
 * daemon last saved (the baseline when it never ran), and its effect on them is saved as the
 * daemon's own naps save it (daemon/nap-hook.ts napWithSavedState: serotonin +0.2, ATP
 * recharged for the nap's length, lastNap set). This process holds no metabolic locks; an
 * ingestion in another process is serialized with the nap by the store. Refused while the kill
 * switch is engaged; engaged during the nap, it stops the nap before its transaction
 * (KILL_SWITCH_ENGAGED, nothing napped), or lets a nap already in its transaction finish.
 */
import { isNoctemError, NoctemError } from '../../core/index.ts';
import { napWithSavedState, watchKillSwitch, type NapResult } from '../../daemon/index.ts';
import { MemoryIndex } from '../../recall/index.ts';
import { defineCommand } from '../command.ts';
import { passphraseSource, withNoctem } from '../open-home.ts';

/** The `nap` command. */
export const napCommand = defineCommand<Record<string, never>, NapResult>({
  name: 'nap',
  startsWork: true,
  summary: 'Nap now: consolidate memory, dream, and write a differential checkpoint',
  usage: '',
  options: {},
  parse: () => ({}),
  run: (_input, context) =>
    withNoctem(context, async (noctem) => {
      const passphrase = noctem.config.encryption === null ? undefined : await passphraseSource(context)();
      const kill = watchKillSwitch(noctem.paths);
      try {
        const { run } = await napWithSavedState(noctem, { index: new MemoryIndex(noctem.store) }, { signal: kill.signal, ...(passphrase === undefined ? {} : { passphrase }) });
        return run.result;
      } catch (error) {
        if (!kill.signal.aborted || error !== kill.signal.reason) throw error;
        throw new NoctemError('KILL_SWITCH_ENGAGED', 'The nap stopped before its transaction: the kill switch was engaged', {
          details: isNoctemError(error) ? error.details : {},
        });
      } finally {
        kill.stop();
      }
    }),
  renderText: (o) =>
    `Napped in ${o.ms} ms: ${o.consolidated} consolidated, ${o.pruned} pruned, ${o.dreams} dreams, ${o.transported} transported; ` +
    `${o.checkpoint.kind} checkpoint ${o.checkpoint.file}`,
});
