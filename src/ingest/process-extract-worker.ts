/**
 * The extraction worker: the loop that runs inside each child process of the pool. It
 * queues the jobs the parent sends (a bounded window of them), runs them one at a time in
 * order, reads each file unless the parent sent its bytes, and reports each finished job
 * in one `progress` message (see `worker-protocol.ts`). Results are flow-controlled: when
 * the next result does not fit the window the worker says `wait` and stops until the
 * parent acknowledges, so a slow consumer slows the worker instead of filling memory.
 *
 * Every message is handed to the operating system before more work starts, so a parser
 * that crashes, hangs or exhausts memory takes down only this process and the job it was
 * running; the pool reports that file, starts another worker and re-runs the jobs that
 * were queued behind it.
 */
import { getHeapStatistics } from 'node:v8';
import { assert } from '../core/index.ts';
import { extractBuffer } from './extract-buffer.ts';
import type { ExtractBufferInput } from './extract-buffer.ts';
import type { ExtractLimits } from './extract-limits.ts';
import type { ExtractResult } from './extract-result.ts';
import { readFileCapped } from './fs-file-source.ts';
import { startOrphanWatchdog } from './orphan-watchdog.ts';
import type { JobSpec, ParentMessage, ProgressMessage, ReadyMessage, ResultWindow, WaitMessage, WorkerUsage } from './worker-protocol.ts';
import { ResultLedger, resultChars } from './worker-protocol.ts';

/** The extraction a worker runs for each file. */
export type ExtractFunction = (input: ExtractBufferInput, limits: ExtractLimits) => AsyncIterable<ExtractResult>;

/** Options for {@link serveExtractWorker}. */
export interface ExtractWorkerOptions {
  /** Replaces the extraction (tests use it to misbehave on purpose). @default extractBuffer */
  readonly extract?: ExtractFunction;
}

interface QueuedJob {
  readonly spec: JobSpec;
  readonly limits: ExtractLimits;
}

type Post = (message: ProgressMessage | ReadyMessage | WaitMessage) => Promise<void>;

// Resource use goes with a finished job when the queue runs dry, and otherwise at most this
// often: read after every small file, it took about a tenth of a worker's time in a CPU
// profile. The pool only recycles on it, where a few jobs' lag does not matter.
const usageIntervalMs = 100;

/**
 * Serves extraction jobs on this process's IPC channel until the parent disconnects.
 * @param options - the extraction to run
 */
export function serveExtractWorker(options: ExtractWorkerOptions = {}): void {
  const send = process.send?.bind(process);
  assert(send !== undefined, 'serveExtractWorker() runs only in a child process with an IPC channel');
  // Resolves once the message is handed to the OS (at once for a small one), or the channel is gone.
  const post: Post = (message) => new Promise<void>((resolve) => {
    send(message, () => resolve());
  });
  const outbox = new ResultOutbox(post);
  const queue: QueuedJob[] = [];
  let running = false;
  const runQueue = async (extract: ExtractFunction): Promise<void> => {
    running = true;
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await runJob(next, extract, outbox, () => queue.length === 0);
    running = false;
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'jobs') {
      outbox.configure(message.window);
      for (const spec of message.jobs) queue.push({ spec, limits: message.limits });
    }
    outbox.taken(message.resultsTaken);
    if (!running && queue.length > 0) void runQueue(options.extract ?? extractBuffer);
  });
  // The parent went away (it exited or closed the pool): nothing is left to do. The
  // watchdog covers a parent that dies while this process is stuck in a parser.
  process.on('disconnect', () => process.exit(0));
  startOrphanWatchdog();
  void post({ type: 'ready' });
}

/**
 * Runs one job. A result for the job's own path is always its last (extractBuffer ends
 * after reporting the root file itself), so it is held back and sent with `done` in one
 * message; archive members are sent one by one, as they come, before the next is parsed.
 */
async function runJob(job: QueuedJob, extract: ExtractFunction, outbox: ResultOutbox, lastQueued: () => boolean): Promise<void> {
  const { spec } = job;
  let held: ExtractResult | undefined;
  for await (const result of resultsOf(job, extract)) {
    if (held !== undefined) {
      // A custom extraction reported the root before a member: keep the order anyway.
      await outbox.send(spec.jobId, held, false);
      held = undefined;
    }
    if (result.path === spec.path) held = result;
    else await outbox.send(spec.jobId, result, false);
  }
  await outbox.send(spec.jobId, held, true, lastQueued());
}

async function* resultsOf(job: QueuedJob, extract: ExtractFunction): AsyncGenerator<ExtractResult> {
  const { spec, limits } = job;
  let bytes = spec.bytes;
  if (bytes === undefined) {
    const read = await readFileCapped(spec.path, spec.sourcePath, limits.fileSizeBytesMax);
    if (!read.ok) {
      yield read.result;
      return;
    }
    bytes = read.bytes;
  }
  yield* extract({ path: spec.path, sourcePath: spec.sourcePath, bytes }, limits);
}

/** Sends results within the flow-control window, waiting for acks when it is full. */
class ResultOutbox {
  readonly #post: Post;
  #ledger: ResultLedger | undefined;
  #takenTotal = 0;
  #ackWaiter: (() => void) | undefined;
  #usageSentAt = Number.NEGATIVE_INFINITY;

  constructor(post: Post) {
    this.#post = post;
  }

  /** Takes the window from the first jobs message (the same for the worker's life). */
  configure(window: ResultWindow): void {
    this.#ledger ??= new ResultLedger(window);
    this.#ledger.takeUpTo(this.#takenTotal);
  }

  /** Records the parent's count of results taken and wakes a send waiting for room. */
  taken(total: number): void {
    this.#takenTotal = Math.max(this.#takenTotal, total);
    this.#ledger?.takeUpTo(this.#takenTotal);
    const waiter = this.#ackWaiter;
    this.#ackWaiter = undefined;
    waiter?.();
  }

  /** Sends one result (or none) of a job, with `done` when it is finished, and the usage now and then. */
  async send(jobId: number, result: ExtractResult | undefined, done: boolean, queueEmpty = false): Promise<void> {
    const ledger = this.#ledger;
    assert(ledger !== undefined, 'a job arrives with its window');
    if (result !== undefined) {
      const chars = resultChars(result);
      if (!ledger.fits(chars)) await this.#post({ type: 'wait' });
      while (!ledger.fits(chars)) await new Promise<void>((resolve) => (this.#ackWaiter = resolve));
      ledger.add(chars);
    }
    const results = result === undefined ? [] : [result];
    const now = performance.now();
    const withUsage = done && (queueEmpty || now - this.#usageSentAt >= usageIntervalMs);
    if (withUsage) this.#usageSentAt = now;
    await this.#post({ type: 'progress', jobId, results, done, ...(withUsage ? { usage: usage() } : {}) });
  }
}

function usage(): WorkerUsage {
  const cpu = process.cpuUsage();
  return { cpuMs: (cpu.user + cpu.system) / 1000, heapUsedBytes: getHeapStatistics().used_heap_size };
}
