/**
 * One skill run inside a fresh QuickJS runtime and context (in a fresh WebAssembly instance,
 * see `quickjs-sandbox.ts`): evaluates the entry module, calls its default export with
 * `(input, noctem)`, drives the VM's job queue as host calls settle, and ends with the JSON
 * output or a `NoctemError`. Every handle is released when the run ends, however it ends;
 * a leak is a bug (the engine asserts on it). CPU time is the wall time spent inside the VM,
 * so time waiting for the host is not counted.
 */
import { Scope, type JSPromiseState, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import { assert } from '../core/index.ts';
import {
  instanceTrap, interruptError, limitExceeded, skillFailed, vmFailure, type InterruptReason,
} from './quickjs-failure.ts';
import { QuickJsHostBridge, type HostBridgeRun } from './quickjs-host-bridge.ts';
import { loadSkillModule, resolveSkillModule } from './quickjs-module-loader.ts';
import { QuickJsVmHelpers, readCappedString } from './quickjs-vm-helpers.ts';
import type { WasmMemory } from './quickjs-wasm.ts';
import type { SandboxRunRequest, SandboxRunResult } from './sandbox.ts';

/**
 * The largest QuickJS stack, bytes. QuickJS's frames live in WebAssembly linear memory, but
 * each also takes several times its size of V8's native stack (~1 MB for the whole
 * process); past about 192 KiB some recursions (nested `JSON.parse`) exhaust V8's stack
 * before QuickJS notices. 128 KiB gives ~740 frames of plain recursion.
 */
export const quickJsStackBytesMax = 128 * 1024;

/** The instance a run uses; the run owns it and drops it afterwards. */
export interface QuickJsInstance {
  readonly module: QuickJSWASMModule;
  readonly memory: WasmMemory;
  /** The memory's maximum, bytes. */
  readonly memoryBytesMax: number;
}

/** Options of {@link runInQuickJs}. */
export interface QuickJsRunOptions {
  /** A fresh instance, used for this run only. */
  readonly instance: QuickJsInstance;
  /** `performance.now()` when the run began. */
  readonly startedAt: number;
  /**
   * Where the run publishes its VM time for a watchdog on another thread: `[0]` the ms spent
   * in finished VM slices, `[1]` the epoch ms (`performance.timeOrigin + performance.now()`)
   * the current slice began, or 0 outside the VM. @default undefined (not published)
   */
  readonly cpuMeter?: Float64Array;
}

/**
 * Runs `request` in a fresh instance.
 * @param request - the run; its `signal` is not watched here: the kill switch terminates the
 *   whole thread (quickjs-worker.ts)
 * @param options - the instance and clock
 * @returns the output and timings
 * @throws {NoctemError} SKILL_FAILED or SKILL_LIMIT_EXCEEDED (see `Sandbox`)
 */
export function runInQuickJs(request: SandboxRunRequest, options: QuickJsRunOptions): Promise<SandboxRunResult> {
  return new Promise((resolve, reject) => {
    new QuickJsRun(request, options, { resolve, reject }).start();
  });
}

interface Settle {
  resolve(result: SandboxRunResult): void;
  reject(error: unknown): void;
}

class QuickJsRun implements HostBridgeRun {
  readonly request: SandboxRunRequest;
  readonly #instance: QuickJsInstance;
  readonly #startedAt: number;
  readonly #cpuMeter: Float64Array | undefined;
  readonly #settle: Settle;
  readonly #scope = new Scope();
  #runtime: QuickJSRuntime | undefined;
  #context: QuickJSContext | undefined;
  #helpers: QuickJsVmHelpers | undefined;
  #bridge: QuickJsHostBridge | undefined;
  #depth = 0;
  #enteredAt = 0;
  #vmMs = 0;
  #startMs = 0;
  #reason: InterruptReason | undefined;
  #stopped: { readonly error: unknown } | undefined;
  #poisoned = false;
  #over = false;
  #waiting: { readonly handle: QuickJSHandle; readonly next: (value: QuickJSHandle) => void } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(request: SandboxRunRequest, options: QuickJsRunOptions, settle: Settle) {
    this.request = request;
    this.#instance = options.instance;
    this.#startedAt = options.startedAt;
    this.#cpuMeter = options.cpuMeter;
    this.#settle = settle;
  }

  get context(): QuickJSContext {
    assert(this.#context !== undefined, 'QuickJS context created');
    return this.#context;
  }

  get helpers(): QuickJsVmHelpers {
    assert(this.#helpers !== undefined, 'QuickJS helpers compiled');
    return this.#helpers;
  }

  start(): void {
    const { limits: runLimits } = this.request;
    const wallLeftMs = Math.max(0, runLimits.wallMsMax - (performance.now() - this.#startedAt));
    this.#timer = setTimeout(() => this.#onWallTimer(), wallLeftMs);
    this.#guard(() => {
      this.#setUp();
      const entry = loadSkillModule(this.request.files, this.request.entry);
      if (!entry.ok) throw skillFailed('Cannot load the skill entry', entry.reason);
      const result = this.#scope.manage(this.enter(() => this.context.evalCode(entry.value, this.request.entry, { type: 'module' })));
      this.#checkStopped();
      if (result.error !== undefined) throw this.#failure(result.error);
      this.#await(result.value, (namespace) => this.#callMain(namespace));
    });
  }

  enter<T>(action: () => T): T {
    if (this.#depth === 0) {
      this.#enteredAt = performance.now();
      if (this.#cpuMeter !== undefined) this.#cpuMeter[1] = performance.timeOrigin + this.#enteredAt;
    }
    this.#depth += 1;
    try {
      return action();
    } catch (error) {
      const trap = instanceTrap(error, this.#memoryFull());
      if (trap === undefined) throw error;
      this.#poisoned = true;
      throw trap;
    } finally {
      this.#depth -= 1;
      if (this.#depth === 0) this.#leaveVm();
    }
  }

  #leaveVm(): void {
    this.#vmMs += performance.now() - this.#enteredAt;
    if (this.#cpuMeter === undefined) return;
    this.#cpuMeter[0] = this.#vmMs;
    this.#cpuMeter[1] = 0;
  }

  stop(error: unknown): void {
    this.#stopped ??= { error };
  }

  resume(action: () => void): void {
    this.#guard(() => {
      action();
      this.#checkStopped();
      this.#pump();
    });
  }

  isOver(): boolean {
    return this.#over;
  }

  #setUp(): void {
    const { limits: runLimits, files } = this.request;
    const runtime = this.#instance.module.newRuntime();
    this.#runtime = runtime;
    runtime.setMemoryLimit(runLimits.memoryBytesMax);
    runtime.setMaxStackSize(Math.min(runLimits.stackBytesMax, quickJsStackBytesMax));
    runtime.setInterruptHandler(() => this.#shouldInterrupt());
    runtime.setModuleLoader(
      (name) => {
        const source = loadSkillModule(files, name);
        return source.ok ? source.value : { error: new Error(source.reason) };
      },
      (importer, requested) => {
        const path = resolveSkillModule(importer, requested);
        return path.ok ? path.value : { error: new Error(path.reason) };
      },
    );
    this.#context = runtime.newContext();
    this.#helpers = this.enter(() => new QuickJsVmHelpers(this.context));
    // QuickJS has no Atomics and no threads here, so this is only defence in depth.
    this.#scope.manage(this.context.unwrapResult(this.context.evalCode('delete globalThis.SharedArrayBuffer;')));
    this.#bridge = new QuickJsHostBridge(this);
  }

  #callMain(namespace: QuickJSHandle): void {
    const main = this.#scope.manage(this.context.getProp(namespace, 'default'));
    namespace.dispose();
    if (this.context.typeof(main) !== 'function') throw skillFailed('The skill entry has no default export function');
    this.#startMs = performance.now() - this.#startedAt;
    const inputText = JSON.stringify(this.request.input) ?? 'null';
    const input = this.#scope.manage(this.enter(() => this.helpers.parse(inputText)));
    this.#checkStopped();
    if (input.error !== undefined) throw this.#failure(input.error);
    assert(this.#bridge !== undefined, 'bridge built in setUp');
    const noctem = this.#scope.manage(this.#bridge.buildNoctem());
    const result = this.#scope.manage(this.enter(() => this.context.callFunction(main, this.context.undefined, input.value, noctem)));
    this.#checkStopped();
    if (result.error !== undefined) throw this.#failure(result.error);
    this.#await(result.value, (value) => this.#finishWith(value));
  }

  /** Continues with `handle`'s value once it settles (at once when it is not a promise). */
  #await(handle: QuickJSHandle, next: (value: QuickJSHandle) => void): void {
    const state = this.context.getPromiseState(handle);
    if (state.type === 'pending') {
      this.#waiting = { handle, next };
      this.#pump();
      return;
    }
    this.#continue(state, next);
  }

  #continue(state: JSPromiseState, next: (value: QuickJSHandle) => void): void {
    // A settled state holds a new handle (the value, or the reason) that this run now owns.
    if (state.type === 'fulfilled') next(this.#scope.manage(state.value));
    else if (state.type === 'rejected') throw this.#failure(this.#scope.manage(state.error));
  }

  /** Runs the VM's pending jobs, then checks whether the awaited promise settled. */
  #pump(): void {
    const runtime = this.#runtime;
    assert(runtime !== undefined, 'runtime created');
    const result = this.#scope.manage(this.enter(() => runtime.executePendingJobs()));
    this.#checkStopped();
    if (result.error !== undefined) throw this.#failure(result.error);
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    const state = this.context.getPromiseState(waiting.handle);
    if (state.type === 'pending') return;
    this.#waiting = undefined;
    this.#continue(state, waiting.next);
  }

  #finishWith(value: QuickJSHandle): void {
    const text = this.#scope.manage(this.enter(() => this.helpers.stringify(value)));
    this.#checkStopped();
    if (text.error !== undefined) throw this.#failure(text.error);
    const { outputBytesMax } = this.request.limits;
    const json = readCappedString(this.context, text.value, outputBytesMax);
    if (json.kind === 'not-string') throw skillFailed('The skill returned a value that is not JSON (undefined, a function or a symbol)');
    if (json.kind === 'too-long') throw limitExceeded('output', `Cannot return the skill output: it exceeds ${outputBytesMax} bytes of JSON`);
    const output: unknown = JSON.parse(json.text);
    const wallMs = performance.now() - this.#startedAt;
    this.#finish(() => this.#settle.resolve({ output, wallMs, startMs: this.#startMs }));
  }

  #shouldInterrupt(): boolean {
    if (this.#stopped !== undefined) return true;
    this.#reason ??= this.#dueReason();
    return this.#reason !== undefined;
  }

  #dueReason(): InterruptReason | undefined {
    const { limits: runLimits } = this.request;
    const now = performance.now();
    if (now - this.#startedAt > runLimits.wallMsMax) return 'wall';
    if (this.#vmMs + (now - this.#enteredAt) > runLimits.cpuMsMax) return 'cpu';
    return undefined;
  }

  /** The wall timer fires only between VM slices (the event loop is free), so the run ends now. */
  #onWallTimer(): void {
    this.#reason ??= 'wall';
    this.#guard(() => this.#checkStopped());
  }

  #checkStopped(): void {
    const explained = this.#explained();
    if (explained !== undefined) throw explained.error;
  }

  #interruptError(reason: InterruptReason): unknown {
    const { cpuMsMax, wallMsMax } = this.request.limits;
    return interruptError(reason, reason === 'cpu' ? cpuMsMax : wallMsMax);
  }

  /** The error for an exception that left the VM; reads it inside the VM, then releases it. */
  #failure(exception: QuickJSHandle): unknown {
    const explained = this.#explained();
    if (explained !== undefined) return explained.error;
    const text = this.enter(() => this.helpers.describe(exception, this.request.limits.outputBytesMax));
    exception.dispose();
    return (this.#explained() ?? { error: vmFailure(text, this.#memoryFull()) }).error;
  }

  /** What a stop or an interrupt says happened, if one did: it explains whatever the VM threw next. */
  #explained(): { readonly error: unknown } | undefined {
    if (this.#stopped !== undefined) return this.#stopped;
    return this.#reason === undefined ? undefined : { error: this.#interruptError(this.#reason) };
  }

  #memoryFull(): boolean {
    return this.#instance.memory.buffer.byteLength >= this.#instance.memoryBytesMax * 0.75;
  }

  #guard(action: () => void): void {
    if (this.#over) return;
    try {
      action();
    } catch (error) {
      const cause = this.#explained() ?? { error };
      this.#finish(() => this.#settle.reject(cause.error));
    }
  }

  #finish(settle: () => void): void {
    if (this.#over) return;
    this.#over = true;
    clearTimeout(this.#timer);
    try {
      this.#dispose();
    } catch (error) {
      // A leaked handle makes the engine assert; that is a bug of this adapter.
      this.#settle.reject(error);
      return;
    }
    settle();
  }

  /**
   * Releases every handle, then the context and runtime. A trapped instance, or one whose
   * memory is exhausted (where QuickJS itself leaks objects, e.g. out of memory inside a
   * resumed async function, and its leak assertion would fire), is dropped whole instead:
   * nothing of an instance outlives its run either way.
   */
  #dispose(): void {
    if (this.#poisoned || this.#memoryFull()) return;
    this.#bridge?.dispose();
    if (this.#waiting !== undefined && this.#waiting.handle.alive) this.#waiting.handle.dispose();
    this.#helpers?.dispose();
    this.#scope.dispose();
    this.#context?.dispose();
    this.#runtime?.dispose();
  }
}
