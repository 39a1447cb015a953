/**
 * The extraction worker: the loop that runs inside each child process of the pool. It
 * takes one job at a time over IPC, reads the file (unless the parent sent its bytes),
 * extracts it, and sends each result, waiting for the parent's ack before the next, so a
 * slow consumer slows the worker instead of filling memory. A parser that crashes, hangs
 * or exhausts memory takes only this process down; the pool reports the file and starts
 * another worker.
 */
import { assert } from '../core/index.ts';
import { extractBuffer } from './extract-buffer.ts';
import type { ExtractBufferInput } from './extract-buffer.ts';
import type { ExtractLimits } from './extract-limits.ts';
import type { ExtractResult } from './extract-result.ts';
import { readFileCapped } from './fs-file-source.ts';
import { startOrphanWatchdog } from './orphan-watchdog.ts';
import type { DoneMessage, JobMessage, ParentMessage, ReadyMessage, ResultMessage } from './worker-protocol.ts';

/** The extraction a worker runs for each file. */
export type ExtractFunction = (input: ExtractBufferInput, limits: ExtractLimits) => AsyncIterable<ExtractResult>;

/** Options for {@link serveExtractWorker}. */
export interface ExtractWorkerOptions {
  /** Replaces the extraction (tests use it to misbehave on purpose). @default extractBuffer */
  readonly extract?: ExtractFunction;
}

/**
 * Serves extraction jobs on this process's IPC channel until the parent disconnects.
 * @param options - the extraction to run
 */
export function serveExtractWorker(options: ExtractWorkerOptions = {}): void {
  const send = process.send?.bind(process);
  assert(send !== undefined, 'serveExtractWorker() runs only in a child process with an IPC channel');
  const extract = options.extract ?? extractBuffer;
  let ackWaiter: (() => void) | undefined;
  let queue = Promise.resolve();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'ack') {
      const waiter = ackWaiter;
      ackWaiter = undefined;
      waiter?.();
    } else if (message.type === 'job') {
      queue = queue.then(() => runJob(message, extract, send, (resolve) => (ackWaiter = resolve)));
    }
  });
  // The parent went away (it exited or closed the pool): nothing is left to do. The
  // watchdog covers a parent that dies while this process is stuck in a parser.
  process.on('disconnect', () => process.exit(0));
  startOrphanWatchdog();
  send({ type: 'ready' } satisfies ReadyMessage);
}

async function runJob(
  job: JobMessage,
  extract: ExtractFunction,
  send: (message: unknown) => boolean,
  awaitAck: (resolve: () => void) => void,
): Promise<void> {
  const sendResult = async (result: ExtractResult): Promise<void> => {
    const acked = new Promise<void>((resolve) => awaitAck(resolve));
    send({ type: 'result', jobId: job.jobId, result } satisfies ResultMessage);
    await acked;
  };
  let bytes = job.bytes;
  if (bytes === undefined) {
    const read = await readFileCapped(job.path, job.sourcePath, job.limits.fileSizeBytesMax);
    if (read.ok) bytes = read.bytes;
    else await sendResult(read.result);
  }
  if (bytes !== undefined) {
    for await (const result of extract({ path: job.path, sourcePath: job.sourcePath, bytes }, job.limits)) {
      await sendResult(result);
    }
  }
  const usage = process.cpuUsage();
  const done: DoneMessage = {
    type: 'done',
    jobId: job.jobId,
    cpuMs: (usage.user + usage.system) / 1000,
    heapUsedBytes: process.memoryUsage().heapUsed,
  };
  send(done);
}
