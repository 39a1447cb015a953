/**
 * A pool of extraction worker processes (spec §5.3.3, §5.3.4): files are extracted in
 * parallel, each in a child process with memory, CPU and wall-clock limits. A worker that
 * crashes, hangs or runs out of memory costs only its current file, reported as
 * INGEST_WORKER_FAILED; the run goes on and a fresh worker takes its place. Healthy
 * workers are reused (a cold start costs a few hundred ms) until they have used half
 * their CPU budget or run `workerJobsMax` jobs.
 *
 * Backpressure end to end: inputs are pulled only when a worker is free, results wait in a
 * bounded queue, and a worker sends its next result only after the consumer took the last.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { NoctemError, limits } from '../core/index.ts';
import { AsyncSemaphore } from './async-semaphore.ts';
import { BoundedChannel } from './bounded-channel.ts';
import type { ExtractLimits, ExtractLimitsOptions } from './extract-limits.ts';
import { resolveExtractLimits } from './extract-limits.ts';
import type { ExtractResult } from './extract-result.ts';
import { extractFailure } from './extract-result.ts';
import type { ExtractJob } from './fs-file-source.ts';
import type { ExtractChildOptions } from './process-extract-child.ts';
import { ProcessExtractChild } from './process-extract-child.ts';

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
  /** Jobs before a worker is replaced. @default limits.extractWorkerJobsMax */
  readonly workerJobsMax?: number;
  /** Results waiting for the consumer. @default limits.extractResultsQueuedMax */
  readonly resultsQueuedMax?: number;
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
  /** Workers that crashed, hung or ran out of memory. */
  readonly workersFailed: number;
  /** Cold-start time of each worker started, in ms. */
  readonly startMs: readonly number[];
}

/** A pool input: a file to extract, or a result already known (passed through in order). */
export type PoolInput = ExtractJob | ExtractResult;

/** One call of `run`: its result channel and the workers busy on its jobs. */
interface RunState {
  readonly channel: BoundedChannel<ExtractResult>;
  readonly busy: Set<ProcessExtractChild>;
}

/** The worker pool. Invariant: at most `workers` processes exist at once. */
export class ProcessExtractPool {
  readonly #workers: number;
  readonly #timeoutMs: number;
  readonly #workerJobsMax: number;
  readonly #resultsQueuedMax: number;
  readonly #limits: ExtractLimits;
  readonly #childOptions: ExtractChildOptions;
  readonly #signal: AbortSignal | undefined;
  readonly #slots: AsyncSemaphore;
  readonly #idle: ProcessExtractChild[] = [];
  readonly #all = new Set<ProcessExtractChild>();
  readonly #startMs: number[] = [];
  #workersFailed = 0;
  #closed = false;

  /**
   * @param options - sizes, limits and the worker entry
   * @throws {NoctemError} INGEST_OPTIONS_INVALID when an option is out of range
   */
  constructor(options: ExtractPoolOptions = {}) {
    this.#workers = positive('workers', options.workers ?? Math.min(availableParallelism(), limits.extractWorkersMax), limits.extractWorkersMax);
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? limits.extractFileTimeMsMax);
    this.#workerJobsMax = positive('workerJobsMax', options.workerJobsMax ?? limits.extractWorkerJobsMax);
    this.#resultsQueuedMax = positive('resultsQueuedMax', options.resultsQueuedMax ?? limits.extractResultsQueuedMax);
    this.#limits = resolveExtractLimits(options.limits);
    this.#signal = options.signal;
    this.#slots = new AsyncSemaphore(this.#workers);
    this.#childOptions = {
      entryPath: options.workerEntryPath ?? fileURLToPath(new URL(`./process-extract-worker-main${extensionOf(import.meta.url)}`, import.meta.url)),
      heapBytesMax: positive('heapBytesMax', options.heapBytesMax ?? limits.extractWorkerHeapBytesMax),
      dataHeadroomBytes: positive('dataHeadroomBytes', options.dataHeadroomBytes ?? limits.extractWorkerDataHeadroomBytes),
      cpuSecondsMax: positive('cpuSecondsMax', options.cpuSecondsMax ?? limits.extractWorkerCpuSecondsMax),
      startTimeMsMax: limits.extractWorkerStartMsMax,
      stderrTailBytesMax: limits.extractStderrTailBytesMax,
    };
  }

  /** Counters for reports and benchmarks. */
  get stats(): ExtractPoolStats {
    return { workersStarted: this.#startMs.length, workersFailed: this.#workersFailed, startMs: [...this.#startMs] };
  }

  /**
   * Extracts the inputs, yielding results as they finish (not in input order; one input
   * may give many results). Leaving the loop early stops the run and kills busy workers.
   * @param inputs - files to extract, and results to pass through
   * @throws {NoctemError} INGEST_WORKER_FAILED when no worker can be started at all
   */
  async *run(inputs: AsyncIterable<PoolInput> | Iterable<PoolInput>): AsyncGenerator<ExtractResult> {
    if (this.#closed) throw new NoctemError('INGEST_WORKER_FAILED', 'Cannot run: the extraction pool is closed');
    const channel = new BoundedChannel<ExtractResult>(this.#resultsQueuedMax);
    const onAbort = (): void => {
      channel.fail(this.#signal?.reason ?? new Error('aborted'));
      for (const child of this.#all) child.kill();
    };
    this.#signal?.addEventListener('abort', onAbort, { once: true });
    if (this.#signal?.aborted === true) onAbort();
    const run: RunState = { channel, busy: new Set() };
    const feeding = this.#feed(inputs, run).then(() => channel.close(), (error: unknown) => channel.fail(error));
    try {
      yield* channel;
    } finally {
      // A consumer that leaves early must not wait for files it no longer wants.
      for (const child of run.busy) child.kill();
      channel.cancel();
      this.#signal?.removeEventListener('abort', onAbort);
      await feeding;
    }
  }

  /** Kills every worker; the pool cannot run again. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const child of this.#all) child.kill();
    this.#all.clear();
    this.#idle.length = 0;
  }

  async #feed(inputs: AsyncIterable<PoolInput> | Iterable<PoolInput>, run: RunState): Promise<void> {
    const { channel } = run;
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const input of inputs) {
        if (!channel.accepting) break;
        if ('ok' in input) {
          await channel.push(input);
          continue;
        }
        await this.#slots.acquire();
        if (!channel.accepting) {
          this.#slots.release();
          break;
        }
        const task: Promise<void> = this.#runJob(input, run).finally(() => {
          this.#slots.release();
          inFlight.delete(task);
        });
        inFlight.add(task);
      }
    } finally {
      await Promise.all(inFlight);
    }
  }

  async #runJob(job: ExtractJob, run: RunState): Promise<void> {
    const { channel, busy } = run;
    const sourcePath = job.sourcePath ?? job.path;
    let child: ProcessExtractChild;
    try {
      child = await this.#acquireChild();
    } catch (error) {
      // No worker can start (a broken install, not a bad file): end the run with the cause.
      channel.fail(error);
      return;
    }
    if (!channel.accepting) {
      // The run ended while this worker was starting (the consumer left, or it was aborted).
      this.#idle.push(child);
      return;
    }
    const message = { path: job.path, sourcePath, limits: this.#limits, ...(job.bytes === undefined ? {} : { bytes: job.bytes }) };
    busy.add(child);
    const outcome = await child.run(message, this.#timeoutMs, (result) => channel.push(result));
    busy.delete(child);
    if (outcome.kind === 'done' && !this.#worn(child)) {
      this.#idle.push(child);
      return;
    }
    this.#retire(child);
    if (outcome.kind === 'crashed' && channel.accepting) {
      this.#workersFailed += 1;
      await channel.push(extractFailure({ path: job.path, sourcePath }, 'INGEST_WORKER_FAILED', outcome.reason));
    }
  }

  async #acquireChild(): Promise<ProcessExtractChild> {
    for (let child = this.#idle.pop(); child !== undefined; child = this.#idle.pop()) {
      if (child.alive) return child;
      this.#retire(child);
    }
    const { child, startMs } = await ProcessExtractChild.start(this.#childOptions);
    this.#startMs.push(startMs);
    this.#all.add(child);
    if (this.#closed) child.kill();
    return child;
  }

  #worn(child: ProcessExtractChild): boolean {
    const cpuHalfMs = (this.#childOptions.cpuSecondsMax * 1000) / 2;
    const heapHigh = this.#childOptions.heapBytesMax * 0.75;
    return child.jobsRun >= this.#workerJobsMax || child.cpuMs >= cpuHalfMs || child.heapUsedBytes >= heapHigh || this.#closed;
  }

  #retire(child: ProcessExtractChild): void {
    child.kill();
    this.#all.delete(child);
  }
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
