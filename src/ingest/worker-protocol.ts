/**
 * The messages between the pool and an extraction worker process, and the parent's check
 * of what a worker sends. A worker parses hostile files, so the parent treats its messages
 * as untrusted: wrong shapes, unknown codes, or results for paths outside the job are
 * refused, and the worker is killed. Pure.
 */
import { errorCatalog } from '../core/index.ts';
import type { ExtractLimits } from './extract-limits.ts';
import type { ExtractResult } from './extract-result.ts';

/** Parent to worker: extract one file (read from `sourcePath` unless `bytes` are given). */
export interface JobMessage {
  readonly type: 'job';
  readonly jobId: number;
  readonly path: string;
  readonly sourcePath: string;
  readonly bytes?: Uint8Array;
  readonly limits: ExtractLimits;
}

/** Parent to worker: the consumer took the last result; send the next. */
export interface AckMessage {
  readonly type: 'ack';
  readonly jobId: number;
}

/** Any message the parent sends. */
export type ParentMessage = JobMessage | AckMessage;

/** Worker to parent: started and ready for jobs. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** Worker to parent: one result of the current job; the worker waits for an ack. */
export interface ResultMessage {
  readonly type: 'result';
  readonly jobId: number;
  readonly result: ExtractResult;
}

/** Worker to parent: the job is finished, with the worker's resource use so far. */
export interface DoneMessage {
  readonly type: 'done';
  readonly jobId: number;
  /** CPU time (user + system) the worker process has used in its life, in ms. */
  readonly cpuMs: number;
  /** V8 heap in use after the job, in bytes. */
  readonly heapUsedBytes: number;
}

/** Any message a worker sends. */
export type WorkerMessage = ReadyMessage | ResultMessage | DoneMessage;

/** The job a message is checked against. */
export interface JobIdentity {
  readonly jobId: number;
  readonly path: string;
  readonly sourcePath: string;
}

/**
 * Checks a message from a worker.
 * @param value - what arrived on the IPC channel
 * @param job - the job in progress, or undefined before the first job
 * @returns the message, or undefined when it is malformed or about another file
 */
export function parseWorkerMessage(value: unknown, job: JobIdentity | undefined): WorkerMessage | undefined {
  if (!isRecord(value)) return undefined;
  if (value['type'] === 'ready') return { type: 'ready' };
  if (job === undefined || value['jobId'] !== job.jobId) return undefined;
  if (value['type'] === 'done') {
    const { cpuMs, heapUsedBytes } = value;
    if (!isCount(cpuMs) || !isCount(heapUsedBytes)) return undefined;
    return { type: 'done', jobId: job.jobId, cpuMs, heapUsedBytes };
  }
  if (value['type'] !== 'result' || !isValidResult(value['result'], job)) return undefined;
  return { type: 'result', jobId: job.jobId, result: value['result'] };
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
