/**
 * `noctem daemon [--tick-ms MS] [--watch DIR] [--reset-drives]`: runs the autonomy tick loop in
 * the foreground (daemon/daemon-loop.ts), and with `--watch` a folder watcher that ingests into
 * memory under the same metabolic locks as the naps (and waits while ATP is low, as under
 * `up`), until SIGTERM or SIGINT, which flush the state and exit
 * 0. Reports the ticks run and the CPU the loop used (for the idle-CPU figure), measured from
 * the loop's start, so opening the home does not count. `--reset-drives` replaces a corrupt
 * saved state with the baseline and exits.
 */
import { limits, NoctemError } from '../../core/index.ts';
import { MetabolicLocks } from '../../autonomy/index.ts';
import { backgroundWorkDeferred, initialAutonomyState, napServiceHook, openMemory, runDaemon, writeAutonomyState, type DaemonReport } from '../../daemon/index.ts';
import { defineCommand } from '../command.ts';
import { withNoctem } from '../open-home.ts';
import { absolute } from '../paths.ts';
import { startWatch } from './watch.ts';

interface DaemonInput {
  readonly tickMs: number;
  readonly resetDrives: boolean;
  /** A folder to watch, or null. */
  readonly watch: string | null;
}

/** The loop's report (without the flushed state) and the process's cost. */
interface DaemonOutput extends Omit<DaemonReport, 'state'> {
  /** Wall time of the loop, in ms. */
  readonly wallMs: number;
  /** CPU time (user + system) of the process during the loop, in ms. */
  readonly cpuMs: number;
  /** cpuMs / wallMs × 100. */
  readonly cpuPercent: number;
  readonly reset: boolean;
}

/** The `daemon` command. */
export const daemonCommand = defineCommand<DaemonInput, DaemonOutput>({
  name: 'daemon',
  summary: 'Run the drives, curiosity and naps in the foreground until stopped',
  usage: '[--tick-ms MS] [--watch DIR] [--reset-drives]',
  options: { 'tick-ms': { type: 'string' }, watch: { type: 'string' }, 'reset-drives': { type: 'boolean', default: false } },
  parse(values): DaemonInput {
    const raw = values['tick-ms'];
    const tickMs = raw === undefined ? 1000 : Number(raw);
    if (!Number.isInteger(tickMs) || tickMs < 1 || tickMs > limits.driveTickMsMax) {
      throw new NoctemError('USAGE', `--tick-ms must be a whole number of milliseconds from 1 to ${limits.driveTickMsMax}`);
    }
    return { tickMs, resetDrives: values['reset-drives'] === true, watch: typeof values['watch'] === 'string' ? values['watch'] : null };
  },
  run: (input, context) =>
    withNoctem(context, async (noctem) => {
      const idle = { ticks: 0, skippedTicks: 0, lateMsMax: 0, goalsAdded: 0, napsDue: 0, napsRun: 0, wallMs: 0, cpuMs: 0, cpuPercent: 0 };
      if (input.resetDrives) {
        noctem.store.write((writer) => writeAutonomyState(writer, initialAutonomyState(noctem.clock.nowMs())));
        return { ...idle, reset: true };
      }
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      const startedMs = performance.now();
      const cpuStart = process.cpuUsage();
      try {
        context.progress(`daemon: ticking every ${input.tickMs} ms; stop with Ctrl-C`);
        const passphrase = context.env['NOCTEM_PASSPHRASE'];
        const locks = new MetabolicLocks();
        // Memory is opened (about a second) only when a watcher needs it now; naps open it lazily.
        const memory = input.watch === null ? undefined : await openMemory(noctem, { env: context.env });
        const watcher = memory === undefined || input.watch === null ? undefined : startWatch(absolute(input.watch, context), memory, noctem, context, undefined, {
          locks, deferred: () => backgroundWorkDeferred(noctem.store, noctem.clock.nowMs()),
        });
        await watcher?.ready;
        // Always said (not only on a TTY): a supervisor or a test can wait for this line.
        if (input.watch !== null) context.stderr.write(`daemon: watching ${absolute(input.watch, context)}\n`);
        const nap = napServiceHook(noctem, async () => memory ?? openMemory(noctem, { env: context.env }), { locks, ...(passphrase ? { passphrase } : {}) });
        const report = await runDaemon(noctem, { tickMs: input.tickMs, signal: controller.signal, nap }).finally(() => watcher?.service.stop());
        const cpu = process.cpuUsage(cpuStart);
        const wallMs = performance.now() - startedMs;
        const cpuMs = (cpu.user + cpu.system) / 1000;
        const { ticks, skippedTicks, lateMsMax, goalsAdded, napsDue, napsRun } = report;
        return { ticks, skippedTicks, lateMsMax, goalsAdded, napsDue, napsRun, wallMs, cpuMs, cpuPercent: wallMs > 0 ? (100 * cpuMs) / wallMs : 0, reset: false };
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
    }),
  renderText: (o) =>
    o.reset
      ? 'The drives, boredom, goals and metabolism are back at their baseline.'
      : `Daemon stopped after ${o.ticks} ticks (${o.skippedTicks} skipped, latest ${o.lateMsMax.toFixed(1)} ms late); ${o.goalsAdded} goals added, ${o.napsRun} of ${o.napsDue} due naps run; CPU ${o.cpuPercent.toFixed(2)} %.`,
});
