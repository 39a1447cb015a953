/**
 * Escape attempts on the QuickJS tier. Goal: every attempt is contained — it fails with the
 * expected code, or it runs and sees nothing of the host — and the host process is intact
 * afterwards. Method: each test runs one hostile skill on a shared sandbox, checks the
 * outcome, then `expectHostIntact()` checks the host's globals and prototypes and runs a
 * plain skill on the same sandbox. docs/security.md lists these attempts and outcomes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { limits } from '../core/index.ts';
import { createQuickJsSandbox, quickJsWatchdogGraceMs, type QuickJsSandbox } from './quickjs-sandbox.ts';
import { expectLimit, expectRejection, recordingHost, runSkill } from './sandbox.contract.ts';

/** The globals of a QuickJS context as the skill sees it: ECMAScript intrinsics, nothing else. */
const expectedGlobals = [
  'AggregateError', 'Array', 'ArrayBuffer', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean', 'DataView', 'Date',
  'Error', 'EvalError', 'FinalizationRegistry', 'Float16Array', 'Float32Array', 'Float64Array', 'Function', 'Infinity',
  'Int16Array', 'Int32Array', 'Int8Array', 'InternalError', 'Iterator', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object',
  'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set', 'String', 'Symbol', 'SyntaxError',
  'TypeError', 'URIError', 'Uint16Array', 'Uint32Array', 'Uint8Array', 'Uint8ClampedArray', 'WeakMap', 'WeakRef', 'WeakSet',
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'eval', 'globalThis', 'isFinite', 'isNaN',
  'parseFloat', 'parseInt', 'undefined', 'unescape',
];

/** What a skill reports when it looks for host objects from some starting point. */
const probeHost = `(g) => [typeof g.process, typeof g.require, typeof g.module, typeof g.Buffer, typeof g.std,
  typeof g.os, typeof g.WebAssembly, typeof g.fetch, typeof g.setTimeout].join()`;
const nothingFound = Array(9).fill('undefined').join();

describe('QuickJsSandbox escape attempts', () => {
  let sandbox: QuickJsSandbox;
  beforeAll(async () => {
    sandbox = await createQuickJsSandbox();
  });
  afterAll(() => {
    sandbox.close();
  });

  async function expectHostIntact(): Promise<void> {
    expect(typeof process.pid).toBe('number');
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(Object.keys(Array.prototype)).toEqual([]);
    expect((await runSkill(sandbox, { source: 'export default (input) => input + 1;', input: 1 })).output).toBe(2);
  }

  async function outputOf(source: string, input?: unknown): Promise<unknown> {
    return (await runSkill(sandbox, { source, input })).output;
  }

  test('a method\'s constructor chain (noctem.memory.search.constructor("return this")()) reaches only the VM global', async () => {
    const source = `const probe = ${probeHost};
      export default (input, noctem) => probe(noctem.memory.search.constructor('return this')());`;
    expect(await outputOf(source)).toBe(nothingFound);
    await expectHostIntact();
  });

  test('the async function constructor ((async () => {}).constructor) builds code that sees only the VM', async () => {
    const source = `const probe = ${probeHost};
      export default async () => probe(await (async () => {}).constructor('return globalThis')());`;
    expect(await outputOf(source)).toBe(nothingFound);
    await expectHostIntact();
  });

  test('Object.getPrototypeOf walks from noctem end at the VM\'s own intrinsics', async () => {
    const source = `export default (input, noctem) => {
      const names = [];
      for (const start of [noctem, noctem.memory, noctem.memory.search]) {
        for (let o = start; o !== null; o = Object.getPrototypeOf(o)) names.push(o === Object.prototype || o === Function.prototype);
      }
      return [names, Object.getOwnPropertyNames(noctem), Object.getOwnPropertyNames(noctem.memory)]; };`;
    expect(await outputOf(source)).toEqual([[false, true, false, true, false, true, true], ['memory'], ['search']]);
    await expectHostIntact();
  });

  test('__proto__ pollution inside the VM and through the output leaves the host\'s Object.prototype untouched', async () => {
    const source = `export default (input, noctem) => {
      Object.prototype.polluted = 1; ({}).__proto__.polluted2 = 1; noctem.__proto__.polluted3 = 1;
      return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'); };`;
    const output = await outputOf(source);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    await expectHostIntact();
  });

  test('Function- and eval-built code looking for process, require and globalThis.process finds nothing', async () => {
    const source = `export default () => [
      new Function('return typeof process + typeof require + typeof module + typeof __dirname')(),
      eval('typeof process + typeof require + typeof globalThis.process'),
      (0, eval)('typeof this.process')];`;
    expect(await outputOf(source)).toEqual(['undefinedundefinedundefinedundefined', 'undefinedundefinedundefined', 'undefined']);
    await expectHostIntact();
  });

  test('the std and os modules of the QuickJS shell are absent, as globals and as imports', async () => {
    const source = `export default async () => {
      const tries = await Promise.allSettled([import('std'), import('os'), import('qjs:std')]);
      return [typeof std, typeof os, typeof scriptArgs, typeof print, ...tries.map((t) => t.status)]; };`;
    expect(await outputOf(source)).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'rejected', 'rejected', 'rejected']);
    await expectRejection(runSkill(sandbox, { source: 'import * as std from "std"; export default () => typeof std;' }), 'SKILL_FAILED');
    await expectHostIntact();
  });

  test('dynamic import("node:fs"), import("fs") and import("/etc/passwd") are refused', async () => {
    const source = `export default async () => (await Promise.allSettled(
      [import('node:fs'), import('fs'), import('/etc/passwd'), import('file:///etc/passwd'), import('./../../etc/passwd')]))
      .map((t) => t.status);`;
    expect(await outputOf(source)).toEqual(Array(5).fill('rejected'));
    await expectHostIntact();
  });

  test('enumerating globalThis shows only ECMAScript intrinsics', async () => {
    const names = await outputOf('export default () => Object.getOwnPropertyNames(globalThis).sort();');
    expect(names).toEqual([...expectedGlobals].sort());
    await expectHostIntact();
  });

  test('SharedArrayBuffer, Atomics and WebAssembly are absent', async () => {
    const source = 'export default () => [typeof SharedArrayBuffer, typeof Atomics, typeof WebAssembly];';
    expect(await outputOf(source)).toEqual(['undefined', 'undefined', 'undefined']);
    await expectHostIntact();
  });

  test.each([
    ['plain recursion', 'const f = () => f() + 1; return f();'],
    ['recursion through a getter', 'const o = { get x() { return this.x; } }; return o.x;'],
    ['recursion through toJSON', 'const o = { toJSON() { return JSON.stringify(o); } }; return JSON.stringify(o);'],
    ['recursion through a Proxy trap', 'const p = new Proxy({}, { get: (t, k) => p[k] }); return p.x;'],
    ['recursion through Array.prototype.map', 'const f = () => [1].map(f); return f();'],
    ['recursion through eval', 'const f = () => eval("f()"); return f();'],
    ['nesting in JSON.parse', 'return JSON.parse("[".repeat(200000) + "]".repeat(200000));'],
  ])('deep %s with the default stack limit ends in a stack error, not a host crash', async (_label, body) => {
    await expectLimit(runSkill(sandbox, { source: `export default () => { ${body} };` }), 'stack');
    await expectHostIntact();
  });

  test.each([
    ['strings', 'const k = []; for (;;) k.push("x".repeat(1024) + k.length);'],
    ['objects holding a cycle', 'const k = []; for (;;) k.push({ k });'],
    ['one huge typed array', 'return new Uint8Array(1e9).length;'],
  ])('a memory bomb of %s is stopped by the memory limit', async (_label, body) => {
    const run = runSkill(sandbox, { source: `export default () => { ${body} };`, limits: { memoryBytesMax: 32 * 1024 * 1024 } });
    await expectLimit(run, 'memory');
    await expectHostIntact();
  });

  test('a string doubled without end stops at QuickJS\'s string length cap', async () => {
    const run = runSkill(sandbox, { source: 'export default () => { let s = "x"; for (;;) s = s + s; };', limits: { memoryBytesMax: 32 * 1024 * 1024 } });
    const error = await expectRejection(run, 'SKILL_FAILED');
    expect(error.details['skillError']).toBe('InternalError: string too long');
    await expectHostIntact();
  });

  test.each([
    ['an infinite loop', 'for (;;) {}'],
    ['an infinite loop that catches its own interrupt', 'for (;;) { try { for (;;) {} } catch (e) {} }'],
    ['a Promise job flood (for (;;) await null)', 'return (async () => { for (;;) await null; })();'],
    ['catastrophic regex backtracking', 'return /(a+)+$/.test("a".repeat(40) + "b");'],
    ['a returned object whose toJSON loops', 'return { toJSON() { for (;;) {} } };'],
    ['a thrown object whose message getter loops', 'throw { get message() { for (;;) {} } };'],
  ])('%s is stopped by the CPU limit', async (_label, body) => {
    const started = performance.now();
    await expectLimit(runSkill(sandbox, { source: `export default () => { ${body} };`, limits: { cpuMsMax: 200 } }), 'cpu');
    expect(performance.now() - started).toBeLessThan(200 + 1_500);
    await expectHostIntact();
  });

  test.each([
    ['a loop around a slow builtin (indexOf on a long string), between interrupt polls',
      'const s = "a".repeat(1e6) + "b"; let n = 0; for (;;) n += s.indexOf("aab");'],
    ['one quadratic builtin call (indexOf of a long near-match), with no interrupt poll at all',
      'return "a".repeat(2e6).indexOf("a".repeat(1e6) + "b");'],
  ])('%s is stopped by the CPU watchdog', async (_label, body) => {
    const started = performance.now();
    await expectLimit(runSkill(sandbox, { source: `export default () => { ${body} };`, limits: { cpuMsMax: 200 } }), 'cpu');
    expect(performance.now() - started).toBeLessThan(200 + quickJsWatchdogGraceMs + 1_500);
    await expectHostIntact();
  });

  test('an oversized output is refused', async () => {
    const source = 'export default () => ({ big: "é".repeat(600) });';
    await expectLimit(runSkill(sandbox, { source, limits: { outputBytesMax: 1_000 } }), 'output');
    await expectHostIntact();
  });

  test('a giant string passed to a host method never reaches the host', async () => {
    const host = recordingHost();
    const source = 'export default async (input, noctem) => { try { await noctem.memory.search("x".repeat(1e7)); } catch (e) {} return 1; };';
    await expectLimit(runSkill(sandbox, { source, host, limits: { outputBytesMax: 4_096 } }), 'output');
    expect(host.calls).toEqual([]);
    await expectHostIntact();
  });

  test('arguments whose getter loops while being serialized are stopped by the CPU limit', async () => {
    const host = recordingHost();
    const source = 'export default (input, noctem) => noctem.memory.search({ get q() { for (;;) {} } });';
    await expectLimit(runSkill(sandbox, { source, host, limits: { cpuMsMax: 200 } }), 'cpu');
    expect(host.calls).toEqual([]);
    await expectHostIntact();
  });

  test('a host-call flood past skillHostCallsMax is refused with SKILL_LIMIT_EXCEEDED', async () => {
    const host = recordingHost(async () => null);
    const source = `export default async (input, noctem) => {
      for (let i = 0; ; i++) { try { await noctem.memory.search(i); } catch (e) { return [i, e.code]; } } };`;
    const result = await runSkill(sandbox, { source, host, limits: { cpuMsMax: 10_000 } });
    expect(result.output).toEqual([limits.skillHostCallsMax, 'SKILL_LIMIT_EXCEEDED']);
    expect(host.calls).toHaveLength(limits.skillHostCallsMax);
    await expectHostIntact();
  });

  test('replacing JSON.stringify and JSON.parse does not forge the output or a host answer', async () => {
    const host = recordingHost(async () => ({ real: true }));
    const source = `export default async (input, noctem) => {
      JSON.stringify = () => '{"forged":true}'; JSON.parse = () => ({ forged: true });
      return { answer: await noctem.memory.search('q') }; };`;
    expect((await runSkill(sandbox, { source, host })).output).toEqual({ answer: { real: true } });
    await expectHostIntact();
  });
});
