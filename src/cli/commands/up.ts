/**
 * `noctem up` (what `npm start` runs): creates the home if it is missing, watches the
 * inbox folder (`./inbox` unless configured), runs the daemon loop (drives, curiosity,
 * naps) beside the session, and opens the interactive session. Without
 * a terminal it reads questions from stdin, one per line, until the input ends.
 * Refused while the kill switch is engaged; engaged meanwhile, it stops the daemon loop and the
 * inbox watcher at their safe points, ends the session (a question being answered finishes)
 * and records `kill.halt`.
 */
import { createInterface } from 'node:readline';
import { isNoctemError } from '../../core/index.ts';
import { MetabolicLocks } from '../../autonomy/index.ts';
import { backgroundWorkDeferred, haltOnKill, napServiceHook, openMemory, openNoctem, runDaemon, watchKillSwitch, type Memory, type Noctem } from '../../daemon/index.ts';
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
  startsWork: true,
  summary: 'Start Noctem: create the home if needed, watch the inbox, open the session',
  usage: '[--name NAME]',
  options: { name: { type: 'string' } },
  parse: (values) => ({ name: typeof values['name'] === 'string' ? values['name'] : 'Noctem' }),
  async run(input, context): Promise<UpOutput> {
    const { noctem, created } = await openOrCreate(context, input.name);
    const kill = watchKillSwitch(noctem.paths);
    try {
      const memory = await openMemory(noctem, { env: context.env });
      const inbox = absolute(memory.config.inbox, context);
      // One set of metabolic locks for the inbox's ingestion and the daemon's naps: a nap waits
      // for a drain in flight, and new drains wait while ATP is below its soft threshold.
      const locks = new MetabolicLocks();
      const watcher = startWatch(inbox, memory, noctem, context, undefined, {
        locks, deferred: () => backgroundWorkDeferred(noctem.store, noctem.clock.nowMs()),
      });
      kill.signal.addEventListener('abort', () => void watcher.service.stop(), { once: true });
      await watcher.ready;
      // The autonomy loop runs beside the session and stops with it (its state flushed).
      const stopDaemon = new AbortController();
      const passphrase = context.env['NOCTEM_PASSPHRASE'];
      const nap = napServiceHook(noctem, async () => memory, { locks, ...(passphrase ? { passphrase } : {}) });
      // A failing loop (a corrupt saved state) stops autonomy, not the session: it is reported.
      const daemon = runDaemon(noctem, { signal: AbortSignal.any([stopDaemon.signal, kill.signal]), nap }).catch((error: unknown) => {
        context.stderr.write(`daemon: ${error instanceof Error ? error.message : String(error)}\n`);
      });
      const session = async (): Promise<number> => {
        try {
          return await runSession(context, memory, noctem, { inbox, watcher, signal: kill.signal });
        } finally {
          stopDaemon.abort();
          await daemon;
          await watcher.service.stop();
        }
      };
      const { result: lines, halt } = await haltOnKill(noctem, session(), { signal: kill.signal, process: 'up' });
      if (halt !== null) context.stderr.write('The kill switch is engaged: Noctem stopped. Run `noctem revive` to start again.\n');
      return { home: noctem.paths.root, inbox, created, lines };
    } finally {
      kill.stop();
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

/** The session: questions from the terminal (or stdin) until it ends, `/quit`, or `signal`. */
async function runSession(
  context: CommandContext,
  memory: Memory,
  noctem: Noctem,
  options: { inbox: string; watcher: ReturnType<typeof startWatch>; signal: AbortSignal },
): Promise<number> {
  let lines = 0;
  // Scripted input (no terminal) asks about what is in the inbox now, so take it in first.
  if (!context.isTty) await options.watcher.service.settle();
  context.stderr.write(`Noctem is up. Home: ${noctem.paths.root}\nDrop documents into ${options.inbox} and ask about them.\n${statusLine(noctem)}\n${sessionHelp}\n`);
  for await (const line of readLines(context, options.signal)) {
    lines += 1;
    const reply = await handleSessionLine(line, memory, noctem);
    if (reply.text !== '') context.stderr.write(`${reply.text}\n`);
    if (reply.quit) break;
  }
  return lines;
}

async function* readLines(context: CommandContext, signal: AbortSignal): AsyncGenerator<string> {
  if (signal.aborted) return;
  const rl = createInterface({ input: process.stdin, output: context.isTty ? process.stderr : undefined, terminal: context.isTty });
  // The kill switch ends the session: closing the interface ends the iteration below.
  const close = (): void => rl.close();
  signal.addEventListener('abort', close, { once: true });
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
    signal.removeEventListener('abort', close);
    rl.close();
  }
}
