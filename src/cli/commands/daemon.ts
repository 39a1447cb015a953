/**
 * `noctem daemon [--tick-ms MS] [--watch DIR] [--reset-drives]`: runs the autonomy tick loop in
 * the foreground (daemon/daemon-loop.ts), and with `--watch` a folder watcher that ingests into
 * memory under the same metabolic locks as the naps (and waits while ATP is low, as under
 * `up`), until SIGTERM or SIGINT, which flush the state and exit
 * 0. Reports the ticks run and the CPU the loop used (for the idle-CPU figure), measured from
 * the loop's start, so opening the home does not count. `--reset-drives` replaces a corrupt
 * saved state with the baseline and exits.
 *
 * The kill switch (`noctem kill`, or any file at `<home>/KILL`; daemon/fs-kill-switch.ts) is
 * watched throughout: when it appears, the loop stops between ticks, the watcher after its
 * current drain, a nap before its transaction (one already in it finishes); the state is
 * flushed as on SIGTERM, `kill.halt` is audited with the halt's time (daemon/kill-halt.ts), and
 * the process exits 0 within limits.skillKillMsMax. Work still running after
 * limits.killHaltGraceMs is abandoned as a crash would abandon it (forced: true). While the
 * switch is engaged the command is refused (KILL_SWITCH_ENGAGED) until `noctem revive`.
 * SIGTERM keeps its own meaning: it stops this process, flushes and exits 0, but engages
 * nothing, so another daemon or a new one may still start.
 */
import { limits, NoctemError } from '../../core/index.ts';
import { MetabolicLocks } from '../../autonomy/index.ts';
import {
  backgroundWorkDeferred, haltOnKill, initialAutonomyState, napServiceHook, openMemory, runDaemon, watchKillSwitch, writeAutonomyState,
  type DaemonReport, type Noctem,
} from '../../daemon/index.ts';
import { defineCommand, type CommandContext } from '../command.ts';
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
  /** True when the kill switch stopped the daemon. */
  readonly killed: boolean;
  /** From seeing the kill switch to the work stopped, ms; null when not killed. */
  readonly haltMs: number | null;
}

/** The `daemon` command. */
export const daemonCommand = defineCommand<DaemonInput, DaemonOutput>({
  name: 'daemon',
  startsWork: true,
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
      if (input.resetDrives) {
        noctem.store.write((writer) => writeAutonomyState(writer, initialAutonomyState(noctem.clock.nowMs())));
        const idle = { ticks: 0, skippedTicks: 0, lateMsMax: 0, goalsAdded: 0, napsDue: 0, napsRun: 0, wallMs: 0, cpuMs: 0, cpuPercent: 0 };
        return { ...idle, reset: true, killed: false, haltMs: null };
      }
      return runForeground(noctem, input, context);
    }),
  renderText: (o) =>
    o.reset
      ? 'The drives, boredom, goals and metabolism are back at their baseline.'
      : `Daemon stopped${o.killed ? ` by the kill switch (halted in ${(o.haltMs ?? 0).toFixed(1)} ms)` : ''} after ${o.ticks} ticks (${o.skippedTicks} skipped, latest ${o.lateMsMax.toFixed(1)} ms late); ${o.goalsAdded} goals added, ${o.napsRun} of ${o.napsDue} due naps run; CPU ${o.cpuPercent.toFixed(2)} %.`,
});

/** Runs the loop (and the watcher) until SIGTERM, SIGINT or the kill switch, and measures it. */
async function runForeground(noctem: Noctem, input: DaemonInput, context: CommandContext): Promise<DaemonOutput> {
  const kill = watchKillSwitch(noctem.paths);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const startedMs = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    context.progress(`daemon: ticking every ${input.tickMs} ms; stop with Ctrl-C or \`noctem kill\``);
    const signal = AbortSignal.any([controller.signal, kill.signal]);
    const { result, halt } = await haltOnKill(noctem, runWork(noctem, input, context, signal), {
      signal: kill.signal,
      process: 'daemon',
      onOverrun: () => abandon(noctem, context),
    });
    const cpu = process.cpuUsage(cpuStart);
    const wallMs = performance.now() - startedMs;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const { ticks, skippedTicks, lateMsMax, goalsAdded, napsDue, napsRun } = result;
    const cpuPercent = wallMs > 0 ? (100 * cpuMs) / wallMs : 0;
    return { ticks, skippedTicks, lateMsMax, goalsAdded, napsDue, napsRun, wallMs, cpuMs, cpuPercent, reset: false, killed: halt !== null, haltMs: halt?.haltMs ?? null };
  } finally {
    kill.stop();
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}

/** The watcher (with --watch) and the tick loop, both stopping on `signal`. */
async function runWork(noctem: Noctem, input: DaemonInput, context: CommandContext, signal: AbortSignal): Promise<DaemonReport> {
  const passphrase = context.env['NOCTEM_PASSPHRASE'];
  const locks = new MetabolicLocks();
  // Memory is opened (about a second) only when a watcher needs it now; naps open it lazily.
  const memory = input.watch === null ? undefined : await openMemory(noctem, { env: context.env });
  const watcher = memory === undefined || input.watch === null || signal.aborted ? undefined : startWatch(absolute(input.watch, context), memory, noctem, context, undefined, {
    locks, deferred: () => backgroundWorkDeferred(noctem.store, noctem.clock.nowMs()),
  });
  let stopped: Promise<void> | undefined;
  const stopWatcher = (): Promise<void> => (stopped ??= watcher?.service.stop() ?? Promise.resolve());
  // The kill switch stops the watcher at once (after its current drain), not after the loop.
  signal.addEventListener('abort', () => void stopWatcher(), { once: true });
  await watcher?.ready;
  // Always said (not only on a TTY): a supervisor or a test can wait for this line.
  if (watcher !== undefined && input.watch !== null) context.stderr.write(`daemon: watching ${absolute(input.watch, context)}\n`);
  const nap = napServiceHook(noctem, async () => memory ?? openMemory(noctem, { env: context.env }), { locks, ...(passphrase ? { passphrase } : {}) });
  return runDaemon(noctem, { tickMs: input.tickMs, signal, nap }).finally(stopWatcher);
}

/** Ends the process when work overran the kill switch's grace period (kill.halt is recorded). */
function abandon(noctem: Noctem, context: CommandContext): void {
  context.stderr.write('daemon: stopped by the kill switch before its work reached a safe point; it is redone on the next start\n');
  try {
    // Sealing is one synchronous transaction; the store's files are consistent as after a crash.
    noctem.audit.seal();
  } finally {
    process.exit(0);
  }
}
