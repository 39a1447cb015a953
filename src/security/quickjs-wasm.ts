/**
 * The few WebAssembly JS API members the QuickJS tier uses, typed here because the
 * project's `lib` (ES2023, no DOM) does not declare them; Node provides them at run time.
 */

/** A linear memory (`WebAssembly.Memory`). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** A compiled module (`WebAssembly.Module`). */
export type WasmModule = object;

interface WasmApi {
  readonly Memory: new (descriptor: { readonly initial: number; readonly maximum: number }) => WasmMemory;
  readonly RuntimeError: new (message?: string) => Error;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}

/** The global `WebAssembly` object. */
export const wasmApi: WasmApi = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;
