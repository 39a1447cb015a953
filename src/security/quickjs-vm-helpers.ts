/**
 * Small functions compiled inside a fresh QuickJS context before any skill code runs, so
 * they hold the original `JSON.stringify`, `JSON.parse`, `String` and `Error` even if the
 * skill later replaces the globals. Everything that crosses the boundary goes through them
 * as JSON text: the host never hands an object of its own into the VM, and never reads a
 * VM object except as a string.
 */
import type { DisposableResult, QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { assert } from '../core/index.ts';

/** The outcome of one call into the VM: a value handle or an exception handle, both owned by the caller. */
export type VmResult = DisposableResult<QuickJSHandle, QuickJSHandle>;

// Global code; its completion value is the array of helpers. Written in plain ES2020.
const helpersSource = `(() => {
  'use strict';
  const stringify = JSON.stringify, parse = JSON.parse, toText = String, ErrorClass = Error;
  const slice = Function.prototype.call.bind(String.prototype.slice);
  return [
    (value) => stringify(value),
    (text) => parse(text),
    (...args) => stringify(args),
    (error, charsMax) => {
      try {
        const text = error !== null && typeof error === 'object'
          ? toText(error.name) + ': ' + toText(error.message) : toText(error);
        return slice(text, 0, charsMax);
      } catch (_) { return '<unprintable error>'; }
    },
    (code, message) => { const error = new ErrorClass(message); error.name = 'NoctemError'; error.code = code; return error; },
  ];
})()`;

/** The helpers' handles in one context; dispose before the context. */
export class QuickJsVmHelpers {
  readonly #context: QuickJSContext;
  readonly #functions: QuickJSHandle[];

  /**
   * Compiles the helpers in `context`; call before evaluating any skill code.
   * @param context - a fresh context
   */
  constructor(context: QuickJSContext) {
    this.#context = context;
    const list = context.unwrapResult(context.evalCode(helpersSource, 'noctem-helpers.js'));
    this.#functions = [0, 1, 2, 3, 4].map((index) => context.getProp(list, index));
    list.dispose();
    assert(this.#functions.every((handle) => context.typeof(handle) === 'function'), 'QuickJS helpers compiled');
  }

  /** `JSON.stringify(value)` inside the VM: a string handle, `undefined` for non-JSON, or the exception. */
  stringify(value: QuickJSHandle): VmResult {
    return this.#call(0, [value]);
  }

  /** `JSON.parse(text)` inside the VM. */
  parse(text: string): VmResult {
    const textHandle = this.#context.newString(text);
    try {
      return this.#call(1, [textHandle]);
    } finally {
      textHandle.dispose();
    }
  }

  /** `JSON.stringify([...args])` inside the VM. */
  stringifyArgs(args: readonly QuickJSHandle[]): VmResult {
    return this.#call(2, [...args]);
  }

  /**
   * `"<name>: <message>"` of a thrown value, at most `charsMax` characters, computed in the
   * VM (a skill's getters run under the run's limits).
   * @returns the text, or `undefined` when even that failed (out of memory, interrupted)
   */
  describe(error: QuickJSHandle, charsMax: number): string | undefined {
    const charsHandle = this.#context.newNumber(charsMax);
    const result = this.#call(3, [error, charsHandle]);
    charsHandle.dispose();
    if (result.error !== undefined) {
      result.error.dispose();
      return undefined;
    }
    const text = this.#context.typeof(result.value) === 'string' ? this.#context.getString(result.value) : undefined;
    result.value.dispose();
    return text;
  }

  /** A VM `Error` named `NoctemError` with `code` and `message`, as a host error reaches the skill. */
  makeError(code: string, message: string): VmResult {
    const codeHandle = this.#context.newString(code);
    const messageHandle = this.#context.newString(message);
    try {
      return this.#call(4, [codeHandle, messageHandle]);
    } finally {
      codeHandle.dispose();
      messageHandle.dispose();
    }
  }

  /** Releases the helper handles. */
  dispose(): void {
    for (const handle of this.#functions) handle.dispose();
  }

  #call(index: number, args: QuickJSHandle[]): VmResult {
    const fn = this.#functions[index];
    assert(fn !== undefined, 'helper index in range');
    return this.#context.callFunction(fn, this.#context.undefined, ...args);
  }
}

/** A VM value read as text under a byte cap. */
export type CappedText =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'not-string' }
  | { readonly kind: 'too-long' };

/**
 * Reads the VM string `handle` into the host, refusing it before copying when its UTF-8 form
 * exceeds `bytesMax` (a UTF-16 length over `bytesMax` already does, as every code unit takes
 * at least one UTF-8 byte).
 * @param context - the handle's context
 * @param handle - the value; not disposed
 * @param bytesMax - the cap, bytes of UTF-8
 */
export function readCappedString(context: QuickJSContext, handle: QuickJSHandle, bytesMax: number): CappedText {
  if (context.typeof(handle) !== 'string') return { kind: 'not-string' };
  const lengthHandle = context.getProp(handle, 'length');
  const length = context.getNumber(lengthHandle);
  lengthHandle.dispose();
  if (length > bytesMax) return { kind: 'too-long' };
  const text = context.getString(handle);
  return Buffer.byteLength(text, 'utf8') > bytesMax ? { kind: 'too-long' } : { kind: 'text', text };
}
