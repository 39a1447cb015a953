/**
 * QuickJsSandbox: the shared Sandbox contract, then what only the QuickJS tier does — a
 * fresh WebAssembly instance per run with a real memory cap, CPU counted only inside the
 * VM, host-call accounting, and clean disposal of every handle however a run ends (the
 * engine asserts on a leaked handle, so a leak would reject the run with a RuntimeError).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { limits } from '../core/index.ts';
import { createQuickJsSandbox, type QuickJsSandbox } from './quickjs-sandbox.ts';
import { expectLimit, expectRejection, recordingHost, runSandboxContract, runSkill } from './sandbox.contract.ts';

runSandboxContract('QuickJsSandbox', createQuickJsSandbox, { coldStartMsMax: 100 });

describe('QuickJsSandbox', () => {
  let sandbox: QuickJsSandbox;
  beforeAll(async () => {
    sandbox = await createQuickJsSandbox();
  });
  afterAll(() => {
    sandbox.close();
  });

  test('createQuickJsSandbox() reports the time it took to load the engine', () => {
    expect(sandbox.tier).toBe('quickjs');
    expect(sandbox.info.loadMs).toBeGreaterThan(0);
  });

  test('run() caps the linear memory at memoryBytesMax even for one large allocation', async () => {
    const source = 'export default () => new ArrayBuffer(48 * 1024 * 1024).byteLength;';
    await expectLimit(runSkill(sandbox, { source, limits: { memoryBytesMax: 32 * 1024 * 1024 } }), 'memory');
  });

  test('run() lets a skill use memory within memoryBytesMax', async () => {
    const source = 'export default () => new ArrayBuffer(24 * 1024 * 1024).byteLength;';
    const result = await runSkill(sandbox, { source, limits: { memoryBytesMax: 64 * 1024 * 1024 } });
    expect(result.output).toBe(24 * 1024 * 1024);
  });

  test('run() waits for the entry\'s top-level await, in the entry and in its imports', async () => {
    const files = { 'lib.js': 'export const base = await Promise.resolve(40);' };
    const source = 'import { base } from "./lib.js"; const one = await Promise.resolve(1); export default () => base + one + 1;';
    expect((await runSkill(sandbox, { source, files })).output).toBe(42);
  });

  test('run() does not count time waiting for the host against cpuMsMax', async () => {
    const host = recordingHost(() => new Promise((resolve) => setTimeout(() => resolve('late'), 400)));
    const source = 'export default async (input, noctem) => await noctem.memory.search("q");';
    const result = await runSkill(sandbox, { source, host, limits: { cpuMsMax: 200 } });
    expect(result.output).toBe('late');
  });

  test('run() rejects calls beyond skillHostCallsInFlightMax with SKILL_LIMIT_EXCEEDED', async () => {
    const host = recordingHost(async () => 'ok');
    const source = `export default async (input, noctem) => {
      const calls = []; for (let i = 0; i < input; i++) calls.push(noctem.memory.search(String(i)));
      const settled = await Promise.allSettled(calls);
      return settled.filter((s) => s.status === 'rejected' && s.reason.code === 'SKILL_LIMIT_EXCEEDED').length; };`;
    const result = await runSkill(sandbox, { source, host, input: limits.skillHostCallsInFlightMax + 4 });
    expect(result.output).toBe(4);
    expect(host.calls).toHaveLength(limits.skillHostCallsInFlightMax);
  });

  test('run() fails with the host\'s own error when host.call throws something other than a NoctemError', async () => {
    const host = recordingHost(async () => {
      throw new TypeError('host bug');
    });
    const source = 'export default async (input, noctem) => { try { await noctem.memory.search("q"); } catch (e) {} return 1; };';
    const error = await runSkill(sandbox, { source, host }).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(TypeError);
  });

  test('run() keeps concurrent runs apart', async () => {
    const host = recordingHost((call) => new Promise((resolve) => setTimeout(() => resolve(call.args[0]), 20)));
    const source = `export default async (input, noctem) => {
      globalThis.mine = input; await noctem.memory.search(input); return [globalThis.mine, await noctem.memory.search(input)]; };`;
    const [a, b] = await Promise.all([runSkill(sandbox, { source, host, input: 'a' }), runSkill(sandbox, { source, host, input: 'b' })]);
    expect([a.output, b.output]).toEqual([['a', 'a'], ['b', 'b']]);
  });

  test('run() kills a synchronous spin within skillKillMsMax of an abort from a timer', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 50);
    const run = runSkill(sandbox, { source: 'export default () => { for (;;) {} };', signal: controller.signal, limits: { cpuMsMax: 5_000 } });
    await expectRejection(run, 'SKILL_KILLED');
    expect(performance.now() - abortedAt).toBeLessThan(limits.skillKillMsMax);
  });

  test('run() keeps the host\'s event loop free while a skill spins', async () => {
    let gapMsMax = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      gapMsMax = Math.max(gapMsMax, performance.now() - last);
      last = performance.now();
    }, 10);
    await expectLimit(runSkill(sandbox, { source: 'export default () => { for (;;) {} };', limits: { cpuMsMax: 1000 } }), 'cpu');
    clearInterval(ticker);
    // A run on the host's thread would stall it for the whole second; the allowance is for a
    // loaded CI machine (two test files share 2 cores).
    expect(gapMsMax).toBeLessThan(500);
  });

  test('run() works on a fresh thread after the previous one was terminated', async () => {
    await expectLimit(runSkill(sandbox, { source: 'export default () => { for (;;) {} };', limits: { cpuMsMax: 50 } }), 'cpu');
    const controller = new AbortController();
    const host = recordingHost(async () => {
      controller.abort();
      return null;
    });
    const killedRun = runSkill(sandbox, { source: 'export default (i, n) => { n.memory.search("x"); for (;;) {} };', host, signal: controller.signal });
    await expectRejection(killedRun, 'SKILL_KILLED');
    expect((await runSkill(sandbox, { source: 'export default () => "alive";' })).output).toBe('alive');
  });

  test('run() leaves nothing running after the skill returned', async () => {
    const host = recordingHost();
    const source = 'export default (input, noctem) => { Promise.resolve().then(() => noctem.memory.search("late")); return 1; };';
    expect((await runSkill(sandbox, { source, host })).output).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.calls).toEqual([]);
  });

  test('run() after close() is a bug', async () => {
    const closed = await createQuickJsSandbox();
    closed.close();
    closed.close();
    await expect(runSkill(closed, { source: 'export default () => 1;' })).rejects.toThrow(/after close/);
  });
});

describe('QuickJsSandbox disposal', () => {
  let sandbox: QuickJsSandbox;
  beforeAll(async () => {
    sandbox = await createQuickJsSandbox();
  });
  afterAll(() => {
    sandbox.close();
  });

  // Each skill ends while VM values, host calls in flight or promises are still alive.
  test.each([
    ['throws with calls in flight', 'SKILL_FAILED', 'export default (i, n) => { n.memory.search("a"); n.memory.search("b"); throw new Error("x"); };'],
    ['rejects after a settled call', 'SKILL_FAILED', 'export default async (i, n) => { const kept = [await n.memory.search("a"), {}]; throw kept; };'],
    ['spins with calls in flight', 'SKILL_LIMIT_EXCEEDED', 'export default (i, n) => { n.memory.search("a"); for (;;) {} };'],
    ['runs out of memory mid-job', 'SKILL_LIMIT_EXCEEDED', 'export default async (i, n) => { await n.memory.search("a"); const k = []; for (;;) k.push({ k }); };'],
    ['overflows the stack inside a job', 'SKILL_LIMIT_EXCEEDED', 'export default async (i, n) => { await null; const f = () => f() + 1; return f(); };'],
    ['is killed while it awaits', 'SKILL_KILLED', 'export default async (i, n) => { n.memory.search("a"); await n.memory.search("kill"); };'],
  ])('run() that %s disposes cleanly', async (_label, code, source) => {
    const controller = new AbortController();
    const host = recordingHost((call) => {
      if (call.args[0] === 'a') return Promise.resolve('A');
      if (call.args[0] === 'kill') setTimeout(() => controller.abort(), 10);
      return new Promise(() => undefined);
    });
    const runLimits = { cpuMsMax: 300, memoryBytesMax: 32 * 1024 * 1024 };
    await expectRejection(runSkill(sandbox, { source, host, signal: controller.signal, limits: runLimits }), code as 'SKILL_FAILED');
  });
});
