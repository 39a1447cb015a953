/**
 * The daemon's tick loop (issue 6 "The daemon", spec §5.1, §6.4): every tick integrates the
 * drives, advances the metabolism, lets boredom rise with the node-energy evenness (or fall
 * when new nodes arrive, which also raise arousal as novelty), turns frontiers into goals when
 * boredom crosses its threshold, and calls the nap hook when a nap is due. The state is saved
 * every `persistEveryTicks` ticks, after curiosity and naps, and when the loop stops.
 *
 * Time: ticks are scheduled at start + k·tickMs on a monotonic clock (performance.now), never
 * by chaining intervals, so lateness does not accumulate. After a stall (suspend, a long nap
 * hook) the missed ticks are integrated at once, up to limits.daemonCatchUpTicksMax; older
 * ones are skipped and counted. Wall time (the Noctem clock) stamps goals, naps and ATP.
 *
 * Other processes may write the state meanwhile (`noctem feedback` applies a dopamine event):
 * each tick reads the revision counter (autonomy-state.ts) and, when it moved, takes the other
 * writer's drives and goals, keeping its own boredom, metabolism and counters.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { assert, limits, rngFromSeedHex, type Clock, type Rng } from '../core/index.ts';
import {
  addGoals, advanceMetabolism, boredomTick, calibrateBoredom, createDriveIntegrator, findFrontier,
  goalsFromFrontier, isBored,
  type BoredomParams, type DriveEvent, type DriveIntegrator, type DriveState, type MetabolismParams,
} from '../autonomy/index.ts';
import { napTriggers, type NapTrigger } from '../nap/index.ts';
import type { Noctem } from './compose.ts';
import { autonomyStateKeys, readAutonomyRevision, readAutonomyState, writeAutonomyState, type AutonomyState } from './autonomy-state.ts';
import { relatedFileSuggester } from './fs-related-files.ts';
import { NodeEnergyCache, goalLabeller, readManifoldGraph } from './manifold-view.ts';
import { napEndedState, napStartedState } from './nap-hook.ts';
import { napLastKey } from './nap-service.ts';
import { homeMetabolismParams } from './metabolic-costs.ts';

/** Runs one nap (nap-service.ts's runNap, closed over the memory and the locks). */
export type NapHook = (request: {
  readonly trigger: NapTrigger;
  readonly drives: DriveState;
  /**
   * The loop's stop signal: a nap not yet in its transaction stops at its safe point by
   * throwing the signal's reason (nothing napped); one in its transaction finishes.
   */
  readonly signal?: AbortSignal;
}) => Promise<void>;

/** A monotonic time source in milliseconds (never goes back). */
export interface MonotonicClock {
  nowMs(): number;
}

/** Options of {@link runDaemon}. */
export interface DaemonOptions {
  /** The tick, 1..limits.driveTickMsMax ms. @default 1000 */
  readonly tickMs?: number;
  /** Stops the loop (SIGTERM, SIGINT, session end); the state is flushed first. */
  readonly signal: AbortSignal;
  /** Wall time for goals, naps and ATP. @default noctem.clock */
  readonly clock?: Clock;
  /** Tick scheduling. @default performance */
  readonly monotonic?: MonotonicClock;
  /** Waits `ms` or until `signal` aborts. @default a setTimeout */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Ticks between saves (a crash loses at most this many). @default 10 */
  readonly persistEveryTicks?: number;
  /** Runs a nap when one is due; without it, due naps are only counted. @default none */
  readonly nap?: NapHook;
  /** Least time between two naps of any trigger, so a low D does not nap every tick. @default 600 000 */
  readonly napSpacingMsMin?: number;
  /** Idle seconds from B = 0 to the curiosity threshold (GAP-036). @default 600 */
  readonly boredomCrossingSeconds?: number;
  /** Seed of the entropy estimator and goal ids (hex). @default 32 bytes from the OS */
  readonly seedHex?: string;
  /** Stop after this many ticks (tests, benchmarks). @default unlimited */
  readonly ticksMax?: number;
  /** Called after every tick with the state and the tick's lateness in ms. */
  readonly onTick?: (state: AutonomyState, lateMs: number) => void;
}

/** What a daemon run did. */
export interface DaemonReport {
  /** Ticks run (catch-up ticks included). */
  readonly ticks: number;
  /** Ticks skipped after stalls longer than limits.daemonCatchUpTicksMax ticks. */
  readonly skippedTicks: number;
  /** The largest lateness of a tick's start past its schedule, in ms. */
  readonly lateMsMax: number;
  /** Goals curiosity added. */
  readonly goalsAdded: number;
  /** Naps due, and naps the hook ran. */
  readonly napsDue: number;
  readonly napsRun: number;
  /** The state flushed at the end. */
  readonly state: AutonomyState;
}

/**
 * Runs the tick loop until `options.signal` aborts (or ticksMax), then saves the state.
 * @param noctem - the open home
 * @param options - tick, signal, clocks, nap hook
 * @throws {NoctemError} AUTONOMY_STATE_CORRUPT when the saved state cannot be read
 */
export async function runDaemon(noctem: Noctem, options: DaemonOptions): Promise<DaemonReport> {
  const loop = new DaemonLoop(noctem, options);
  return loop.run();
}

class DaemonLoop {
  readonly #noctem: Noctem;
  readonly #options: DaemonOptions;
  readonly #tickMs: number;
  readonly #clock: Clock;
  readonly #monotonic: MonotonicClock;
  readonly #integrator: DriveIntegrator;
  readonly #boredom: BoredomParams;
  readonly #metabolism: MetabolismParams;
  readonly #rng: Rng;
  readonly #energies: NodeEnergyCache;
  #state: AutonomyState;
  #revision: number;
  #counts = { ticks: 0, skippedTicks: 0, lateMsMax: 0, goalsAdded: 0, napsDue: 0, napsRun: 0 };

  constructor(noctem: Noctem, options: DaemonOptions) {
    this.#noctem = noctem;
    this.#options = options;
    this.#tickMs = options.tickMs ?? 1000;
    this.#metabolism = homeMetabolismParams(noctem.store);
    this.#clock = options.clock ?? noctem.clock;
    this.#monotonic = options.monotonic ?? { nowMs: () => performance.now() };
    this.#integrator = createDriveIntegrator({ tickMs: this.#tickMs });
    this.#boredom = calibrateBoredom({ tickRateHz: 1000 / this.#tickMs, crossingSeconds: options.boredomCrossingSeconds ?? 600 });
    this.#rng = rngFromSeedHex(options.seedHex ?? randomBytes(32).toString('hex'));
    this.#energies = new NodeEnergyCache(this.#rng);
    assert((options.persistEveryTicks ?? 10) >= 1, 'persist at least every tick');
    this.#state = readAutonomyState(noctem.store, this.#clock.nowMs());
    this.#revision = readAutonomyRevision(noctem.store);
    // A first run counts the memory it finds as known, not as a burst of novelty.
    if (noctem.store.get('meta', autonomyStateKeys.state) === undefined) this.#state = { ...this.#state, nodes: noctem.store.count('nodes') };
  }

  async run(): Promise<DaemonReport> {
    const { signal, ticksMax } = this.#options;
    const sleep = this.#options.sleep ?? abortableSleep;
    const start = this.#monotonic.nowMs();
    let k = 0;
    try {
      while (!signal.aborted && (ticksMax === undefined || this.#counts.ticks < ticksMax)) {
        k += 1;
        const waitMs = start + k * this.#tickMs - this.#monotonic.nowMs();
        if (waitMs > 0) await sleep(waitMs, signal);
        if (signal.aborted) break;
        const lateMs = this.#monotonic.nowMs() - (start + k * this.#tickMs);
        const behind = Math.max(0, Math.floor(lateMs / this.#tickMs));
        const steps = 1 + Math.min(behind, limits.daemonCatchUpTicksMax);
        this.#counts.skippedTicks += behind + 1 - steps;
        this.#counts.lateMsMax = Math.max(this.#counts.lateMsMax, lateMs);
        k += behind;
        await this.#tick(steps);
        this.#options.onTick?.(this.#state, lateMs);
      }
    } finally {
      this.#persist();
    }
    return { ...this.#counts, state: this.#state };
  }

  /** One scheduled tick, integrating `steps` ticks of time (more than one after a stall). */
  async #tick(steps: number): Promise<void> {
    const store = this.#noctem.store;
    if (readAutonomyRevision(store) !== this.#revision) this.#merge(readAutonomyState(store, this.#clock.nowMs()));
    const reading = this.#energies.read(store, this.#monotonic.nowMs());
    const nodes = store.count('nodes');
    const newNodes = Math.max(0, nodes - this.#state.nodes);
    const events: DriveEvent[] = newNodes > 0 ? [{ kind: 'novelty', novelty: Math.min(1, newNodes / this.#boredom.reliefHalfNodes) }] : [];
    const nowMs = Math.max(this.#clock.nowMs(), this.#state.metabolism.atMs);
    const metabolism = advanceMetabolism(this.#state.metabolism, nowMs, this.#metabolism);
    let drives: DriveState = { ...this.#state.drives, atpFraction: metabolism.atp / this.#metabolism.atpMax };
    let boredom = this.#state.boredom;
    for (let i = 0; i < steps; i++) {
      drives = this.#integrator.step(drives, { awake: !metabolism.napping, events: i === 0 ? events : [] });
      boredom = boredomTick(boredom, { evenness: reading.evenness, newNodes: i === 0 ? newNodes : 0 }, this.#boredom);
    }
    this.#state = { ...this.#state, drives, boredom, metabolism, nodes, value: reading.value, ticks: this.#state.ticks + steps };
    this.#counts.ticks += steps;
    let save = this.#state.ticks % (this.#options.persistEveryTicks ?? 10) < steps;
    if (isBored(boredom, this.#boredom)) save = this.#curiosity(nowMs) || save;
    const trigger = this.#napTrigger(nowMs, reading.dirtyNodes);
    if (trigger !== undefined) save = (await this.#nap(trigger)) || save;
    if (save) this.#persist();
  }

  /** Frontiers → goals; boredom resets (the exploration itself). Returns true (save now). */
  #curiosity(nowMs: number): boolean {
    const reader = this.#noctem.store;
    const graph = readManifoldGraph(reader);
    const regions = graph.nodeIds.length === 0 ? [] : findFrontier(graph.input);
    const fresh = goalsFromFrontier(regions, {
      nodeIds: graph.nodeIds, label: goalLabeller(reader, graph), nowMs, rng: this.#rng, suggest: relatedFileSuggester(reader, graph.chunkIds),
    });
    const { goals, added } = addGoals(this.#state.goals, fresh);
    this.#counts.goalsAdded += added.length;
    this.#state = { ...this.#state, goals, boredom: 0 };
    return true;
  }

  /** The first trigger that fires (nap/nap-triggers.ts), unless a nap ended less than napSpacingMsMin ago. */
  #napTrigger(nowMs: number, dirtyNodes: number): NapTrigger | undefined {
    const { drives, metabolism } = this.#state;
    const lastNapAtMs = latestNapAtMs(this.#noctem, this.#state);
    const sinceLastNapMs = lastNapAtMs === null ? undefined : Math.max(0, nowMs - lastNapAtMs);
    if (sinceLastNapMs !== undefined && sinceLastNapMs < (this.#options.napSpacingMsMin ?? 600_000)) return undefined;
    const fired = napTriggers({ dopamine: drives.dopamine, dirtyNodes, manual: false, sinceLastNapMs, atpFraction: metabolism.atp / this.#metabolism.atpMax });
    return fired[0];
  }

  /** Runs the hook between startNap and endNap (ATP recharges meanwhile); true when it ran. */
  async #nap(trigger: NapTrigger): Promise<boolean> {
    this.#counts.napsDue += 1;
    const hook = this.#options.nap;
    const params = this.#metabolism;
    if (hook === undefined) {
      // Without a nap service the trigger is still consumed, so it is not re-raised every tick.
      this.#state = { ...this.#state, lastNapAtMs: this.#clock.nowMs() };
      return false;
    }
    const { signal } = this.#options;
    const before = this.#state;
    this.#state = napStartedState(this.#state, this.#clock.nowMs(), params);
    try {
      await hook({ trigger, drives: this.#state.drives, signal });
    } catch (error) {
      // Stopped at its safe point (the kill switch, SIGTERM): nothing was napped.
      const stopped = signal.aborted && error === signal.reason;
      this.#state = stopped ? before : napEndedState(this.#state, this.#clock.nowMs(), params);
      if (stopped) return false;
      throw error;
    }
    this.#counts.napsRun += 1;
    this.#state = napEndedState(this.#state, this.#clock.nowMs(), params);
    return true;
  }

  /** Takes another writer's drives and goals (they applied events to them), keeping ours. */
  #merge(theirs: AutonomyState): void {
    this.#state = { ...this.#state, drives: { ...theirs.drives, atpFraction: this.#state.drives.atpFraction }, goals: theirs.goals };
    this.#revision = readAutonomyRevision(this.#noctem.store);
  }

  #persist(): void {
    const nowMs = this.#clock.nowMs();
    this.#noctem.store.write((writer) => {
      if (readAutonomyRevision(writer) !== this.#revision) {
        const theirs = readAutonomyState(writer, nowMs);
        this.#state = { ...this.#state, drives: { ...theirs.drives, atpFraction: this.#state.drives.atpFraction }, goals: theirs.goals };
      }
      this.#state = { ...this.#state, savedAtMs: nowMs };
      this.#revision = writeAutonomyState(writer, this.#state);
    });
  }
}

/**
 * When the last nap ended: the daemon's own record or nap-service.ts's `nap.last` (a manual
 * `noctem nap` writes only that), whichever is later; null before the first.
 * @param noctem - the open home
 * @param state - the autonomy state
 */
export function latestNapAtMs(noctem: Pick<Noctem, 'store'>, state: Pick<AutonomyState, 'lastNapAtMs'>): number | null {
  const recorded = noctem.store.get('meta', napLastKey);
  const times = [state.lastNapAtMs, typeof recorded === 'number' ? recorded : null].filter((t): t is number => t !== null);
  return times.length === 0 ? null : Math.max(...times);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
