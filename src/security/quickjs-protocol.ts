/**
 * Messages between the QuickJS sandbox (main thread) and the worker thread that hosts the
 * engine. Only plain data crosses: package bytes, JSON values, error codes and texts. The
 * worker never sees the host object; it asks for each capability call by message.
 */
import type { SandboxMethod, SandboxRunLimits } from './sandbox.ts';

/** `workerData` of a QuickJS thread. */
export interface QuickJsThreadData {
  /** The compiled engine (`WebAssembly.Module`, cloned to the thread). */
  readonly wasm: object;
  /** `[vmMs, sliceStartEpochMs]` of the current run, written by the thread, read by the watchdog. */
  readonly cpuMeter: Float64Array;
}

/** Starts a run on the thread (the thread runs one at a time). */
export interface QuickJsRunMessage {
  readonly type: 'run';
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly entry: string;
  /** The input as JSON text. */
  readonly inputJson: string;
  readonly methods: readonly SandboxMethod[];
  readonly limits: SandboxRunLimits;
}

/** The host's answer to one call: a JSON text, or a NoctemError's code and message. */
export type QuickJsAnswerMessage =
  | { readonly type: 'answer'; readonly callId: number; readonly ok: true; readonly valueJson: string }
  | { readonly type: 'answer'; readonly callId: number; readonly ok: false; readonly code: string; readonly message: string };

/** Main thread to worker. */
export type QuickJsToThread = QuickJsRunMessage | QuickJsAnswerMessage;

/** How a run ended, as data: a NoctemError's parts, or a bug (any other error). */
export type QuickJsRunError =
  | { readonly kind: 'noctem'; readonly code: string; readonly message: string; readonly details: Record<string, unknown> }
  | { readonly kind: 'bug'; readonly name: string; readonly message: string; readonly stack: string };

/** Worker to main thread. */
export type QuickJsFromThread =
  | { readonly type: 'ready' }
  | { readonly type: 'call'; readonly callId: number; readonly method: SandboxMethod; readonly args: readonly unknown[] }
  | { readonly type: 'done'; readonly ok: true; readonly output: unknown; readonly startMs: number; readonly receivedAtEpochMs: number }
  | { readonly type: 'done'; readonly ok: false; readonly error: QuickJsRunError };
