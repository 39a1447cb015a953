/**
 * The worker-thread side of the QuickJS sandbox: receives one run at a time, gives it a
 * fresh WebAssembly instance (its own linear memory, capped at the run's memory limit) and
 * runs it with `runInQuickJs`; capability calls become messages to the main thread. The
 * main thread terminates this thread when the skill must be killed or a watchdog fires,
 * which stops even a builtin that QuickJS's interrupt handler cannot reach.
 */
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import type { MessagePort } from 'node:worker_threads';
import { NoctemError, type ErrorCode } from '../core/index.ts';
import type { QuickJsFromThread, QuickJsRunError, QuickJsRunMessage, QuickJsThreadData, QuickJsToThread } from './quickjs-protocol.ts';
import { runInQuickJs, type QuickJsInstance } from './quickjs-run.ts';
import { wasmApi } from './quickjs-wasm.ts';
import type { SandboxHost, SandboxRunRequest } from './sandbox.ts';

/** Bytes in a WebAssembly page. */
const wasmPageBytes = 65_536;
/** The engine's initial linear memory (its import's minimum), bytes. */
const quickJsInitialMemoryBytes = 16 * 1024 * 1024;
/** The largest linear memory the engine can address, bytes. */
const quickJsMemoryBytesLimit = 2 * 1024 * 1024 * 1024;

type PendingAnswer = { resolve(value: unknown): void; reject(error: unknown): void };

/**
 * Serves runs on `port` until the thread is terminated.
 * @param port - the thread's parent port
 * @param data - the compiled engine and the CPU meter
 */
export async function serveQuickJsThread(port: MessagePort, data: QuickJsThreadData): Promise<void> {
  const answers = new Map<number, PendingAnswer>();
  let nextCallId = 0;
  const post = (message: QuickJsFromThread): void => port.postMessage(message);
  const host: SandboxHost = {
    call(call) {
      const callId = nextCallId++;
      post({ type: 'call', callId, method: call.method, args: call.args });
      return new Promise((resolve, reject) => answers.set(callId, { resolve, reject }));
    },
  };
  port.on('message', (message: QuickJsToThread) => {
    if (message.type === 'run') {
      answers.clear();
      void runOne(message, host, data).then(post);
      return;
    }
    const pending = answers.get(message.callId);
    answers.delete(message.callId);
    if (message.ok) pending?.resolve(JSON.parse(message.valueJson));
    else pending?.reject(new NoctemError(message.code as ErrorCode, message.message));
  });
  await warmUp(data.wasm);
  post({ type: 'ready' });
}

async function runOne(message: QuickJsRunMessage, host: SandboxHost, data: QuickJsThreadData): Promise<QuickJsFromThread> {
  const receivedAtEpochMs = performance.timeOrigin + performance.now();
  const startedAt = performance.now();
  data.cpuMeter[0] = 0;
  data.cpuMeter[1] = 0;
  const request: SandboxRunRequest = {
    files: message.files, entry: message.entry, input: JSON.parse(message.inputJson), methods: message.methods,
    host, limits: message.limits, workDir: '',
  };
  try {
    const instance = await newInstance(data.wasm, message.limits.memoryBytesMax);
    const result = await runInQuickJs(request, { instance, startedAt, cpuMeter: data.cpuMeter });
    return { type: 'done', ok: true, output: result.output, startMs: result.startMs, receivedAtEpochMs };
  } catch (error) {
    return { type: 'done', ok: false, error: toRunError(error) };
  }
}

/** A fresh instance whose linear memory is capped at the run's memory limit (at least the engine's initial memory). */
async function newInstance(wasm: object, memoryBytesAsked: number): Promise<QuickJsInstance> {
  const memoryBytesMax = Math.min(quickJsMemoryBytesLimit, Math.max(quickJsInitialMemoryBytes, memoryBytesAsked));
  const memory = new wasmApi.Memory({ initial: quickJsInitialMemoryBytes / wasmPageBytes, maximum: Math.floor(memoryBytesMax / wasmPageBytes) });
  const module = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmModule: wasm, wasmMemory: memory }));
  return { module, memory, memoryBytesMax };
}

function toRunError(error: unknown): QuickJsRunError {
  if (error instanceof NoctemError) {
    return { kind: 'noctem', code: error.code, message: error.message, details: { ...error.details } };
  }
  const bug = error instanceof Error ? error : new Error(String(error));
  return { kind: 'bug', name: bug.name, message: bug.message, stack: bug.stack ?? '' };
}

/**
 * V8 compiles WebAssembly functions lazily, on first call, so the first run would pay
 * ~50 ms; one throwaway evaluation when the thread starts pays it instead.
 */
async function warmUp(wasm: object): Promise<void> {
  const { module } = await newInstance(wasm, quickJsInitialMemoryBytes);
  const context = module.newContext();
  const source = 'export default async (input) => JSON.stringify(JSON.parse(input).map((n) => String(n) + [n].join()));';
  context.unwrapResult(context.evalCode(source, 'warm-up.js', { type: 'module' })).dispose();
  context.unwrapResult(context.evalCode('JSON.stringify([1, "a", { b: null }])')).dispose();
  context.dispose();
}
