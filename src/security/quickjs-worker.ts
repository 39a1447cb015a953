/**
 * One worker thread hosting the QuickJS engine, seen from the main thread. It runs one skill
 * at a time, answers the skill's capability calls through the run's `host`, and enforces the
 * limits the engine's interrupt handler cannot: QuickJS polls its handler only every 10,000
 * interpreter ticks, so a loop around a slow builtin (a quadratic `indexOf` on a long string)
 * can run for minutes between polls. A watchdog reads the VM time the thread publishes in
 * shared memory and terminates the thread past `cpuMsMax` (or `wallMsMax`) plus a grace; the
 * kill switch terminates it at once. A terminated thread is never reused.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { assert, NoctemError, type ErrorCode } from '../core/index.ts';
import { killed, limitExceeded } from './quickjs-failure.ts';
import type { QuickJsFromThread, QuickJsRunError, QuickJsThreadData, QuickJsToThread } from './quickjs-protocol.ts';
import type { WasmModule } from './quickjs-wasm.ts';
import type { SandboxCall, SandboxRunRequest, SandboxRunResult } from './sandbox.ts';

/**
 * How long past `cpuMsMax` or `wallMsMax` the watchdog waits for the engine's own interrupt
 * (which ends the run cleanly) before terminating the thread, ms.
 */
export const quickJsWatchdogGraceMs = 250;
/** How long a new thread may take to load tsx, the engine and warm up, ms. */
const quickJsThreadStartMsMax = 60_000;

const entryUrl = new URL('./quickjs-thread-entry.ts', import.meta.url).href;

type Settle = { resolve(result: SandboxRunResult): void; reject(error: unknown): void };
type Handler = (message: QuickJsFromThread) => void;

/** A QuickJS thread; see the module comment. */
export class QuickJsWorker {
  /** Resolves when the thread has loaded and warmed up the engine. */
  readonly ready: Promise<void>;
  readonly #worker: Worker;
  readonly #cpuMeter = new Float64Array(new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT));
  #handler: Handler | undefined;
  #dead = false;

  /** @param wasm - the compiled engine, cloned to the thread */
  constructor(wasm: WasmModule) {
    const data: QuickJsThreadData = { wasm, cpuMeter: this.#cpuMeter };
    const source = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entryUrl)}); });`;
    this.#worker = new Worker(source, { eval: true, execArgv: [], workerData: data });
    this.#worker.on('message', (message: QuickJsFromThread) => this.#handler?.(message));
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready after ${quickJsThreadStartMsMax} ms`)), quickJsThreadStartMsMax);
      this.#handler = (message) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        this.#handler = undefined;
        resolve();
      };
      const fail = (reason: unknown): void => {
        clearTimeout(timer);
        this.#dead = true;
        reject(reason instanceof Error ? reason : new Error(`the thread exited with code ${String(reason)}`));
      };
      this.#worker.on('error', fail).on('exit', fail);
    });
    this.ready.catch(() => undefined); // Callers await `ready`; this only keeps an unawaited failure quiet.
  }

  /** False once the thread was terminated or died. */
  get alive(): boolean {
    return !this.#dead;
  }

  /**
   * Runs one skill on the thread (after `ready`).
   * @param request - the run
   * @param startedAt - `performance.now()` when `Sandbox.run` was called
   * @throws {NoctemError} SKILL_FAILED, SKILL_LIMIT_EXCEEDED, SKILL_KILLED; SANDBOX_UNAVAILABLE when the thread dies
   */
  run(request: SandboxRunRequest, startedAt: number): Promise<SandboxRunResult> {
    assert(this.alive && this.#handler === undefined, 'one run at a time on a live QuickJS thread');
    return new Promise((resolve, reject) => {
      new WorkerRun(this, request, startedAt, { resolve, reject }).start();
    });
  }

  /** Stops the thread now, whatever it runs; idempotent. */
  terminate(): void {
    this.#dead = true;
    void this.#worker.terminate();
  }

  /** Lets the process exit while the thread idles (`false`), or holds it while a run is on (`true`). */
  hold(held: boolean): void {
    if (held) this.#worker.ref();
    else this.#worker.unref();
  }

  /** @internal Used by {@link WorkerRun}. */
  attach(handler: Handler | undefined, onDeath?: (reason: unknown) => void): void {
    this.#handler = handler;
    this.#worker.removeAllListeners('error').removeAllListeners('exit');
    const die = (reason: unknown): void => {
      this.#dead = true;
      onDeath?.(reason);
    };
    this.#worker.on('error', die).on('exit', die);
  }

  /** @internal Used by {@link WorkerRun}. */
  post(message: QuickJsToThread): void {
    this.#worker.postMessage(message);
  }

  /** VM time of the current run so far, ms, as the thread published it. */
  cpuUsedMs(): number {
    const sliceStart = this.#cpuMeter[1] ?? 0;
    return (this.#cpuMeter[0] ?? 0) + (sliceStart > 0 ? performance.timeOrigin + performance.now() - sliceStart : 0);
  }

  /** @internal Clears the meter before a run. */
  resetMeter(): void {
    this.#cpuMeter.fill(0);
  }
}

/** One run on a {@link QuickJsWorker}: messages, host calls, watchdogs and the kill switch. */
class WorkerRun {
  readonly #worker: QuickJsWorker;
  readonly #request: SandboxRunRequest;
  readonly #startedAt: number;
  readonly #settle: Settle;
  readonly #timers: ReturnType<typeof setTimeout>[] = [];
  readonly #onAbort = (): void => this.#end(() => this.#settle.reject(killed()), true);
  #over = false;

  constructor(worker: QuickJsWorker, request: SandboxRunRequest, startedAt: number, settle: Settle) {
    this.#worker = worker;
    this.#request = request;
    this.#startedAt = startedAt;
    this.#settle = settle;
  }

  start(): void {
    const { signal, limits: runLimits, files, entry, methods, input } = this.#request;
    if (signal?.aborted === true) {
      this.#settle.reject(killed());
      return;
    }
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#worker.attach((message) => this.#onMessage(message), () => {
      this.#end(() => this.#settle.reject(new NoctemError('SANDBOX_UNAVAILABLE', 'The QuickJS thread stopped unexpectedly')), false);
    });
    this.#worker.hold(true);
    this.#worker.resetMeter();
    const wallLeftMs = runLimits.wallMsMax - (performance.now() - this.#startedAt);
    this.#timers.push(setTimeout(() => this.#watchdog('wall'), wallLeftMs + quickJsWatchdogGraceMs));
    this.#timers.push(setTimeout(() => this.#checkCpu(), runLimits.cpuMsMax + quickJsWatchdogGraceMs));
    this.#worker.post({ type: 'run', files, entry, inputJson: JSON.stringify(input) ?? 'null', methods, limits: runLimits });
  }

  #onMessage(message: QuickJsFromThread): void {
    if (this.#over) return;
    if (message.type === 'call') this.#call(message.callId, { method: message.method, args: message.args });
    else if (message.type === 'done') this.#end(() => this.#done(message), false);
  }

  #call(callId: number, call: SandboxCall): void {
    Promise.resolve()
      .then(() => this.#request.host.call(call))
      .then(
        (value) => {
          if (!this.#over) this.#worker.post({ type: 'answer', callId, ok: true, valueJson: JSON.stringify(value) ?? 'null' });
        },
        (error: unknown) => {
          if (this.#over) return;
          if (error instanceof NoctemError) this.#worker.post({ type: 'answer', callId, ok: false, code: error.code, message: error.message });
          else throw error;
        },
      )
      .catch((error: unknown) => this.#end(() => this.#settle.reject(error), true)); // A host bug fails the run.
  }

  #done(message: Extract<QuickJsFromThread, { type: 'done' }>): void {
    if (!message.ok) {
      this.#settle.reject(rebuildError(message.error));
      return;
    }
    const now = performance.now();
    const dispatchMs = message.receivedAtEpochMs - (performance.timeOrigin + this.#startedAt);
    this.#settle.resolve({ output: message.output, wallMs: now - this.#startedAt, startMs: Math.max(0, dispatchMs) + message.startMs });
  }

  #checkCpu(): void {
    const leftMs = this.#request.limits.cpuMsMax + quickJsWatchdogGraceMs - this.#worker.cpuUsedMs();
    if (leftMs <= 0) this.#watchdog('cpu');
    else this.#timers.push(setTimeout(() => this.#checkCpu(), leftMs));
  }

  #watchdog(limit: 'cpu' | 'wall'): void {
    const { cpuMsMax, wallMsMax } = this.#request.limits;
    const message = limit === 'cpu'
      ? `Cannot finish the skill: it used more than ${cpuMsMax} ms of CPU time`
      : `Cannot finish the skill: it used more than ${wallMsMax} ms of wall-clock time`;
    this.#end(() => this.#settle.reject(limitExceeded(limit, message)), true);
  }

  /** Ends the run once; `terminate` kills the thread (it may still be running the skill). */
  #end(settle: () => void, terminate: boolean): void {
    if (this.#over) return;
    this.#over = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#request.signal?.removeEventListener('abort', this.#onAbort);
    this.#worker.attach(undefined);
    if (terminate) this.#worker.terminate();
    else this.#worker.hold(false);
    settle();
  }
}

/** The error a thread reported, rebuilt on this side. */
function rebuildError(error: QuickJsRunError): Error {
  if (error.kind === 'noctem') return new NoctemError(error.code as ErrorCode, error.message, { details: error.details });
  const bug = new Error(error.message);
  bug.name = error.name;
  bug.stack = error.stack;
  return bug;
}

/** tsx's ESM API, which the thread registers before importing the TypeScript entry. */
function tsxApiUrl(): string {
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  return pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
}
