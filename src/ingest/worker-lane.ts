/**
 * The parent's side of the protocol with one extraction worker (see `worker-protocol.ts`):
 * the window of jobs in flight on it, the checks on what it sends, the flow control of its
 * results, and the silence watchdog. The pool decides which lane gets which job.
 *
 * Jobs assigned in the same turn of the event loop go out in one message. The worker runs
 * them in order, so the oldest job not yet reported done is the one running. When the
 * worker dies (it crashed, ran out of memory or CPU, broke the protocol, or was silent for
 * `timeoutMs` while it owed a result), the results it sent first are all delivered, then
 * the running job is reported as the culprit and the jobs queued behind it, which never
 * started, are handed back to be re-run on another worker. Time a worker spends waiting
 * for the consumer (after a `wait`) does not count as silence.
 */
import type { ExtractLimits } from './extract-limits.ts';
import type { ExtractResult } from './extract-result.ts';
import type { ExtractJob } from './fs-file-source.ts';
import type { ExtractChildOptions } from './process-extract-child.ts';
import { ProcessExtractChild } from './process-extract-child.ts';
import type { JobIdentity, JobSpec, ProgressMessage, ResultWindow } from './worker-protocol.ts';
import { ResultLedger, parseWorkerMessage, resultChars } from './worker-protocol.ts';

/** How a lane runs its worker. */
export interface WorkerLaneOptions {
  /** How the process starts. */
  readonly child: ExtractChildOptions;
  /** Extraction bounds sent with every job. */
  readonly limits: ExtractLimits;
  /** Silence allowed while the worker owes a result, in ms. */
  readonly timeoutMs: number;
  /** Jobs in flight on the worker, at most. */
  readonly jobsInFlightMax: number;
  /** Input bytes in flight on the worker, at most (a larger job goes alone). */
  readonly inFlightBytesMax: number;
  /** The results window. */
  readonly window: ResultWindow;
}

/** How a worker ended, for the pool. */
export interface LaneDeath {
  /** A sentence saying why. */
  readonly reason: string;
  /** The job that was running, if any: it is reported failed. */
  readonly culprit?: ExtractJob;
  /** Jobs sent but never started: run them elsewhere. */
  readonly requeue: readonly ExtractJob[];
  /** Set when the worker never started (the cause, a NoctemError). */
  readonly startError?: unknown;
}

/** What a lane tells the pool. */
export interface WorkerLaneEvents {
  /** Passes a checked result on; resolves false when the run no longer wants results. */
  deliver(result: ExtractResult): Promise<boolean>;
  /** The lane became ready, or a job finished: it may take more. */
  changed(lane: WorkerLane): void;
  /** The worker is gone; called once, after every result it sent was delivered. */
  died(lane: WorkerLane, death: LaneDeath): Promise<void>;
}

interface InFlight {
  readonly identity: JobIdentity;
  readonly job: ExtractJob;
  readonly sizeBytes: number;
  /** Set once the job went out (or a send was tried): from then on a death may be its fault. */
  sent: boolean;
  /** Results received for it. */
  results: number;
}

type LaneState = 'starting' | 'ready' | 'dead';

/** One worker and its window. Invariant: at most `jobsInFlightMax` jobs in flight. */
export class WorkerLane {
  readonly #options: WorkerLaneOptions;
  readonly #events: WorkerLaneEvents;
  readonly #inFlight: InFlight[] = [];
  readonly #unsent: { readonly entry: InFlight; readonly spec: JobSpec }[] = [];
  readonly #inbox: ProgressMessage[] = [];
  readonly #ledger: ResultLedger;
  #child: ProcessExtractChild | undefined;
  #state: LaneState = 'starting';
  #startMs: number | undefined;
  #reported = 0;
  #inFlightBytes = 0;
  #nextJobId = 1;
  #jobsAssigned = 0;
  #cpuMs = 0;
  #heapUsedBytes = 0;
  #ackedTotal = 0;
  #waiting = false;
  #flushing = false;
  #delivering = false;
  #killReason: string | undefined;
  #timedOut = false;
  #timer: NodeJS.Timeout | undefined;
  #ended: Promise<string> | undefined;

  /**
   * Starts a worker in the background; jobs may be assigned at once and go out when it is ready.
   * @param options - process options, limits and windows
   * @param events - where results, capacity and deaths are reported
   */
  constructor(options: WorkerLaneOptions, events: WorkerLaneEvents) {
    this.#options = options;
    this.#events = events;
    this.#ledger = new ResultLedger(options.window);
    void ProcessExtractChild.start(options.child).then(
      ({ child, startMs }) => this.#onStarted(child, startMs),
      (error: unknown) => this.#onStartFailed(error),
    );
  }

  /** Cold-start time in ms, once started. */
  get startMs(): number | undefined {
    return this.#startMs;
  }

  /** Jobs sent (or about to be) and not yet finished. */
  get inFlight(): number {
    return this.#inFlight.length;
  }

  /** Jobs assigned over the worker's life. */
  get jobsAssigned(): number {
    return this.#jobsAssigned;
  }

  /** CPU time the worker has used, in ms, as of its last finished job. */
  get cpuMs(): number {
    return this.#cpuMs;
  }

  /** Heap in use after its last finished job, in bytes. */
  get heapUsedBytes(): number {
    return this.#heapUsedBytes;
  }

  /** False once the worker is dead or being killed. */
  get usable(): boolean {
    return this.#state !== 'dead' && this.#killReason === undefined;
  }

  /** True when the window has room for this job. */
  canTake(job: ExtractJob): boolean {
    if (!this.usable || this.#inFlight.length >= this.#options.jobsInFlightMax) return false;
    return this.#inFlight.length === 0 || this.#inFlightBytes + sizeOf(job) <= this.#options.inFlightBytesMax;
  }

  /** Adds a job to the window; it is sent with the others assigned in this turn. The caller checked {@link canTake}. */
  assign(job: ExtractJob): void {
    const jobId = this.#nextJobId++;
    const sourcePath = job.sourcePath ?? job.path;
    const entry: InFlight = { identity: { jobId, path: job.path, sourcePath }, job, sizeBytes: sizeOf(job), sent: false, results: 0 };
    this.#inFlight.push(entry);
    this.#inFlightBytes += entry.sizeBytes;
    this.#jobsAssigned += 1;
    this.#unsent.push({ entry, spec: { jobId, path: job.path, sourcePath, ...(job.bytes === undefined ? {} : { bytes: job.bytes }) } });
    if (this.#state === 'ready' && !this.#flushing) {
      this.#flushing = true;
      setImmediate(() => this.#flush());
    }
  }

  /** Kills the worker without reporting its jobs (the run is over). */
  abandon(): void {
    this.#state = 'dead';
    clearTimeout(this.#timer);
    this.#child?.abandon();
  }

  #onStarted(child: ProcessExtractChild, startMs: number): void {
    this.#startMs = startMs;
    if (this.#state === 'dead') return child.abandon();
    this.#child = child;
    this.#state = 'ready';
    child.onMessage((raw) => this.#onMessage(raw));
    this.#ended = child.ended;
    void child.ended.then(() => this.#onEnded());
    this.#flush();
    this.#events.changed(this);
  }

  #onStartFailed(error: unknown): void {
    if (this.#state === 'dead') return;
    this.#state = 'dead';
    const requeue = this.#inFlight.splice(0).map((entry) => entry.job);
    void this.#events.died(this, { reason: String(error), requeue, startError: error });
  }

  #flush(): void {
    this.#flushing = false;
    if (this.#state !== 'ready' || this.#unsent.length === 0) return;
    const unsent = this.#unsent.splice(0);
    for (const { entry } of unsent) entry.sent = true;
    const jobs = unsent.map(({ spec }) => spec);
    const { limits, window } = this.#options;
    this.#ackedTotal = this.#ledger.taken;
    if (!this.#child?.post({ type: 'jobs', jobs, limits, window, resultsTaken: this.#ackedTotal })) {
      return this.#kill('The extraction worker closed its channel');
    }
    // A steady stream of jobs must not postpone the kill of a worker that owes a result.
    if (this.#timer === undefined) this.#watch();
  }

  #onMessage(raw: unknown): void {
    // After a timeout kill, results already on their way are still good; after a broken
    // rule, nothing more from this worker is.
    if (this.#state !== 'ready' || (this.#killReason !== undefined && !this.#timedOut)) return;
    const running = this.#inFlight[this.#reported];
    const message = parseWorkerMessage(raw, running?.sent === true ? running.identity : undefined);
    if (message === undefined || message.type === 'ready') return this.#kill('The extraction worker sent a malformed message');
    if (message.type === 'wait') return this.#onWait();
    for (const result of message.results) {
      const chars = resultChars(result);
      if (!this.#ledger.fits(chars)) return this.#kill('The extraction worker sent more results than its window allows');
      this.#ledger.add(chars);
    }
    if (running !== undefined) running.results += message.results.length;
    // Every file gets at least one result; a job "done" without one would vanish silently.
    if (message.done && running?.results === 0) return this.#kill('The extraction worker finished a job without a result');
    // One file gives at most one result per archive entry and one for itself: a worker
    // streaming more is not making progress, however well formed its messages.
    if ((running?.results ?? 0) > this.#options.limits.archiveEntriesMax + 1) {
      return this.#kill('The extraction worker sent more results than one file can have');
    }
    if (message.done) this.#reported += 1;
    if (message.usage !== undefined) {
      this.#cpuMs = message.usage.cpuMs;
      this.#heapUsedBytes = message.usage.heapUsedBytes;
    }
    this.#waiting = false;
    this.#watch();
    this.#inbox.push(message);
    void this.#deliverInbox();
  }

  #onWait(): void {
    if (this.#ledger.taken > this.#ackedTotal) this.#ack();
    // Only results the consumer still has to take excuse the worker's silence; a `wait`
    // without them leaves the silence timer running, so it cannot be used to stall.
    const wasWaiting = this.#waiting;
    this.#waiting = this.#ledger.outstanding > 0;
    if (this.#waiting !== wasWaiting) this.#watch();
  }

  #ack(): void {
    this.#ackedTotal = this.#ledger.taken;
    if (!this.#child?.post({ type: 'ack', resultsTaken: this.#ackedTotal })) this.#kill('The extraction worker closed its channel');
  }

  async #deliverInbox(): Promise<void> {
    if (this.#delivering) return;
    this.#delivering = true;
    for (let message = this.#inbox.shift(); message !== undefined; message = this.#inbox.shift()) {
      for (const result of message.results) {
        if (!(await this.#events.deliver(result))) return this.abandon();
        this.#ledger.takeUpTo(this.#ledger.taken + 1);
        if (this.#waiting) this.#afterTakeWhileWaiting();
      }
      if (message.done) this.#finishOldest();
    }
    this.#delivering = false;
    if (this.#state === 'dead') await this.#reportDeath();
  }

  #afterTakeWhileWaiting(): void {
    this.#ack();
    if (this.#ledger.outstanding > 0) return;
    this.#waiting = false;
    this.#watch();
  }

  #finishOldest(): void {
    const finished = this.#inFlight.shift();
    this.#reported -= 1;
    if (finished !== undefined) this.#inFlightBytes -= finished.sizeBytes;
    if (this.#state !== 'dead') this.#events.changed(this);
  }

  /** (Re)starts the silence timer while the worker owes a result, else stops it. */
  #watch(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const sentJobs = this.#inFlight.length - this.#unsent.length;
    const owes = this.#state === 'ready' && this.#killReason === undefined && this.#reported < sentJobs && !this.#waiting;
    if (!owes) return;
    const { timeoutMs } = this.#options;
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#kill(`The extraction worker was killed after ${timeoutMs} ms without finishing`);
    }, timeoutMs);
  }

  #kill(reason: string): void {
    if (this.#killReason !== undefined || this.#state === 'dead') return;
    this.#killReason = reason;
    clearTimeout(this.#timer);
    this.#child?.kill();
  }

  async #onEnded(): Promise<void> {
    if (this.#state === 'dead') return;
    this.#state = 'dead';
    clearTimeout(this.#timer);
    if (!this.#delivering) await this.#reportDeath();
  }

  async #reportDeath(): Promise<void> {
    const reason = this.#killReason ?? (await this.#ended) ?? 'The extraction worker ended';
    const left = this.#inFlight.splice(0);
    this.#unsent.length = 0;
    // The oldest job sent is the one that was running; a job never sent cannot be at fault.
    const running = left[0]?.sent === true ? left.shift() : undefined;
    const requeue = left.map((entry) => entry.job);
    await this.#events.died(this, { reason, requeue, ...(running === undefined ? {} : { culprit: running.job }) });
  }
}

function sizeOf(job: ExtractJob): number {
  return job.bytes?.length ?? 0;
}
