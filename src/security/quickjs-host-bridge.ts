/**
 * The `noctem` object a skill receives in QuickJS, and the path of each capability call:
 * arguments leave the VM as JSON text (capped at `outputBytesMax`), `host.call` answers on
 * the host, and the answer re-enters as JSON text parsed inside the VM, settling the promise
 * the skill holds. No host object or function other than the method functions is ever
 * handed into the VM. Calls are counted (`skillHostCallsMax`) and bounded in flight
 * (`skillHostCallsInFlightMax`); extra calls reject with SKILL_LIMIT_EXCEEDED.
 */
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle } from 'quickjs-emscripten';
import { NoctemError } from '../core/index.ts';
import { limitExceeded } from './quickjs-failure.ts';
import { readCappedString, type QuickJsVmHelpers } from './quickjs-vm-helpers.ts';
import { hostCallRefusal, type SandboxMethod, type SandboxRunRequest } from './sandbox.ts';

/** What the bridge needs from the run it serves. */
export interface HostBridgeRun {
  readonly context: QuickJSContext;
  readonly helpers: QuickJsVmHelpers;
  readonly request: SandboxRunRequest;
  /** Calls into the VM, counting its time and catching traps of the instance. */
  enter<T>(action: () => T): T;
  /** Stops the run with `error` at the VM's next interrupt check (called from inside the VM). */
  stop(error: unknown): void;
  /** Runs `action` from the event loop, then the VM's pending jobs, then checks for the end. */
  resume(action: () => void): void;
  /** True once the run has settled and its handles are gone. */
  isOver(): boolean;
}

type Answer = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** Builds `noctem` and carries one run's capability calls. */
export class QuickJsHostBridge {
  readonly #run: HostBridgeRun;
  readonly #pending = new Set<QuickJSDeferredPromise>();
  #calls = 0;

  /** @param run - the run served */
  constructor(run: HostBridgeRun) {
    this.#run = run;
  }

  /**
   * Builds the `noctem` object with one function per granted method, grouped by namespace.
   * @returns a handle the caller disposes
   */
  buildNoctem(): QuickJSHandle {
    const { context, request } = this.#run;
    const noctem = context.newObject();
    const spaces = new Map<string, QuickJSHandle>();
    for (const method of new Set(request.methods)) {
      const [space = '', name = ''] = method.split('.');
      let target = spaces.get(space);
      if (target === undefined) {
        target = context.newObject();
        spaces.set(space, target);
      }
      const fn = context.newFunction(name, (...args) => this.#onCall(method, args));
      context.setProp(target, name, fn);
      fn.dispose();
    }
    for (const [space, target] of spaces) {
      context.setProp(noctem, space, target);
      target.dispose();
    }
    return noctem;
  }

  /** Releases the promises of calls still in flight; the run is over. */
  dispose(): void {
    for (const deferred of this.#pending) deferred.dispose();
    this.#pending.clear();
  }

  // Runs inside the VM: never throws into it (the library would turn a host error into a
  // VM error carrying host text), answers with a promise the skill may await.
  #onCall(method: SandboxMethod, args: QuickJSHandle[]): QuickJSHandle | undefined {
    try {
      const refusal = hostCallRefusal(method, { made: this.#calls, inFlight: this.#pending.size });
      if (refusal !== undefined) return this.#rejected('SKILL_LIMIT_EXCEEDED', refusal);
      const text = this.#serialize(method, args);
      if (typeof text !== 'string') return text;
      return this.#send(method, JSON.parse(text) as unknown[]);
    } catch (error) {
      this.#run.stop(error);
      return undefined;
    }
  }

  /** The arguments as JSON text, or the handle of a rejected promise explaining why not. */
  #serialize(method: SandboxMethod, args: QuickJSHandle[]): string | QuickJSHandle {
    const { context, helpers, request } = this.#run;
    const result = this.#run.enter(() => helpers.stringifyArgs(args));
    if (result.error !== undefined) return this.#rejectedWith(result.error);
    const text = readCappedString(context, result.value, request.limits.outputBytesMax);
    result.value.dispose();
    if (text.kind === 'text') return text.text;
    // A message over the cap ends the run, as the output would: the host never reads it.
    const message = `Cannot call ${method}: its arguments exceed ${request.limits.outputBytesMax} bytes of JSON`;
    this.#run.stop(limitExceeded('output', message));
    return this.#rejected('SKILL_LIMIT_EXCEEDED', message);
  }

  #send(method: SandboxMethod, args: unknown[]): QuickJSHandle {
    const deferred = this.#run.context.newPromise();
    this.#pending.add(deferred);
    this.#calls += 1;
    let answer: Promise<unknown>;
    try {
      answer = Promise.resolve(this.#run.request.host.call({ method, args }));
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (value) => this.#settle(deferred, { ok: true, value }),
      (error: unknown) => this.#settle(deferred, { ok: false, error }),
    );
    // The library disposes the returned handle after the call; `deferred` keeps its resolvers.
    return deferred.handle;
  }

  #settle(deferred: QuickJSDeferredPromise, answer: Answer): void {
    if (this.#run.isOver()) return;
    this.#pending.delete(deferred);
    this.#run.resume(() => {
      try {
        if (!answer.ok && !(answer.error instanceof NoctemError)) throw answer.error; // A host bug fails the run.
        const { helpers } = this.#run;
        const result = answer.ok
          ? this.#run.enter(() => helpers.parse(JSON.stringify(answer.value) ?? 'null'))
          : this.#run.enter(() => helpers.makeError((answer.error as NoctemError).code, (answer.error as NoctemError).message));
        // A NoctemError's VM twin is the rejection; a failure to build either (out of memory) rejects too.
        const reject = !answer.ok || result.error !== undefined;
        const handle = result.error ?? result.value;
        this.#run.enter(() => (reject ? deferred.reject(handle) : deferred.resolve(handle)));
        handle.dispose();
      } finally {
        deferred.dispose();
      }
    });
  }

  #rejected(code: string, message: string): QuickJSHandle {
    const result = this.#run.enter(() => this.#run.helpers.makeError(code, message));
    return this.#rejectedWith(result.error ?? result.value);
  }

  #rejectedWith(reason: QuickJSHandle): QuickJSHandle {
    const deferred = this.#run.context.newPromise();
    this.#run.enter(() => deferred.reject(reason));
    reason.dispose();
    return deferred.handle;
  }
}
