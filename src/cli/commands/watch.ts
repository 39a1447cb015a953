/**
 * `noctem watch DIR [--once]`: follows a folder (creations, changes, renames, deletions)
 * through the persistent queue into memory until interrupted; `--once` takes in what is
 * there now and exits. The kill switch stops it as SIGINT does, after the current drain (what
 * is still queued stays queued), and records `kill.halt`; while engaged, the command is refused.
 */
import { mkdirSync } from 'node:fs';
import { NoctemError } from '../../core/index.ts';
import { WatchService, type DrainReport, type WatchServiceOptions } from '../../ingest/index.ts';
import { chargeMetabolism, haltOnKill, watchKillSwitch, type Memory, type Noctem } from '../../daemon/index.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { withMemory } from '../open-memory.ts';
import { absolute } from '../paths.ts';

interface WatchOutput {
  readonly dir: string;
  readonly drains: number;
  readonly ingested: number;
  readonly forgotten: number;
}

/** The `watch` command. */
export const watchCommand = defineCommand<{ dir: string; once: boolean }, WatchOutput>({
  name: 'watch',
  startsWork: true,
  summary: 'Follow a folder and keep the memory in step with it',
  usage: 'DIR [--once]',
  options: { once: { type: 'boolean', default: false } },
  positionals: true,
  parse(values, positionals): { dir: string; once: boolean } {
    if (positionals.length !== 1 || positionals[0] === undefined) throw new NoctemError('USAGE', 'Give exactly one folder to watch');
    return { dir: positionals[0], once: values['once'] === true };
  },
  run: (input, context) =>
    withMemory(context, async (memory, noctem) => {
      const dir = absolute(input.dir, context);
      const totals = { drains: 0, ingested: 0, forgotten: 0 };
      const watcher = startWatch(dir, memory, noctem, context, (report) => {
        totals.drains += 1;
        totals.ingested += report.ingested?.files.ok ?? 0;
        totals.forgotten += report.forgotten;
      });
      const kill = watchKillSwitch(noctem.paths);
      try {
        const follow = async (): Promise<void> => {
          await watcher.ready;
          if (!input.once) await untilInterrupted(kill.signal);
          if (!kill.signal.aborted) await watcher.service.settle();
        };
        kill.signal.addEventListener('abort', () => void watcher.service.stop(), { once: true });
        await haltOnKill(noctem, follow().finally(() => watcher.service.stop()), { signal: kill.signal, process: 'watch' });
      } finally {
        kill.stop();
      }
      return { dir, ...totals };
    }),
  renderText: (o) => `Watched ${o.dir}: ${o.ingested} files ingested, ${o.forgotten} forgotten in ${o.drains} drains.`,
});

/** Starts a watch service on `dir` (created if missing) that logs each drain to stderr. */
export function startWatch(
  dir: string,
  memory: Memory,
  noctem: Noctem,
  context: CommandContext,
  onDrain: (report: DrainReport) => void = () => undefined,
  gate: Pick<WatchServiceOptions, 'locks' | 'deferred'> = {},
): { service: WatchService; ready: Promise<void> } {
  mkdirSync(dir, { recursive: true });
  const service = new WatchService({
    store: noctem.store,
    ingest: memory.ingest,
    clock: noctem.clock,
    ...gate,
    onDrain: (report) => {
      // Each drain's chunks are charged as they land (decisions MC2).
      const chunks = report.ingested?.chunks ?? 0;
      if (chunks > 0) chargeMetabolism(noctem.store, { activity: 'ingestion', count: chunks, nowMs: noctem.clock.nowMs() });
      onDrain(report);
      if (!context.json) {
        const files = report.ingested?.files;
        context.stderr.write(`watch: ${files?.ok ?? 0} ingested, ${files?.unchanged ?? 0} unchanged, ${files?.failed ?? 0} failed, ${report.forgotten} forgotten\n`);
      }
    },
    onError: (error) => context.stderr.write(`watch: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  return { service, ready: service.start(dir) };
}

function untilInterrupted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    signal.addEventListener('abort', stop, { once: true });
  });
}
