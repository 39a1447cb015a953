/**
 * The contract every {@link Sandbox} tier passes (STYLE.md "Contracts and fakes"). Call
 * `runSandboxContract(name, make)` from the adapter's test file; `make` builds the sandbox on
 * real resources (the WebAssembly module, real bubblewrap, real runsc). One sandbox serves
 * every case and is closed afterwards, so the cases also show that a sandbox runs many skills.
 *
 * Method: each case builds a tiny package (`Map<string, Uint8Array>` of JS source), runs it
 * with small limits so the whole contract takes a few seconds per tier, and checks the output
 * or the error code (never message text). The host is a small object recording its calls.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { limits, NoctemError, type ErrorCode } from '../core/index.ts';
import type {
  Sandbox, SandboxCall, SandboxHost, SandboxMethod, SandboxRunLimits, SandboxRunRequest, SandboxRunResult,
} from './sandbox.ts';

/** Options of {@link runSandboxContract}. */
export interface SandboxContractOptions {
  /** When set, every run's `startMs` must stay below it. @default undefined (not checked) */
  readonly coldStartMsMax?: number;
}

/** A host that records its calls and answers them with `answer` (default: echo the call). */
export interface RecordingHost extends SandboxHost {
  readonly calls: SandboxCall[];
}

/**
 * Builds a recording host.
 * @param answer - answers one call; defaults to `{ method, args }`
 * @returns the host; `calls` lists every call in arrival order
 */
export function recordingHost(answer?: (call: SandboxCall) => Promise<unknown>): RecordingHost {
  const calls: SandboxCall[] = [];
  return {
    calls,
    call(call: SandboxCall): Promise<unknown> {
      calls.push(call);
      return answer === undefined ? Promise.resolve({ method: call.method, args: call.args }) : answer(call);
    },
  };
}

/** Limits of a contract run unless a case overrides them: generous, so only the case's limit trips. */
export const contractLimits: SandboxRunLimits = {
  memoryBytesMax: limits.skillMemoryBytesDefault,
  cpuMsMax: 2_000,
  wallMsMax: 10_000,
  stackBytesMax: limits.skillStackBytesDefault,
  outputBytesMax: limits.skillOutputBytesMax,
};

/** What a contract case passes to {@link runSkill}: the entry source and anything to override. */
export interface SkillRun {
  /** Source of `main.js`, the entry. */
  readonly source: string;
  /** Further package files (path -> source). @default none */
  readonly files?: Readonly<Record<string, string>>;
  readonly input?: unknown;
  readonly methods?: readonly SandboxMethod[];
  readonly host?: SandboxHost;
  readonly limits?: Partial<SandboxRunLimits>;
  readonly signal?: AbortSignal;
}

/**
 * Runs one skill on `sandbox` in a fresh temporary work folder, removed afterwards.
 * @param sandbox - the tier under test
 * @param run - the skill and its overrides
 * @returns the run's result
 */
export async function runSkill(sandbox: Sandbox, run: SkillRun): Promise<SandboxRunResult> {
  const workDir = await mkdtemp(join(tmpdir(), 'noctem-sandbox-'));
  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array>([['main.js', encoder.encode(run.source)]]);
  for (const [path, text] of Object.entries(run.files ?? {})) files.set(path, encoder.encode(text));
  const request: SandboxRunRequest = {
    files,
    entry: 'main.js',
    input: run.input ?? null,
    methods: run.methods ?? ['memory.search'],
    host: run.host ?? recordingHost(),
    limits: { ...contractLimits, ...run.limits },
    workDir,
    ...(run.signal === undefined ? {} : { signal: run.signal }),
  };
  try {
    return await sandbox.run(request);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Awaits `promise`, which must reject with a {@link NoctemError} of `code`.
 * @returns the error, for further checks
 */
export async function expectRejection(promise: Promise<unknown>, code: ErrorCode): Promise<NoctemError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(NoctemError);
  expect((error as NoctemError).code).toBe(code);
  return error as NoctemError;
}

/**
 * Awaits `promise`, which must reject with SKILL_LIMIT_EXCEEDED naming `limit`.
 * @returns the error
 */
export async function expectLimit(promise: Promise<unknown>, limit: string): Promise<NoctemError> {
  const error = await expectRejection(promise, 'SKILL_LIMIT_EXCEEDED');
  expect(error.details['limit']).toBe(limit);
  return error;
}

/**
 * Runs the Sandbox contract.
 * @param name - the tier's name, used in the describe block
 * @param make - builds the sandbox under test (once for all cases)
 * @param options - tier-specific bounds
 */
export function runSandboxContract(
  name: string, make: () => Sandbox | Promise<Sandbox>, options: SandboxContractOptions = {},
): void {
  describe(`${name} contract`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await make();
    });
    afterAll(() => {
      sandbox.close();
    });
    const get = (): Sandbox => sandbox;
    describeOutcomes(get, options);
    describeHostCalls(get);
    describeFailures(get);
    describeLimits(get);
    describeKills(get);
    describeModules(get);
  });
}

function describeOutcomes(get: () => Sandbox, options: SandboxContractOptions): void {
  test('run() returns the output of a synchronous main', async () => {
    const result = await runSkill(get(), { source: 'export default function main() { return { ok: 1 }; }' });
    expect(result.output).toEqual({ ok: 1 });
  });

  test('run() returns the resolved output of an async main', async () => {
    const source = 'export default async function main() { await null; return [1, "two", null, true]; }';
    expect((await runSkill(get(), { source })).output).toEqual([1, 'two', null, true]);
  });

  test('run() passes the input through unchanged', async () => {
    const input = { text: 'héllo \u{1F600} "quoted"\n', n: -1.5e-7, list: [0, null, false, { deep: [[]] }] };
    const result = await runSkill(get(), { source: 'export default (input) => input;', input });
    expect(result.output).toEqual(input);
  });

  test('run() reports wallMs and startMs', async () => {
    const result = await runSkill(get(), { source: 'export default () => 1;' });
    expect(result.startMs).toBeGreaterThanOrEqual(0);
    expect(result.wallMs).toBeGreaterThanOrEqual(result.startMs);
    if (options.coldStartMsMax !== undefined) expect(result.startMs).toBeLessThan(options.coldStartMsMax);
  });

  test('run() twice on one sandbox works and shares no state', async () => {
    const source = 'export default () => { const seen = typeof globalThis.marker; globalThis.marker = 1; return seen; };';
    expect((await runSkill(get(), { source })).output).toBe('undefined');
    expect((await runSkill(get(), { source })).output).toBe('undefined');
  });
}

function describeHostCalls(get: () => Sandbox): void {
  test('run() answers noctem.memory.search through host.call', async () => {
    const host = recordingHost(async (call) => ({ hits: [call.args[0]] }));
    const source = 'export default async (input, noctem) => await noctem.memory.search("q", { k: 2 });';
    const result = await runSkill(get(), { source, host });
    expect(result.output).toEqual({ hits: ['q'] });
    expect(host.calls).toEqual([{ method: 'memory.search', args: ['q', { k: 2 }] }]);
  });

  test('run() leaves methods that were not granted undefined', async () => {
    const source = `export default (input, noctem) =>
      [typeof noctem.memory.search, typeof noctem.memory.write, typeof (noctem.net && noctem.net.fetch)];`;
    const result = await runSkill(get(), { source, methods: ['memory.search'] });
    expect(result.output).toEqual(['function', 'undefined', 'undefined']);
  });

  test('run() delivers a host NoctemError as a rejection carrying its code', async () => {
    const host = recordingHost(async () => {
      throw new NoctemError('SKILL_CAPABILITY_DENIED', 'Cannot search: not granted');
    });
    const source = `export default async (input, noctem) => {
      try { await noctem.memory.search('q'); return 'resolved'; }
      catch (error) { return { code: error.code, hasMessage: typeof error.message === 'string' }; } };`;
    const result = await runSkill(get(), { source, host });
    expect(result.output).toEqual({ code: 'SKILL_CAPABILITY_DENIED', hasMessage: true });
  });
}

function describeFailures(get: () => Sandbox): void {
  test('run() turns a thrown error into SKILL_FAILED with the message in details.skillError', async () => {
    const source = 'export default () => { throw new Error("boom-" + "x".repeat(100000)); };';
    const error = await expectRejection(runSkill(get(), { source, limits: { outputBytesMax: 4096 } }), 'SKILL_FAILED');
    const skillError = error.details['skillError'];
    expect(typeof skillError).toBe('string');
    expect(skillError as string).toContain('boom-');
    expect((skillError as string).length).toBeLessThanOrEqual(4096);
  });

  test('run() turns a rejected promise into SKILL_FAILED', async () => {
    const source = 'export default async () => { await null; throw new TypeError("nope"); };';
    const error = await expectRejection(runSkill(get(), { source }), 'SKILL_FAILED');
    expect(error.details['skillError']).toContain('nope');
  });

  test.each([
    ['a function', 'export default () => () => 1;'],
    ['a BigInt', 'export default () => 10n;'],
    ['undefined', 'export default () => undefined;'],
  ])('run() refuses %s as output with SKILL_FAILED', async (_label, source) => {
    await expectRejection(runSkill(get(), { source }), 'SKILL_FAILED');
  });

  test('run() refuses an entry without a default export with SKILL_FAILED', async () => {
    await expectRejection(runSkill(get(), { source: 'export const main = () => 1;' }), 'SKILL_FAILED');
  });

  test('run() refuses an entry that does not parse with SKILL_FAILED', async () => {
    await expectRejection(runSkill(get(), { source: 'export default () => {' }), 'SKILL_FAILED');
  });
}

function describeLimits(get: () => Sandbox): void {
  test('run() stops an infinite loop with SKILL_LIMIT_EXCEEDED cpu', async () => {
    const started = performance.now();
    await expectLimit(runSkill(get(), { source: 'export default () => { while (true) {} };', limits: { cpuMsMax: 300 } }), 'cpu');
    expect(performance.now() - started).toBeLessThan(300 + 1_500);
  });

  test('run() stops a skill waiting on a host call forever with SKILL_LIMIT_EXCEEDED wall', async () => {
    const host = recordingHost(() => new Promise(() => undefined));
    const source = 'export default async (input, noctem) => { await noctem.memory.search("q"); return 1; };';
    await expectLimit(runSkill(get(), { source, host, limits: { wallMsMax: 500 } }), 'wall');
  });

  test('run() refuses output longer than outputBytesMax with SKILL_LIMIT_EXCEEDED output', async () => {
    const source = 'export default () => "x".repeat(5000);';
    await expectLimit(runSkill(get(), { source, limits: { outputBytesMax: 1000 } }), 'output');
  });

  test('run() stops a memory bomb with SKILL_LIMIT_EXCEEDED memory', async () => {
    const source = `export default () => { const keep = [];
      for (let i = 0; ; i++) keep.push("x".repeat(1024) + i); };`;
    const runLimits = { memoryBytesMax: 32 * 1024 * 1024, cpuMsMax: 5_000, wallMsMax: 10_000 };
    await expectLimit(runSkill(get(), { source, limits: runLimits }), 'memory');
  });
}

function describeKills(get: () => Sandbox): void {
  // The host aborts while answering the skill's call, so the skill is known to be running
  // (past any process start-up) and then spins; every tier must notice the abort.
  test('run() rejects with SKILL_KILLED within skillKillMsMax of an abort while the skill spins', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const host = recordingHost(async () => {
      abortedAt = performance.now();
      controller.abort();
      return null;
    });
    const source = 'export default (input, noctem) => { noctem.memory.search("go"); while (true) {} };';
    const run = runSkill(get(), { source, host, signal: controller.signal, limits: { cpuMsMax: 10_000, wallMsMax: 20_000 } });
    await expectRejection(run, 'SKILL_KILLED');
    expect(performance.now() - abortedAt).toBeLessThan(limits.skillKillMsMax);
  });

  test('run() rejects with SKILL_KILLED within skillKillMsMax of an abort while the skill awaits the host', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const host = recordingHost(() => {
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort();
      }, 50);
      return new Promise(() => undefined);
    });
    const source = 'export default async (input, noctem) => { await noctem.memory.search("wait"); return 1; };';
    const run = runSkill(get(), { source, host, signal: controller.signal, limits: { wallMsMax: 20_000 } });
    await expectRejection(run, 'SKILL_KILLED');
    expect(performance.now() - abortedAt).toBeLessThan(limits.skillKillMsMax);
  });

  test('run() with an already aborted signal rejects with SKILL_KILLED', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectRejection(runSkill(get(), { source: 'export default () => 1;', signal: controller.signal }), 'SKILL_KILLED');
  });
}

function describeModules(get: () => Sandbox): void {
  test('run() resolves a relative import between package files', async () => {
    const files = { 'lib.js': 'export const twice = (n) => n * 2;', 'util/deep.js': 'export { twice } from "../lib.js";' };
    const source = 'import { twice } from "./util/deep.js"; export default (input) => twice(input);';
    expect((await runSkill(get(), { source, files, input: 21 })).output).toBe(42);
  });

  test.each(['node:fs', 'fs'])('run() refuses an import of %s with SKILL_FAILED', async (specifier) => {
    const source = `import * as fs from "${specifier}"; export default () => typeof fs;`;
    await expectRejection(runSkill(get(), { source }), 'SKILL_FAILED');
  });

  test('run() refuses an import of a file outside the package with SKILL_FAILED', async () => {
    const source = 'import x from "../../../etc/passwd.js"; export default () => x;';
    await expectRejection(runSkill(get(), { source }), 'SKILL_FAILED');
  });
}
