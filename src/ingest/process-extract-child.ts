/**
 * The parent's handle on one extraction worker process: starting it under resource
 * limits, passing messages, killing it, and explaining how it died. The protocol on top
 * (windows of jobs, the silence watchdog, flow control) lives in `worker-lane.ts`.
 *
 * Limits: `--max-old-space-size` caps the V8 heap; where /usr/bin/prlimit exists, the
 * process also runs under `prlimit --data` (writable memory: heap plus headroom, which
 * catches buffer and native blow-ups outside the heap) and `--cpu` (CPU seconds over its
 * life). `--as` was measured and rejected: V8 reserves address space greedily up to any
 * such limit (WebAssembly guard regions, heap cages), starving native allocations such as
 * pdfjs's @napi-rs/canvas; RLIMIT_DATA counts only memory actually made writable.
 * Workers get a minimal environment: no secrets reach a parser.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { NoctemError } from '../core/index.ts';
import type { ParentMessage } from './worker-protocol.ts';
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

const prlimitPath = '/usr/bin/prlimit';
// How long a dead worker's stderr and IPC channel may take to drain before its end is
// reported: long enough to read what is already in the pipes, short enough not to wait
// on a grandchild (tsx's esbuild service) that may hold a pipe open.
const drainMs = 250;
const passedEnvironment = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'NODE_ENV'];

/** One worker process. Invariant: `ended` resolves once, after the process exited. */
export class ProcessExtractChild {
  readonly #child: ChildProcess;
  readonly #options: ExtractChildOptions;
  readonly #stderrTail: { text: string };
  /** Resolves with a sentence saying how the process ended, once it has. */
  readonly #ended: Promise<string>;
  #exit: string | undefined;

  private constructor(child: ChildProcess, options: ExtractChildOptions, stderrTail: { text: string }) {
    this.#child = child;
    this.#options = options;
    this.#stderrTail = stderrTail;
    this.#ended = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => {
        // Messages the worker wrote before it died are still in the pipe: let them arrive
        // (they come before 'disconnect'), and let stderr give the reason its last lines.
        void Promise.all([drained(child.stderr, 'end'), child.connected ? drained(child, 'disconnect') : undefined]).then(() => {
          if (child.connected) child.disconnect();
          resolve(describeExit(code, signal, this.#stderrTail.text, options));
        });
      });
    });
    void this.#ended.then((reason) => {
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

  /** True while the process is running. */
  get alive(): boolean {
    return this.#exit === undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /**
   * Resolves, once the process has exited and the messages it sent before have been
   * received, with a sentence saying how it ended. Never rejects.
   */
  get ended(): Promise<string> {
    return this.#ended;
  }

  /**
   * Receives every message the worker sends, unchecked: the caller validates them.
   * @param listener - called in arrival order
   */
  onMessage(listener: (raw: unknown) => void): void {
    this.#child.on('message', listener);
  }

  /**
   * Sends a message to the worker.
   * @returns false when the channel is closed (the worker is dying; `ended` says why)
   */
  post(message: ParentMessage): boolean {
    if (!this.#child.connected) return false;
    try {
      this.#child.send(message);
      return true;
    } catch {
      // The channel closed under us: the worker is dying, and `ended` will say why.
      return false;
    }
  }

  /** Kills the process at once (SIGKILL); messages it already sent still arrive. */
  kill(): void {
    if (this.alive) this.#child.kill('SIGKILL');
  }

  /** Kills the process and drops whatever it sent and nobody has read yet. */
  abandon(): void {
    this.kill();
    if (this.#child.connected) this.#child.disconnect();
  }

  #awaitReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const fail = (reason: string): void => {
        cleanup();
        this.abandon();
        reject(new NoctemError('INGEST_WORKER_FAILED', `Cannot start an extraction worker: ${reason}`));
      };
      const timer = setTimeout(() => fail(`no ready message within ${this.#options.startTimeMsMax} ms`), this.#options.startTimeMsMax);
      const onMessage = (raw: unknown): void => {
        if (parseWorkerMessage(raw, undefined)?.type !== 'ready') return fail('it sent a malformed message');
        cleanup();
        resolve();
      };
      const onExit = (): void => {
        void this.#ended.then(fail);
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

/** Resolves on `event`, or after {@link drainMs} at most; at once for a missing emitter. */
function drained(emitter: NodeJS.EventEmitter | null, event: string): Promise<void> {
  if (emitter === null || ('readableEnded' in emitter && emitter.readableEnded === true)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, drainMs);
    function done(): void {
      clearTimeout(timer);
      emitter?.off(event, done);
      resolve();
    }
    emitter.once(event, done);
  });
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
