/**
 * The parent's handle on one extraction worker process: starting it under resource
 * limits, running a job with a wall-clock watchdog, and explaining how it died.
 *
 * Limits: `--max-old-space-size` caps the V8 heap; where /usr/bin/prlimit exists, the
 * process also runs under `prlimit --data` (writable memory: heap plus headroom, which
 * catches buffer and native blow-ups outside the heap) and `--cpu` (CPU seconds over its
 * life). `--as` was measured and rejected: V8 reserves address space greedily up to any
 * such limit (WebAssembly guard regions, heap cages), starving native allocations such as
 * pdfjs's @napi-rs/canvas; RLIMIT_DATA counts only memory actually made writable. The
 * watchdog SIGKILLs a worker that
 * is silent for `timeoutMs` while it owes a result; time spent waiting for the consumer
 * does not count. Workers get a minimal environment: no secrets reach a parser.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { NoctemError } from '../core/index.ts';
import type { ExtractResult } from './extract-result.ts';
import type { AckMessage, JobIdentity, JobMessage, WorkerMessage } from './worker-protocol.ts';
import { parseWorkerMessage } from './worker-protocol.ts';

/** How a worker process is started. */
export interface ExtractChildOptions {
  /** The worker entry module (.ts runs under tsx). */
  readonly entryPath: string;
  /** V8 old-space heap, in bytes. */
  readonly heapBytesMax: number;
  /** Writable memory above the heap, in bytes (prlimit --data = heap + headroom). */
  readonly dataHeadroomBytes: number;
  /** CPU seconds over the worker's life (prlimit --cpu). */
  readonly cpuSecondsMax: number;
  /** Wall time allowed to start and report ready, in ms. */
  readonly startTimeMsMax: number;
  /** Bytes of stderr kept to explain a crash. */
  readonly stderrTailBytesMax: number;
}

/** How a job ended. */
export type JobOutcome =
  | { readonly kind: 'done'; readonly cpuMs: number; readonly heapUsedBytes: number }
  | { readonly kind: 'crashed'; readonly reason: string }
  | { readonly kind: 'cancelled' };

/** Receives each result; resolves false to stop the job (the consumer left). */
export type ResultSink = (result: ExtractResult) => Promise<boolean>;

const prlimitPath = '/usr/bin/prlimit';
// How long a dead worker's stderr may take to drain before its exit is reported.
const stderrDrainMs = 250;
const passedEnvironment = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'NODE_ENV'];

/** One worker process. Invariant: it runs at most one job at a time. */
export class ProcessExtractChild {
  readonly #child: ChildProcess;
  readonly #options: ExtractChildOptions;
  readonly #stderrTail: { text: string };
  /** Resolves with a sentence saying how the process ended, once it has. */
  readonly #exited: Promise<string>;
  #exit: string | undefined;
  #jobsRun = 0;
  #cpuMs = 0;
  #heapUsedBytes = 0;
  #nextJobId = 1;

  private constructor(child: ChildProcess, options: ExtractChildOptions, stderrTail: { text: string }) {
    this.#child = child;
    this.#options = options;
    this.#stderrTail = stderrTail;
    this.#exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => {
        // Let stderr drain so the reason sees its last lines, but do not wait on a grandchild
        // (tsx's esbuild service) that may hold the pipe open.
        const describe = (): void => resolve(describeExit(code, signal, this.#stderrTail.text, options));
        const stderr = child.stderr;
        if (stderr === null || stderr.readableEnded) return describe();
        const timer = setTimeout(describe, stderrDrainMs);
        stderr.once('end', () => {
          clearTimeout(timer);
          describe();
        });
      });
    });
    void this.#exited.then((reason) => {
      this.#exit = reason;
    });
    // Spawn and IPC errors also end in 'exit' (or a failed start), which is where they are
    // reported; an unheard 'error' event would crash the parent instead.
    child.on('error', () => undefined);
  }

  /**
   * Starts a worker and waits until it reports ready.
   * @param options - the entry module and the limits
   * @returns the worker and its cold-start time in ms
   * @throws {NoctemError} INGEST_WORKER_FAILED when it does not start in time
   */
  static async start(options: ExtractChildOptions): Promise<{ child: ProcessExtractChild; startMs: number }> {
    const startedAt = performance.now();
    const { command, args } = commandLine(options);
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', env: workerEnvironment() });
    const stderrTail = { text: '' };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderrTail.text = (stderrTail.text + chunk).slice(-options.stderrTailBytesMax);
    });
    const handle = new ProcessExtractChild(child, options, stderrTail);
    await handle.#awaitReady();
    return { child: handle, startMs: performance.now() - startedAt };
  }

  /** Jobs finished by this worker. */
  get jobsRun(): number {
    return this.#jobsRun;
  }

  /** CPU time the worker has used in its life, in ms (as of its last finished job). */
  get cpuMs(): number {
    return this.#cpuMs;
  }

  /** Heap in use after its last job, in bytes. */
  get heapUsedBytes(): number {
    return this.#heapUsedBytes;
  }

  /** True while the process is running. */
  get alive(): boolean {
    return this.#exit === undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /**
   * Runs one job. Never rejects: a dead, hung or misbehaving worker is an outcome.
   * @param job - the file to extract (path, sourcePath, optional bytes, limits)
   * @param timeoutMs - silence allowed while a result is owed
   * @param sink - receives each result
   */
  run(job: Omit<JobMessage, 'type' | 'jobId'>, timeoutMs: number, sink: ResultSink): Promise<JobOutcome> {
    const identity: JobIdentity = { jobId: this.#nextJobId++, path: job.path, sourcePath: job.sourcePath };
    return new Promise<JobOutcome>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (outcome: JobOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
        if (outcome.kind !== 'done') this.kill();
        resolve(outcome);
      };
      const arm = (): void => {
        timer = setTimeout(() => finish({ kind: 'crashed', reason: `The extraction worker was killed after ${timeoutMs} ms without finishing` }), timeoutMs);
      };
      const onExit = (): void => {
        void this.#exited.then((reason) => finish({ kind: 'crashed', reason }));
      };
      const onMessage = (raw: unknown): void => {
        const message = parseWorkerMessage(raw, identity);
        if (message === undefined) finish({ kind: 'crashed', reason: 'The extraction worker sent a malformed message' });
        else if (message.type === 'done') {
          this.#recordDone(message);
          finish({ kind: 'done', cpuMs: message.cpuMs, heapUsedBytes: message.heapUsedBytes });
        } else if (message.type === 'result') {
          clearTimeout(timer);
          void this.#deliver(message.result, identity.jobId, sink, () => settled, arm, finish);
        }
      };
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
      if (!this.#send({ type: 'job', jobId: identity.jobId, ...job } satisfies JobMessage)) {
        finish({ kind: 'crashed', reason: this.#exit ?? 'The extraction worker closed its channel' });
        return;
      }
      arm();
    });
  }

  /** Kills the process at once (SIGKILL). */
  kill(): void {
    if (this.alive) this.#child.kill('SIGKILL');
    if (this.#child.connected) this.#child.disconnect();
  }

  async #deliver(
    result: ExtractResult,
    jobId: number,
    sink: ResultSink,
    settled: () => boolean,
    arm: () => void,
    finish: (outcome: JobOutcome) => void,
  ): Promise<void> {
    const accepted = await sink(result);
    if (settled()) return;
    if (!accepted) return finish({ kind: 'cancelled' });
    if (!this.#send({ type: 'ack', jobId } satisfies AckMessage)) return finish({ kind: 'crashed', reason: this.#exit ?? 'The extraction worker closed its channel' });
    arm();
  }

  #send(message: JobMessage | AckMessage): boolean {
    if (!this.#child.connected) return false;
    try {
      this.#child.send(message);
      return true;
    } catch {
      // The channel closed under us: the worker is dying, and 'exit' will say why.
      return false;
    }
  }

  #recordDone(message: Extract<WorkerMessage, { type: 'done' }>): void {
    this.#jobsRun += 1;
    this.#cpuMs = message.cpuMs;
    this.#heapUsedBytes = message.heapUsedBytes;
  }

  #awaitReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const fail = (reason: string): void => {
        cleanup();
        this.kill();
        reject(new NoctemError('INGEST_WORKER_FAILED', `Cannot start an extraction worker: ${reason}`));
      };
      const timer = setTimeout(() => fail(`no ready message within ${this.#options.startTimeMsMax} ms`), this.#options.startTimeMsMax);
      const onMessage = (raw: unknown): void => {
        if (parseWorkerMessage(raw, undefined)?.type !== 'ready') return fail('it sent a malformed message');
        cleanup();
        resolve();
      };
      const onExit = (): void => {
        void this.#exited.then(fail);
      };
      const onError = (error: Error): void => fail(error.message);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#child.off('message', onMessage).off('exit', onExit).off('error', onError);
      };
      this.#child.on('message', onMessage).once('exit', onExit).once('error', onError);
    });
  }
}

function commandLine(options: ExtractChildOptions): { command: string; args: string[] } {
  const limited = existsSync(prlimitPath);
  const nodeArgs = [`--max-old-space-size=${Math.max(16, Math.floor(options.heapBytesMax / 1024 / 1024))}`];
  if (options.entryPath.endsWith('.ts')) {
    // Resolved from here, not from the working directory, which may be any folder.
    nodeArgs.push('--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href);
  }
  nodeArgs.push(options.entryPath);
  if (!limited) return { command: process.execPath, args: nodeArgs };
  const dataBytes = options.heapBytesMax + options.dataHeadroomBytes;
  return {
    command: prlimitPath,
    args: [`--cpu=${options.cpuSecondsMax}`, `--data=${dataBytes}`, '--', process.execPath, ...nodeArgs],
  };
}

function workerEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (passedEnvironment.includes(name) || name.startsWith('TSX_')) environment[name] = value;
  }
  return environment;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null, stderr: string, options: ExtractChildOptions): string {
  const heapMiB = Math.round(options.heapBytesMax / 1024 / 1024);
  if (/heap out of memory|Array buffer allocation failed|Cannot allocate|out of memory|memory allocation of \d+ bytes failed/i.test(stderr)) {
    return `The extraction worker ran out of memory (heap limit ${heapMiB} MiB)`;
  }
  if (signal === 'SIGXCPU') return `The extraction worker used up its ${options.cpuSecondsMax} s of CPU time`;
  const how = signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
  const lastLine = stderr.trim().split('\n').filter((line) => line.trim() !== '').pop();
  return `The extraction worker ${how}${lastLine === undefined ? '' : `: ${lastLine.trim().slice(0, 300)}`}`;
}
