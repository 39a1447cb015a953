/**
 * A pool of extraction worker processes (spec §5.3.3, §5.3.4): files are extracted in
 * parallel, each worker a child process with memory, CPU and wall-clock limits. A worker
 * that crashes, hangs or runs out of memory costs only the file it was running, reported
 * as INGEST_WORKER_FAILED; the files queued behind it on that worker never started and
 * are re-run on a fresh worker, and the run goes on. Healthy workers are reused (a cold
 * start costs a few hundred ms) until they have used half their CPU budget or been given
 * `workerJobsMax` jobs.
 *
 * Small files are cheap: each worker has a window of jobs in flight (`workerJobsInFlightMax`
 * jobs and `workerInFlightBytesMax` input bytes; a larger file goes alone), refilled in
 * batches once it is half empty, and reports each finished file in one message (see
 * `worker-protocol.ts` and `worker-lane.ts`).
 *
 * Backpressure end to end: inputs are pulled only when a worker has room in its window,
 * results wait in a bounded queue, and a worker stops once it has sent a window of results
 * the consumer has not taken.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { NoctemError, assert, limits } from '../core/index.ts';
import { BoundedChannel } from './bounded-channel.ts';
import type { ExtractLimitsOptions } from './extract-limits.ts';
import { resolveExtractLimits } from './extract-limits.ts';
import type { ExtractResult } from './extract-result.ts';
import { extractFailure } from './extract-result.ts';
import type { ExtractJob } from './fs-file-source.ts';
import type { LaneDeath, WorkerLaneEvents, WorkerLaneOptions } from './worker-lane.ts';
import { WorkerLane } from './worker-lane.ts';

/** Options for {@link ProcessExtractPool}. */
export interface ExtractPoolOptions {
  /** Worker processes at most. @default os.availableParallelism(), at most limits.extractWorkersMax */
  readonly workers?: number;
  /** Silence allowed while a worker owes a result, in ms. @default limits.extractFileTimeMsMax */
  readonly timeoutMs?: number;
  /** V8 heap per worker, in bytes. @default limits.extractWorkerHeapBytesMax */
  readonly heapBytesMax?: number;
  /** Writable memory above the heap per worker, in bytes. @default limits.extractWorkerDataHeadroomBytes */
  readonly dataHeadroomBytes?: number;
  /** CPU seconds over a worker's life. @default limits.extractWorkerCpuSecondsMax */
  readonly cpuSecondsMax?: number;
  /** Jobs given to one worker before it is replaced. @default limits.extractWorkerJobsMax */
  readonly workerJobsMax?: number;
  /** Results waiting for the consumer. @default limits.extractResultsQueuedMax */
  readonly resultsQueuedMax?: number;
  /** Jobs in flight on one worker. @default limits.extractWorkerJobsInFlightMax */
  readonly workerJobsInFlightMax?: number;
  /** Input bytes in flight on one worker (a larger file goes alone). @default limits.extractWorkerInFlightBytesMax */
  readonly workerInFlightBytesMax?: number;
  /** Results one worker may send before the consumer takes them. @default limits.extractWorkerResultsUnackedMax */
  readonly workerResultsUnackedMax?: number;
  /** Characters in those results (one result alone may exceed it). @default limits.extractWorkerResultsUnackedCharsMax */
  readonly workerResultsUnackedCharsMax?: number;
  /** Extraction bounds sent with every job. @default the defaults of `resolveExtractLimits` */
  readonly limits?: ExtractLimitsOptions;
  /** The worker entry module; tests substitute a misbehaving one. @default process-extract-worker-main */
  readonly workerEntryPath?: string;
  /** Stops the run: workers are killed and the iteration throws the signal's reason. @default undefined */
  readonly signal?: AbortSignal;
}

/** What the pool has done so far. */
export interface ExtractPoolStats {
  /** Workers started. */
  readonly workersStarted: number;
  /** Workers that crashed, hung, ran out of memory or broke the protocol. */
  readonly workersFailed: number;
  /** Cold-start time of each worker started, in ms. */
  readonly startMs: readonly number[];
  /** Jobs handed back by a failed worker before they started, and run again. */
  readonly jobsRequeued: number;
}

/** A pool input: a file to extract, or a result already known (passed through in order). */
export type PoolInput = ExtractJob | ExtractResult;

/** One call of `run`: its result channel, the jobs to run again, and deaths still being reported. */
interface RunState {
  readonly channel: BoundedChannel<ExtractResult>;
  readonly requeued: ExtractJob[];
  reportsPending: number;
}

/** The worker pool. Invariant: at most `workers` processes exist at once; one run at a time. */
export class ProcessExtractPool {
  readonly #workers: number;
  readonly #workerJobsMax: number;
  readonly #resultsQueuedMax: number;
  readonly #laneOptions: WorkerLaneOptions;
  readonly #signal: AbortSignal | undefined;
  readonly #lanes = new Set<WorkerLane>();
  readonly #events: WorkerLaneEvents;
  readonly #startMs: number[] = [];
  readonly #started = new WeakSet<WorkerLane>();
  #run: RunState | undefined;
  #wakeFeeder: (() => void) | undefined;
  #workersFailed = 0;
  #jobsRequeued = 0;
  #closed = false;

  /**
   * @param options - sizes, limits and the worker entry
   * @throws {NoctemError} INGEST_OPTIONS_INVALID when an option is out of range
   */
  constructor(options: ExtractPoolOptions = {}) {
    this.#workers = positive('workers', options.workers ?? Math.min(availableParallelism(), limits.extractWorkersMax), limits.extractWorkersMax);
    this.#workerJobsMax = positive('workerJobsMax', options.workerJobsMax ?? limits.extractWorkerJobsMax);
    this.#resultsQueuedMax = positive('resultsQueuedMax', options.resultsQueuedMax ?? limits.extractResultsQueuedMax);
    this.#signal = options.signal;
    this.#laneOptions = laneOptionsOf(options);
    this.#events = {
      deliver: async (result) => (await this.#run?.channel.push(result)) ?? false,
      changed: (lane) => this.#onChanged(lane),
      died: (lane, death) => this.#onDied(lane, death),
    };
  }

  /** Counters for reports and benchmarks. */
  get stats(): ExtractPoolStats {
    const { length } = this.#startMs;
    return { workersStarted: length, workersFailed: this.#workersFailed, startMs: [...this.#startMs], jobsRequeued: this.#jobsRequeued };
  }

  /**
   * Extracts the inputs, yielding results as they finish (not in input order; one input
   * may give many results). Leaving the loop early stops the run and kills busy workers.
   * @param inputs - files to extract, and results to pass through
   * @throws {NoctemError} INGEST_WORKER_FAILED when a worker cannot be started at all
   */
  async *run(inputs: AsyncIterable<PoolInput> | Iterable<PoolInput>): AsyncGenerator<ExtractResult> {
    if (this.#closed) throw new NoctemError('INGEST_WORKER_FAILED', 'Cannot run: the extraction pool is closed');
    assert(this.#run === undefined, 'a ProcessExtractPool runs one run() at a time');
    const run: RunState = { channel: new BoundedChannel<ExtractResult>(this.#resultsQueuedMax), requeued: [], reportsPending: 0 };
    this.#run = run;
    const onAbort = (): void => {
      run.channel.fail(this.#signal?.reason ?? new Error('aborted'));
      this.#dropLanes(() => true);
    };
    this.#signal?.addEventListener('abort', onAbort, { once: true });
    if (this.#signal?.aborted === true) onAbort();
    const feeding = this.#feed(inputs, run).then(() => run.channel.close(), (error: unknown) => run.channel.fail(error));
    try {
      yield* run.channel;
    } finally {
      // A consumer that leaves early must not wait for files it no longer wants.
      this.#dropLanes((lane) => lane.inFlight > 0 || !lane.usable);
      run.channel.cancel();
      this.#signal?.removeEventListener('abort', onAbort);
      await feeding;
      this.#run = undefined;
      this.#dropLanes((lane) => this.#worn(lane));
    }
  }

  /** Kills every worker; the pool cannot run again (a run still going fails). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#run?.channel.fail(new NoctemError('INGEST_WORKER_FAILED', 'The extraction pool was closed during a run'));
    this.#dropLanes(() => true);
  }

  async #feed(inputs: AsyncIterable<PoolInput> | Iterable<PoolInput>, run: RunState): Promise<void> {
    for await (const input of inputs) {
      if (!run.channel.accepting) break;
      if ('ok' in input) await run.channel.push(input);
      else await this.#place(input, run);
    }
    // The input is exhausted: wait for the jobs in flight, and re-run any handed back.
    for (;;) {
      this.#placeRequeued(run);
      const busy = run.requeued.length > 0 || run.reportsPending > 0 || [...this.#lanes].some((lane) => lane.inFlight > 0);
      if (!busy || !run.channel.accepting) return;
      await this.#capacity();
    }
  }

  async #place(job: ExtractJob, run: RunState): Promise<void> {
    for (;;) {
      if (!run.channel.accepting) return;
      this.#placeRequeued(run);
      const lane = run.requeued.length === 0 ? this.#laneFor(job) : undefined;
      if (lane !== undefined) return lane.assign(job);
      await this.#capacity();
    }
  }

  #placeRequeued(run: RunState): void {
    for (let job = run.requeued[0]; job !== undefined && run.channel.accepting; job = run.requeued[0]) {
      const lane = this.#laneFor(job);
      if (lane === undefined) return;
      lane.assign(run.requeued.shift() as ExtractJob);
    }
  }

  /** The least busy worker with room for the job; a new one while every worker has work and fewer than `workers` exist. */
  #laneFor(job: ExtractJob): WorkerLane | undefined {
    let best: WorkerLane | undefined;
    for (const lane of this.#lanes) {
      if (this.#worn(lane) || !lane.canTake(job)) continue;
      if (best === undefined || lane.inFlight < best.inFlight) best = lane;
    }
    if ((best === undefined || best.inFlight > 0) && this.#lanes.size < this.#workers && !this.#closed) {
      const lane = new WorkerLane(this.#laneOptions, this.#events);
      this.#lanes.add(lane);
      return lane;
    }
    return best;
  }

  /** Waits until a worker may have room (half its window free), died, or the run ended. */
  #capacity(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#wakeFeeder = resolve;
    });
  }

  #wake(): void {
    const wake = this.#wakeFeeder;
    this.#wakeFeeder = undefined;
    wake?.();
  }

  #onChanged(lane: WorkerLane): void {
    if (lane.startMs !== undefined && !this.#started.has(lane)) {
      this.#started.add(lane);
      this.#startMs.push(lane.startMs);
    }
    if (lane.inFlight === 0 && this.#worn(lane)) this.#dropLanes((candidate) => candidate === lane);
    if (this.#run !== undefined) this.#placeRequeued(this.#run);
    // Refill only once the window is half empty, so jobs go out in batches.
    if (lane.inFlight <= this.#laneOptions.jobsInFlightMax / 2) this.#wake();
  }

  async #onDied(lane: WorkerLane, death: LaneDeath): Promise<void> {
    this.#lanes.delete(lane);
    const run = this.#run;
    if (death.startError !== undefined) {
      // No worker can start (a broken install, not a bad file): end the run with the cause.
      run?.channel.fail(death.startError);
      this.#wake();
      return;
    }
    this.#workersFailed += 1;
    if (run === undefined) return;
    this.#jobsRequeued += death.requeue.length;
    run.requeued.unshift(...death.requeue);
    run.reportsPending += 1;
    this.#placeRequeued(run);
    if (death.culprit !== undefined) {
      const { path, sourcePath = path } = death.culprit;
      await run.channel.push(extractFailure({ path, sourcePath }, 'INGEST_WORKER_FAILED', death.reason));
    }
    run.reportsPending -= 1;
    this.#wake();
  }

  #worn(lane: WorkerLane): boolean {
    const { cpuSecondsMax, heapBytesMax } = this.#laneOptions.child;
    const cpuHalfMs = (cpuSecondsMax * 1000) / 2;
    return lane.jobsAssigned >= this.#workerJobsMax || lane.cpuMs >= cpuHalfMs || lane.heapUsedBytes >= heapBytesMax * 0.75 || this.#closed;
  }

  #dropLanes(which: (lane: WorkerLane) => boolean): void {
    for (const lane of this.#lanes) {
      if (!which(lane)) continue;
      lane.abandon();
      this.#lanes.delete(lane);
    }
    this.#wake();
  }
}

function laneOptionsOf(options: ExtractPoolOptions): WorkerLaneOptions {
  const entryPath = options.workerEntryPath ?? fileURLToPath(new URL(`./process-extract-worker-main${extensionOf(import.meta.url)}`, import.meta.url));
  return {
    child: {
      entryPath,
      heapBytesMax: positive('heapBytesMax', options.heapBytesMax ?? limits.extractWorkerHeapBytesMax),
      dataHeadroomBytes: positive('dataHeadroomBytes', options.dataHeadroomBytes ?? limits.extractWorkerDataHeadroomBytes),
      cpuSecondsMax: positive('cpuSecondsMax', options.cpuSecondsMax ?? limits.extractWorkerCpuSecondsMax),
      startTimeMsMax: limits.extractWorkerStartMsMax,
      stderrTailBytesMax: limits.extractStderrTailBytesMax,
    },
    limits: resolveExtractLimits(options.limits),
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? limits.extractFileTimeMsMax),
    jobsInFlightMax: positive('workerJobsInFlightMax', options.workerJobsInFlightMax ?? limits.extractWorkerJobsInFlightMax),
    inFlightBytesMax: positive('workerInFlightBytesMax', options.workerInFlightBytesMax ?? limits.extractWorkerInFlightBytesMax),
    window: {
      resultsMax: positive('workerResultsUnackedMax', options.workerResultsUnackedMax ?? limits.extractWorkerResultsUnackedMax),
      charsMax: positive('workerResultsUnackedCharsMax', options.workerResultsUnackedCharsMax ?? limits.extractWorkerResultsUnackedCharsMax),
    },
  };
}

function positive(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) {
    throw new NoctemError('INGEST_OPTIONS_INVALID', `The pool option ${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

function extensionOf(url: string): string {
  return url.endsWith('.ts') ? '.ts' : '.js';
}
