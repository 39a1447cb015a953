/**
 * The tier-1 sandbox: QuickJS compiled to WebAssembly (quickjs-emscripten, release build).
 * The engine runs on worker threads of the daemon's process (quickjs-worker.ts), one skill
 * per thread at a time; idle threads are kept warm and reused. Every run gets a fresh
 * WebAssembly instance with its own linear memory, and a fresh runtime and context in it
 * (quickjs-thread.ts), so nothing is shared between runs.
 *
 * Why fresh instances: QuickJS's `setMemoryLimit` counts 8 bytes per allocation under
 * Emscripten (it cannot ask the allocator for block sizes), so a skill could grow a shared
 * memory to the wasm maximum of 2 GiB; the linear memory's own maximum is a real cap.
 * Why threads: QuickJS polls its interrupt handler every 10,000 interpreter ticks, so a loop
 * over a slow builtin runs for minutes between polls, and a skill computing without awaiting
 * would block the daemon's event loop; a thread can be terminated at any instant.
 *
 * Limits: the run's `memoryBytesMax` (linear memory, at least the engine's 16 MiB initial
 * memory), `cpuMsMax` (time inside the VM), `wallMsMax`, `stackBytesMax` (at most
 * {@link quickJsStackBytesMax}), `outputBytesMax`; `skillHostCallsMax`,
 * `skillHostCallsInFlightMax`. The kill switch terminates the thread at once.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { assert, NoctemError } from '../core/index.ts';
import { wasmApi, type WasmModule } from './quickjs-wasm.ts';
import { QuickJsWorker } from './quickjs-worker.ts';
import type { Sandbox, SandboxRunRequest, SandboxRunResult, SandboxTier } from './sandbox.ts';

export { quickJsStackBytesMax } from './quickjs-run.ts';
export { quickJsWatchdogGraceMs } from './quickjs-worker.ts';

/** Timings of {@link createQuickJsSandbox}, for benchmarks and `doctor`. */
export interface QuickJsSandboxInfo {
  /** Time to read and compile the engine and start and warm up the first thread, ms (once per process). */
  readonly loadMs: number;
}

/** Runs skills in QuickJS; see the module comment. */
export class QuickJsSandbox implements Sandbox {
  readonly tier: SandboxTier = 'quickjs';
  /** How long loading took. */
  readonly info: QuickJsSandboxInfo;
  readonly #wasm: WasmModule;
  readonly #workers = new Set<QuickJsWorker>();
  readonly #idle: QuickJsWorker[] = [];
  #closed = false;

  /**
   * @param wasm - the compiled engine
   * @param first - a started thread, kept idle for the first run
   * @param info - how long loading took
   */
  constructor(wasm: WasmModule, first: QuickJsWorker, info: QuickJsSandboxInfo) {
    this.#wasm = wasm;
    this.info = info;
    this.#workers.add(first);
    this.#idle.push(first);
    first.hold(false);
  }

  /**
   * Runs one skill (see {@link Sandbox.run}) on an idle thread, or on a new one.
   * @throws {NoctemError} SKILL_FAILED, SKILL_LIMIT_EXCEEDED, SKILL_KILLED; SANDBOX_UNAVAILABLE when no thread starts
   */
  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    assert(!this.#closed, 'QuickJsSandbox.run after close');
    assert(request.limits.stackBytesMax > 0 && request.limits.memoryBytesMax > 0, 'positive sandbox limits');
    const startedAt = performance.now();
    const worker = this.#take();
    try {
      await worker.ready;
    } catch (error) {
      this.#workers.delete(worker);
      throw new NoctemError('SANDBOX_UNAVAILABLE', 'Cannot start a QuickJS thread', { cause: error });
    }
    try {
      return await worker.run(request, startedAt);
    } finally {
      this.#give(worker);
    }
  }

  /** Terminates every thread; idempotent. */
  close(): void {
    this.#closed = true;
    for (const worker of this.#workers) worker.terminate();
    this.#workers.clear();
    this.#idle.length = 0;
  }

  #take(): QuickJsWorker {
    for (let worker = this.#idle.pop(); worker !== undefined; worker = this.#idle.pop()) {
      if (worker.alive) return worker;
      this.#workers.delete(worker);
    }
    return this.#spawn();
  }

  #give(worker: QuickJsWorker): void {
    if (worker.alive && !this.#closed) {
      this.#idle.push(worker);
      return;
    }
    this.#workers.delete(worker);
    // A killed thread is replaced at once, so the next run finds a warm one.
    if (!this.#closed && this.#idle.length === 0) this.#idle.push(this.#spawn());
  }

  #spawn(): QuickJsWorker {
    const worker = new QuickJsWorker(this.#wasm);
    worker.hold(false);
    this.#workers.add(worker);
    return worker;
  }
}

/**
 * Loads the QuickJS engine, starts its first thread and returns the sandbox.
 * @returns a ready sandbox
 * @throws {NoctemError} SANDBOX_UNAVAILABLE when the engine cannot be loaded
 */
export async function createQuickJsSandbox(): Promise<QuickJsSandbox> {
  const startedAt = performance.now();
  let first: QuickJsWorker | undefined;
  try {
    const require = createRequire(import.meta.url);
    const variantRequire = createRequire(require.resolve('quickjs-emscripten'));
    const wasm = await wasmApi.compile(await readFile(variantRequire.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
    first = new QuickJsWorker(wasm);
    await first.ready;
    return new QuickJsSandbox(wasm, first, { loadMs: performance.now() - startedAt });
  } catch (error) {
    first?.terminate();
    throw new NoctemError('SANDBOX_UNAVAILABLE', 'Cannot load the QuickJS engine', { cause: error });
  }
}
