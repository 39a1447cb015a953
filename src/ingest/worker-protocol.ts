/**
 * The messages between the pool and an extraction worker process, the parent's check of
 * what a worker sends, and the flow-control ledger both sides keep. Pure.
 *
 * The exchange is built so that a small file costs about one message each way over a
 * batch of files, not a round trip per result:
 * - The parent sends `jobs` in batches: up to a window of jobs (and input bytes) may be in
 *   flight on one worker. The worker runs them one at a time, in order.
 * - The worker sends one `progress` message per finished job (its results and `done`), and
 *   for an archive one per member as it goes. It waits for each message to be written
 *   before it starts more work, so a later crash cannot lose an earlier job's results and
 *   the parent can tell which job was running: the oldest one not yet `done`.
 * - Results are flow-controlled by a window (a count and a size in characters). The
 *   parent acknowledges the results its consumer has taken inside the next `jobs` message,
 *   and sends a separate `ack` only after the worker said `wait` (its window is full), so
 *   a slow consumer slows the worker instead of filling memory.
 *
 * A worker parses hostile files, so the parent treats its messages as untrusted: wrong
 * shapes, unknown codes, results for paths outside the running job, messages out of job
 * order or beyond the window are refused, and the worker is killed.
 */
import { assert, errorCatalog } from '../core/index.ts';
import type { ExtractLimits } from './extract-limits.ts';
import type { ExtractResult } from './extract-result.ts';

/** One file for a worker (read from `sourcePath` unless `bytes` are given). */
export interface JobSpec {
  /** Numbers the worker's jobs in the order sent, from 1. */
  readonly jobId: number;
  readonly path: string;
  readonly sourcePath: string;
  readonly bytes?: Uint8Array;
}

/** The flow-control window for results: see {@link ResultLedger}. */
export interface ResultWindow {
  /** Results sent and not yet taken by the consumer, at most. */
  readonly resultsMax: number;
  /** Characters in those results, at most (one result alone may exceed it). */
  readonly charsMax: number;
}

/** Parent to worker: more jobs, and how many of the worker's results have been taken. */
export interface JobsMessage {
  readonly type: 'jobs';
  readonly jobs: readonly JobSpec[];
  readonly limits: ExtractLimits;
  readonly window: ResultWindow;
  /** Results of this worker the consumer has taken, counted over the worker's life. */
  readonly resultsTaken: number;
}

/** Parent to worker, only after a `wait`: the consumer has taken more results. */
export interface AckMessage {
  readonly type: 'ack';
  readonly resultsTaken: number;
}

/** Any message the parent sends. */
export type ParentMessage = JobsMessage | AckMessage;

/** Worker to parent: started and ready for jobs. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** The worker's resource use so far, sent with each finished job. */
export interface WorkerUsage {
  /** CPU time (user + system) the worker process has used in its life, in ms. */
  readonly cpuMs: number;
  /** V8 heap in use after the job, in bytes. */
  readonly heapUsedBytes: number;
}

/** Worker to parent: results of the running job, and whether it is finished. */
export interface ProgressMessage {
  readonly type: 'progress';
  readonly jobId: number;
  readonly results: readonly ExtractResult[];
  readonly done: boolean;
  /** Only with `done`, and not with every one (the worker reads it now and then). */
  readonly usage?: WorkerUsage;
}

/** Worker to parent: the next result does not fit the window; send an `ack` as results are taken. */
export interface WaitMessage {
  readonly type: 'wait';
}

/** Any message a worker sends. */
export type WorkerMessage = ReadyMessage | ProgressMessage | WaitMessage;

/** The job a progress message is checked against: the oldest one the worker has not finished. */
export interface JobIdentity {
  readonly jobId: number;
  readonly path: string;
  readonly sourcePath: string;
}

/**
 * Checks the shape of a message from a worker, and a progress message against the job
 * that must be running. The window is checked by the caller's {@link ResultLedger}.
 * @param value - what arrived on the IPC channel
 * @param running - the oldest unfinished job, or undefined when none is owed
 * @returns the message, or undefined when it is malformed or about another job or file
 */
export function parseWorkerMessage(value: unknown, running: JobIdentity | undefined): WorkerMessage | undefined {
  if (!isRecord(value)) return undefined;
  if (value['type'] === 'ready') return { type: 'ready' };
  if (value['type'] === 'wait') return { type: 'wait' };
  if (value['type'] !== 'progress' || running === undefined || value['jobId'] !== running.jobId) return undefined;
  const { results, done, usage } = value;
  // A message that neither delivers a result nor finishes the job is no progress, and
  // must not reset the silence timer.
  if (!Array.isArray(results) || typeof done !== 'boolean' || (results.length === 0 && !done)) return undefined;
  if (!results.every((result: unknown) => isValidResult(result, running))) return undefined;
  if (usage === undefined) return { type: 'progress', jobId: running.jobId, results, done };
  if (!done || !isRecord(usage) || !isCount(usage['cpuMs']) || !isCount(usage['heapUsedBytes'])) return undefined;
  const checkedUsage = { cpuMs: usage['cpuMs'], heapUsedBytes: usage['heapUsedBytes'] };
  return { type: 'progress', jobId: running.jobId, results, done, usage: checkedUsage };
}

/**
 * The size of a result for the window, in characters: its text and the strings beside it.
 * Sections are views into the text, so they are counted by their headings only.
 * @param result - a checked result
 */
export function resultChars(result: ExtractResult): number {
  const paths = result.path.length + result.sourcePath.length;
  if (!result.ok) return paths + result.reason.length;
  let headings = 0;
  for (const section of result.sections) headings += section.heading.length;
  return paths + result.title.length + result.text.length + headings;
}

/**
 * The results one side has sent (or received) and not yet seen taken by the consumer.
 * A result may be added when nothing is outstanding, or when it keeps the outstanding
 * results within the window; so one result of any size always gets through, and an
 * honest sender's view (which learns of takes later) is never looser than the receiver's.
 * Invariant: 0 <= taken <= added.
 */
export class ResultLedger {
  readonly #window: ResultWindow;
  readonly #outstandingChars: number[] = [];
  #chars = 0;
  #added = 0;
  #taken = 0;

  /** @param window - the bounds, both positive integers */
  constructor(window: ResultWindow) {
    assert(Number.isSafeInteger(window.resultsMax) && window.resultsMax >= 1, 'the results window is a positive integer');
    assert(Number.isSafeInteger(window.charsMax) && window.charsMax >= 1, 'the chars window is a positive integer');
    this.#window = window;
  }

  /** Results added and not yet taken. */
  get outstanding(): number {
    return this.#added - this.#taken;
  }

  /** Results added over the ledger's life. */
  get added(): number {
    return this.#added;
  }

  /** Results taken over the ledger's life. */
  get taken(): number {
    return this.#taken;
  }

  /** True when a result of `chars` characters may be added now. */
  fits(chars: number): boolean {
    const count = this.outstanding;
    return count === 0 || (count < this.#window.resultsMax && this.#chars + chars <= this.#window.charsMax);
  }

  /** Records a result sent or received; the caller checked {@link fits}. */
  add(chars: number): void {
    this.#outstandingChars.push(chars);
    this.#chars += chars;
    this.#added += 1;
  }

  /**
   * Records that the consumer has taken `total` results over the ledger's life; a stale
   * (smaller) total changes nothing.
   */
  takeUpTo(total: number): void {
    assert(Number.isSafeInteger(total) && total <= this.#added, 'results are taken only after they are added');
    while (this.#taken < total) {
      this.#chars -= this.#outstandingChars.shift() ?? 0;
      this.#taken += 1;
    }
  }
}

function isValidResult(result: unknown, job: JobIdentity): result is ExtractResult {
  if (!isRecord(result) || typeof result['path'] !== 'string') return false;
  const path = result['path'];
  if (result['sourcePath'] !== job.sourcePath) return false;
  if (path !== job.path && !path.startsWith(`${job.path}!/`)) return false;
  if (result['ok'] === true) return isExtractedFile(result);
  if (result['ok'] !== false || typeof result['reason'] !== 'string') return false;
  if (result['skipped'] === true) return true;
  return result['skipped'] === false && typeof result['code'] === 'string' && Object.hasOwn(errorCatalog, result['code']);
}

function isExtractedFile(result: Record<string, unknown>): boolean {
  const strings = ['contentHash', 'kind', 'mime', 'title', 'text'].every((key) => typeof result[key] === 'string');
  return strings && result['skipped'] === false && isCount(result['sizeBytes']) &&
    typeof result['truncated'] === 'boolean' && Array.isArray(result['sections']) && result['sections'].every(isSection);
}

function isSection(section: unknown): boolean {
  return isRecord(section) && typeof section['heading'] === 'string' && typeof section['text'] === 'string' &&
    isCount(section['startChar']);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
