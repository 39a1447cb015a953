/**
 * The `Sandbox` port (issue 7): runs one skill's entry module, untrusted, with no ambient
 * authority. The only way out of a sandbox is `host.call`, which the skills layer's
 * capability broker answers after checking grants, scopes, policy and approvals. Three
 * adapters implement it, weakest isolation first: `quickjs-sandbox.ts` (QuickJS in
 * WebAssembly, in process), `bubblewrap-sandbox.ts` (a Node child under bubblewrap +
 * prlimit + Node's permission model) and `runsc-sandbox.ts` (the same child under gVisor).
 * Every adapter passes `sandbox.contract.ts`.
 */
import { limits } from '../core/index.ts';

/** The sandbox tiers, weakest isolation first. */
export const sandboxTiers = ['quickjs', 'process', 'gvisor'] as const;

/** A sandbox tier. */
export type SandboxTier = (typeof sandboxTiers)[number];

/**
 * The capability methods a skill may call on its second argument, `noctem`, as
 * `noctem.memory.search(query, options)` and so on. Every call is asynchronous (returns a
 * promise) and takes and returns JSON values. Which of them exist in a given run is
 * `SandboxRunRequest.methods`.
 */
export const sandboxMethods = [
  'memory.search', 'memory.write', 'net.fetch', 'fs.read', 'fs.write', 'secrets.get', 'llm.complete', 'self.modify',
] as const;

/** A capability method name, `<namespace>.<function>`. */
export type SandboxMethod = (typeof sandboxMethods)[number];

/** One call from inside the sandbox. `args` is untrusted JSON. */
export interface SandboxCall {
  readonly method: SandboxMethod;
  readonly args: readonly unknown[];
}

/**
 * The host side of the capabilities: answers one call with a JSON value, or throws a
 * `NoctemError` (its code and message reach the skill as a rejected promise whose error
 * has `code` and `message`). Calls from one run may overlap.
 */
export interface SandboxHost {
  call(call: SandboxCall): Promise<unknown>;
}

/** Resource limits of one run. */
export interface SandboxRunLimits {
  /** Heap / address space the skill may use, bytes. */
  readonly memoryBytesMax: number;
  /** CPU time the skill's own code may use, ms (host calls and approval waits not counted where the tier can tell). */
  readonly cpuMsMax: number;
  /** Wall-clock time of the whole run including host calls, ms. */
  readonly wallMsMax: number;
  /** Stack size, bytes (QuickJS stack limit; `ulimit -s` for processes). */
  readonly stackBytesMax: number;
  /** Bytes of the JSON text of the output, and of any one message the skill sends. */
  readonly outputBytesMax: number;
}

/** One run. */
export interface SandboxRunRequest {
  /** The package's files as verified against its signature; the sandbox runs exactly these bytes. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** The entry module's path inside `files`: an ES module whose default export is `main(input, noctem)`. */
  readonly entry: string;
  /** JSON value passed as `input`. */
  readonly input: unknown;
  /** The methods present on `noctem`; absent ones are `undefined` inside the skill. */
  readonly methods: readonly SandboxMethod[];
  readonly host: SandboxHost;
  readonly limits: SandboxRunLimits;
  /**
   * A private folder the process tiers may use for the run (the package is materialized
   * there); created by the caller, removed by the caller afterwards.
   */
  readonly workDir: string;
  /** Aborting it (the kill switch) stops the run within `limits.skillKillMsMax`; the run rejects with SKILL_KILLED. */
  readonly signal?: AbortSignal;
}

/** How a run ended well. */
export interface SandboxRunResult {
  /** `main`'s resolved value, as JSON-parsed from the sandbox. */
  readonly output: unknown;
  /** Wall-clock time from `run` to the result, ms. */
  readonly wallMs: number;
  /** Time until the sandbox was ready to call `main`, ms (cold-start cost of this run). */
  readonly startMs: number;
}

/**
 * A sandbox tier's runner.
 *
 * `run` rejects with a `NoctemError`:
 * - SKILL_FAILED: the skill threw, rejected, had no default export, or returned a non-JSON value;
 * - SKILL_LIMIT_EXCEEDED: memory, CPU, wall time, stack or output limit (`details.limit` names it);
 * - SKILL_KILLED: `signal` aborted;
 * - SANDBOX_UNAVAILABLE: the tier cannot run on this machine.
 */
export interface Sandbox {
  readonly tier: SandboxTier;
  run(request: SandboxRunRequest): Promise<SandboxRunResult>;
  /** Releases what the adapter holds (the WebAssembly module); idempotent. */
  close(): void;
}

/**
 * Why a run's next capability call must be refused (SKILL_LIMIT_EXCEEDED), or undefined when
 * it may go: the same budget in every tier.
 * @param method - the method called
 * @param counts - calls the run made so far and calls still in flight
 */
export function hostCallRefusal(method: SandboxMethod, counts: { readonly made: number; readonly inFlight: number }): string | undefined {
  if (counts.made >= limits.skillHostCallsMax) return `Cannot call ${method}: the skill made ${limits.skillHostCallsMax} calls already`;
  if (counts.inFlight >= limits.skillHostCallsInFlightMax) return `Cannot call ${method}: ${limits.skillHostCallsInFlightMax} calls are in flight`;
  return undefined;
}
