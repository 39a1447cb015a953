/**
 * Goal: the static scan refuses every construct its rules refuse and flags the flagged
 * ones, in the plain and the lightly disguised forms, passes clean modules, and stays
 * bounded on hostile input (syntax errors, deep nesting, a huge generated file).
 * Method: packages built in memory, one small module per case, scanned for real (acorn).
 */
import { describe, expect, test } from 'vitest';
import { limits, type NoctemError } from '../core/index.ts';
import type { SkillPackage } from './skill-digest.ts';
import { validateSkillManifest, type SkillTier } from './skill-manifest.ts';
import { assertScanPasses, scanSkillPackage, type SkillScanReport } from './skill-scan.ts';
import { skillScanRules, type SkillScanRule } from './skill-scan-rules.ts';

const author = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const encoder = new TextEncoder();

function pkgOf(files: Record<string, string | Uint8Array>, options: { entry?: string; tier?: SkillTier } = {}): SkillPackage {
  const manifest = validateSkillManifest({
    name: 'probe', version: '1.0.0', description: '', entry: options.entry ?? 'main.js', capabilities: [], tier: options.tier ?? 'process', author,
  });
  const list = Object.entries(files).map(([path, content]) => ({ path, bytes: typeof content === 'string' ? encoder.encode(content) : content }));
  return { manifest, files: list };
}

/** Scans `code` as the entry module `main.js` of a package that also holds `lib.js` and `data.json`. */
function scanCode(code: string, tier: SkillTier = 'process'): SkillScanReport {
  return scanSkillPackage(pkgOf({ 'main.js': code, 'lib.js': 'export const x = 1;', 'data.json': '{}' }, { tier }));
}

function rulesOf(report: SkillScanReport): SkillScanRule[] {
  return report.findings.map((finding) => finding.rule);
}

function severityOf(report: SkillScanReport, rule: SkillScanRule): string | undefined {
  return report.findings.find((finding) => finding.rule === rule)?.severity;
}

const clean = [
  'import { x } from "./lib.js"; export default async function main(input, noctem) { return { x, n: input.n + 1 }; }',
  'export { x } from "./lib.js"; export * from "./lib.js"; export default () => 1;',
  'class A { constructor() { this.a = 1; } process() { return this.a; } } export default (v) => v instanceof Function ? 0 : new A().process();',
  'const o = { process: 1, eval: 2, constructor: 3 }; export default () => o.process + o.eval + globalThis_.x; const globalThis_ = { x: 1 };',
  'export default async (input, noctem) => (await noctem.memory.search(input.q)).map((hit) => hit.id);',
];

/** [rule, an example that breaks it, a near miss that must not]. */
const examples: readonly [SkillScanRule, string, string][] = [
  ['import-not-relative', 'import fs from "node:fs";', 'import { x } from "./lib.js";'],
  ['import-not-relative', 'import x from "lodash";', 'import x from "./lib.js";'],
  ['import-not-relative', 'export * from "https://example.com/x.js";', 'export * from "./lib.js";'],
  ['import-outside-package', 'import x from "../outside.js";', 'import x from "./sub/../lib.js";'],
  ['import-missing', 'import x from "./nope.js";', 'import x from "./lib.js";'],
  ['import-missing', 'import x from "./lib";', 'import x from "./lib.js";'],
  ['import-not-module', 'import x from "./data.json" with { type: "json" };', 'import x from "./lib.js";'],
  ['import-dynamic', 'export default async () => import("./lib.js");', 'import "./lib.js";'],
  ['commonjs', 'const fs = require("fs");', 'const o = { require: 1 }; o.require;'],
  ['commonjs', 'export default () => module.exports;', 'const o = { module: 1 }; o.module;'],
  ['eval', 'eval("1");', 'const o = { eval: 1 }; o.eval;'],
  ['eval', '(0, eval)("1");', 'const evaluate = (x) => x; evaluate(1);'],
  ['eval', 'export default function f() { return this["ev" + "al"]("1"); }', 'export default function f() { return this["val"]; }'],
  ['eval', 'globalThis.eval("1");', 'const g = { eval: 1 }; g.eval;'],
  ['function-constructor', 'Function("return 1")();', 'export default (f) => f instanceof Function;'],
  ['function-constructor', 'new Function("return 1");', 'const o = { Function: 1 };'],
  ['function-constructor', 'globalThis["Fun" + "ction"]("return 1");', 'const o = {}; o["Fun" + "ny"];'],
  ['function-constructor', '(() => 1).constructor("return 1");', '(() => 1).call(null);'],
  ['constructor-chain', '[]["constructor"]["constructor"]("return process")();', 'class A {} new A().constructor === A;'],
  ['constructor-chain', '({}).constructor.constructor("1");', '({}).constructor.name;'],
  ['constructor-chain', 'const f = "".constructor[`constructor`];', 'const f = "".constructor[`name`];'],
  ['process', 'process.exit(1);', 'const o = { process: 1 }; o.process;'],
  ['process', 'const { process: p } = globalThis;', 'const { process: p } = { process: 1 };'],
  ['process', 'globalThis.process.env;', 'const env = {}; env.process;'],
  ['atomics-wait', 'Atomics.wait(new Int32Array(4), 0, 0);', 'Atomics.load(new Int32Array(4), 0);'],
  ['webassembly', 'WebAssembly.compile(new Uint8Array(8));', 'const wasm = 1;'],
  ['import-meta', 'export default () => import.meta.url;', 'export default function f() { return new.target; }'],
  ['proto', 'const o = {}; o.__proto__ = null;', 'const o = {}; Object.getPrototypeOf(o);'],
  ['proto', 'const o = { __proto__: null };', 'const o = { proto: null };'],
  ['constructor-chain', 'const { constructor: { constructor: F } } = [];', 'const { constructor: { name } } = [];'],
  ['constructor-access', 'const c = [].constructor;', 'const c = [].length;'],
  ['constructor-access', 'const { constructor: c } = [];', 'const { length: c } = [];'],
  ['set-prototype', 'Object.setPrototypeOf({}, null);', 'Object.getPrototypeOf({});'],
  ['set-prototype', 'Reflect.setPrototypeOf({}, null);', 'Reflect.ownKeys({});'],
  ['global-object', 'globalThis.x = 1;', 'const o = {}; o.globalThis = 1;'],
  ['global-object', 'self.x = 1;', 'const o = {}; o.self = 1;'],
  ['global-object', 'global.x = 1;', 'const o = { global: 1 };'],
  ['proxy', 'new Proxy({}, {});', 'const o = { Proxy: 1 };'],
  ['shared-memory', 'new SharedArrayBuffer(8);', 'new ArrayBuffer(8);'],
  ['computed-global', 'const k = "x"; globalThis[k];', 'const k = "x"; const o = {}; o[k];'],
  ['computed-global', 'export default function f(k) { return this[k]; }', 'export default function f() { return this.k; }'],
  ['debugger', 'debugger;', 'const debug = 1;'],
  ['minified', `export const s = "${'a'.repeat(1200)}";`, `export const s = "${'a'.repeat(900)}";`],
];

describe('scanSkillPackage', () => {
  test.each(clean.map((code, index) => [index, code]))('scanSkillPackage() passes clean module %i', (_index, code) => {
    const report = scanCode(code as string);
    expect(report.findings).toEqual([]);
    expect(report.refused).toBe(false);
  });

  test.each(examples)('scanSkillPackage() reports %s (example %#)', (rule, bad) => {
    const report = scanCode(bad);
    expect(severityOf(report, rule)).toBe(skillScanRules[rule].severity.process);
    expect(report.refused).toBe(report.findings.some((finding) => finding.severity === 'refuse'));
  });

  test.each(examples)('scanSkillPackage() does not report %s in a near miss (example %#)', (rule, _bad, good) => {
    expect(rulesOf(scanCode(good))).not.toContain(rule);
  });

  test('scanSkillPackage() gives each finding its rule severity, file, line and 1-based column', () => {
    const report = scanCode('const a = 1;\n  eval("2");');
    expect(report.findings).toEqual([{ rule: 'eval', severity: 'refuse', file: 'main.js', line: 2, column: 3, text: 'eval' }]);
  });

  test('scanSkillPackage() refuses WebAssembly in process and gvisor but only flags it in quickjs', () => {
    expect(severityOf(scanCode('WebAssembly.Module;', 'process'), 'webassembly')).toBe('refuse');
    expect(severityOf(scanCode('WebAssembly.Module;', 'gvisor'), 'webassembly')).toBe('refuse');
    const quickjs = scanCode('WebAssembly.Module;', 'quickjs');
    expect(severityOf(quickjs, 'webassembly')).toBe('flag');
    expect(quickjs.refused).toBe(false);
    expect(quickjs.tier).toBe('quickjs');
  });

  test('scanSkillPackage() refuses a syntax error with its line and column', () => {
    const report = scanCode('const a = 1;\nconst = 2;');
    expect(report.refused).toBe(true);
    expect(report.findings[0]).toMatchObject({ rule: 'syntax', file: 'main.js', line: 2, column: 7 });
  });

  test('scanSkillPackage() refuses a module that is not UTF-8', () => {
    const report = scanSkillPackage(pkgOf({ 'main.js': new Uint8Array([0x65, 0xff, 0xfe]) }));
    expect(rulesOf(report)).toEqual(['syntax']);
  });

  test('scanSkillPackage() refuses nesting deeper than the parser takes, without overflowing', () => {
    const report = scanCode(`export const a = ${'['.repeat(20_000)}${']'.repeat(20_000)};`);
    expect(rulesOf(report)).toEqual(['syntax']);
  });

  test('scanSkillPackage() refuses a generated file past the node limit quickly', () => {
    const started = performance.now();
    const report = scanCode('a;'.repeat(limits.skillScanNodesMax / 2 + 1));
    expect(rulesOf(report)).toEqual(['too-many-nodes']);
    expect(report.refused).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test('scanSkillPackage() counts nodes across modules against one budget', () => {
    const half = 'a;\n'.repeat(limits.skillScanNodesMax / 4 + 1);
    const report = scanSkillPackage(pkgOf({ 'main.js': half, 'b.js': half, 'c.js': half }));
    expect(rulesOf(report)).toEqual(['too-many-nodes']);
  });

  test('scanSkillPackage() refuses a module larger than the file limit without parsing it', () => {
    const report = scanSkillPackage(pkgOf({ 'main.js': new Uint8Array(limits.skillScanFileBytesMax + 1).fill(0x20) }));
    expect(rulesOf(report)).toEqual(['file-too-large']);
  });

  test('scanSkillPackage() checks imports of nested modules relative to their folder', () => {
    const files = { 'main.js': 'import "./src/a.js";', 'src/a.js': 'import "../lib.js"; import "./b.mjs";', 'src/b.mjs': 'import "../../x.js";', 'lib.js': '' };
    const report = scanSkillPackage(pkgOf(files));
    expect(report.findings.map((f) => [f.rule, f.file])).toEqual([['import-outside-package', 'src/b.mjs']]);
  });

  test('scanSkillPackage() refuses an entry that is not a .js/.mjs module', () => {
    const report = scanSkillPackage(pkgOf({ 'main.cjs': 'require("child_process")' }, { entry: 'main.cjs' }));
    expect(rulesOf(report)).toEqual(['entry-not-module']);
  });

  test('scanSkillPackage() flags non-JS files that look executable and leaves other files alone', () => {
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    const report = scanSkillPackage(pkgOf({ 'main.js': '', 'bin/tool': elf, 'run.sh': '#!/bin/sh\necho', 'notes.txt': 'eval(1)' }));
    expect(report.findings.map((f) => [f.rule, f.severity, f.file])).toEqual([['executable-file', 'flag', 'bin/tool'], ['executable-file', 'flag', 'run.sh']]);
    expect(report.files).toBe(4);
  });

  test('scanSkillPackage() keeps at most skillScanFindingsMax findings of a severity but still refuses', () => {
    const report = scanCode('debugger;'.repeat(limits.skillScanFindingsMax + 5) + 'eval;');
    expect(report.findings.filter((f) => f.rule === 'debugger')).toHaveLength(limits.skillScanFindingsMax);
    expect(report.refused).toBe(true);
  });
});

describe('assertScanPasses', () => {
  test('assertScanPasses() accepts a report with flags only', () => {
    expect(() => assertScanPasses(scanCode('debugger;'))).not.toThrow();
  });

  test('assertScanPasses() throws SKILL_SCAN_REFUSED with refusals first, at most skillScanFindingsReportedMax', () => {
    const report = scanCode('debugger;\n' + 'eval;'.repeat(limits.skillScanFindingsReportedMax + 10));
    let error: unknown;
    try {
      assertScanPasses(report);
    } catch (caught) {
      error = caught;
    }
    expect((error as NoctemError).code).toBe('SKILL_SCAN_REFUSED');
    const findings = (error as NoctemError).details['findings'] as { rule: string }[];
    expect(findings).toHaveLength(limits.skillScanFindingsReportedMax);
    expect(findings.every((finding) => finding.rule === 'eval')).toBe(true);
  });
});
