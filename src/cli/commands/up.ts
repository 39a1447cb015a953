/**
 * `noctem up` (what `npm start` runs): creates the home if it is missing, watches the
 * inbox folder (`./inbox` unless configured), runs the daemon loop (drives, curiosity,
 * naps) beside the session, and opens the interactive session. Without
 * a terminal it reads questions from stdin, one per line, until the input ends.
 */
import { createInterface } from 'node:readline';
import { isNoctemError } from '../../core/index.ts';
import { MetabolicLocks } from '../../autonomy/index.ts';
import { backgroundWorkDeferred, napServiceHook, openMemory, openNoctem, runDaemon, type Noctem } from '../../daemon/index.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { createHome, passphraseSource } from '../open-home.ts';
import { absolute } from '../paths.ts';
import { handleSessionLine, sessionHelp, statusLine } from '../session.ts';
import { startWatch } from './watch.ts';

interface UpOutput {
  readonly home: string;
  readonly inbox: string;
  readonly created: boolean;
  readonly lines: number;
}

/** The `up` command. */
export const upCommand = defineCommand<{ name: string }, UpOutput>({
  name: 'up',
  summary: 'Start Noctem: create the home if needed, watch the inbox, open the session',
  usage: '[--name NAME]',
  options: { name: { type: 'string' } },
  parse: (values) => ({ name: typeof values['name'] === 'string' ? values['name'] : 'Noctem' }),
  async run(input, context): Promise<UpOutput> {
    const { noctem, created } = await openOrCreate(context, input.name);
    try {
      const memory = await openMemory(noctem, { env: context.env });
      const inbox = absolute(memory.config.inbox, context);
      // One set of metabolic locks for the inbox's ingestion and the daemon's naps: a nap waits
      // for a drain in flight, and new drains wait while ATP is below its soft threshold.
      const locks = new MetabolicLocks();
      const watcher = startWatch(inbox, memory, noctem, context, undefined, {
        locks, deferred: () => backgroundWorkDeferred(noctem.store, noctem.clock.nowMs()),
      });
      await watcher.ready;
      // The autonomy loop runs beside the session and stops with it (its state flushed).
      const stopDaemon = new AbortController();
      const passphrase = context.env['NOCTEM_PASSPHRASE'];
      const nap = napServiceHook(noctem, async () => memory, { locks, ...(passphrase ? { passphrase } : {}) });
      // A failing loop (a corrupt saved state) stops autonomy, not the session: it is reported.
      const daemon = runDaemon(noctem, { signal: stopDaemon.signal, nap }).catch((error: unknown) => {
        context.stderr.write(`daemon: ${error instanceof Error ? error.message : String(error)}\n`);
      });
      let lines = 0;
      try {
        // Scripted input (no terminal) asks about what is in the inbox now, so take it in first.
        if (!context.isTty) await watcher.service.settle();
        context.stderr.write(`Noctem is up. Home: ${noctem.paths.root}\nDrop documents into ${inbox} and ask about them.\n${statusLine(noctem)}\n${sessionHelp}\n`);
        for await (const line of readLines(context)) {
          lines += 1;
          const reply = await handleSessionLine(line, memory, noctem);
          if (reply.text !== '') context.stderr.write(`${reply.text}\n`);
          if (reply.quit) break;
        }
      } finally {
        stopDaemon.abort();
        await daemon;
      }
      await watcher.service.stop();
      return { home: noctem.paths.root, inbox, created, lines };
    } finally {
      await noctem.close();
    }
  },
  renderText: (o) => `Noctem stopped (${o.lines} lines handled).`,
});

async function openOrCreate(context: CommandContext, name: string): Promise<{ noctem: Noctem; created: boolean }> {
  try {
    return { noctem: await openNoctem(context.homeRoot, { clock: context.clock, passphrase: passphraseSource(context) }), created: false };
  } catch (error) {
    if (!isNoctemError(error, 'HOME_NOT_FOUND')) throw error;
    const passphrase = context.env['NOCTEM_PASSPHRASE'];
    const noctem = await createHome(context, { name, ...(passphrase ? { encryptWith: passphrase } : {}) });
    return { noctem, created: true };
  }
}

async function* readLines(context: CommandContext): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, output: context.isTty ? process.stderr : undefined, terminal: context.isTty });
  if (context.isTty) {
    rl.setPrompt('noctem> ');
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      yield line;
      if (context.isTty) rl.prompt();
    }
  } finally {
    rl.close();
  }
}
