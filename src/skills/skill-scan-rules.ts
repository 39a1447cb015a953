/**
 * The rules of the static skill scan, as data: each rule's name, what it catches and why,
 * and its severity per sandbox tier. `refuse` blocks the install; `flag` is shown to the
 * person approving it. The scan is a tripwire in front of the sandbox, not the boundary:
 * it catches the plain and the lightly disguised forms (string concatenation of literal
 * keys is folded, `(0, eval)` is still a reference to `eval`), while aliasing through
 * variables evades it by design, and every sandbox tier must hold without it. The scan does
 * not track scopes either: a local variable named like a refused global (`const process`)
 * is refused too; rename it. Pure.
 *
 * Tier-specific severity, decided here: `WebAssembly` is refused in the process and gvisor
 * tiers, where V8 compiles it to machine code outside the JavaScript limits' reach, and only
 * flagged in quickjs, where the global does not exist and the reference is inert. Every
 * other rule has one severity in every tier for now.
 */
import type { SkillTier } from './skill-manifest.ts';

/** How much a finding weighs: `refuse` blocks the install, `flag` is shown. */
export type SkillScanSeverity = 'refuse' | 'flag';

/** One rule: a one-line summary (why it exists) and its severity in each tier. */
export interface SkillScanRuleInfo {
  readonly summary: string;
  readonly severity: Readonly<Record<SkillTier, SkillScanSeverity>>;
}

const refuse = { quickjs: 'refuse', process: 'refuse', gvisor: 'refuse' } as const;
const flag = { quickjs: 'flag', process: 'flag', gvisor: 'flag' } as const;

/** Every rule of the scan, by name. */
export const skillScanRules = {
  syntax: { severity: refuse, summary: 'A .js/.mjs file is not UTF-8 or not a valid ES module (nesting too deep for the parser included); it cannot be checked.' },
  'file-too-large': { severity: refuse, summary: 'A .js/.mjs file is larger than limits.skillScanFileBytesMax; it is not parsed.' },
  'too-many-nodes': { severity: refuse, summary: 'The package\'s modules hold more than limits.skillScanNodesMax syntax nodes; the scan stops there.' },
  'entry-not-module': { severity: refuse, summary: 'The manifest\'s entry is not a .js/.mjs file, so the scan would not read the code that runs first.' },
  'import-not-relative': { severity: refuse, summary: 'A static import or re-export names something other than "./" or "../" (node:*, a bare package, a URL): skills reach the host only through `noctem`.' },
  'import-outside-package': { severity: refuse, summary: 'A relative import climbs above the package root.' },
  'import-missing': { severity: refuse, summary: 'A relative import names no file of the package (paths are matched exactly: no extension guessing, no "%" decoding, no "?" or "#").' },
  'import-not-module': { severity: refuse, summary: 'A relative import names a package file that is not .js/.mjs (JSON, .cjs, .wasm, .node): it would load without being scanned.' },
  'import-dynamic': { severity: refuse, summary: '`import(...)` loads code chosen at run time, which the scan cannot follow.' },
  commonjs: { severity: refuse, summary: 'A reference to require, module, exports, __filename or __dirname: CommonJS reaches Node\'s loader and its built-in modules.' },
  eval: { severity: refuse, summary: 'A reference to eval (direct, `(0, eval)`, a global object\'s `eval`, or `x["ev" + "al"]`): code made from strings escapes the scan.' },
  'function-constructor': { severity: refuse, summary: 'A reference to Function (other than `x instanceof Function`), or `.constructor` read off a function literal: both build code from strings.' },
  'constructor-chain': { severity: refuse, summary: 'A `.constructor.constructor` chain (dot or literal keys): the classic way to reach Function from any value.' },
  process: { severity: refuse, summary: 'A reference to process (or a global object\'s `process`): Node\'s process object reaches the environment, bindings and exit.' },
  'atomics-wait': { severity: refuse, summary: '`Atomics.wait` blocks the thread outright, which on the host side of a process sandbox stalls the run without using CPU.' },
  webassembly: {
    severity: { quickjs: 'flag', process: 'refuse', gvisor: 'refuse' },
    summary: 'A reference to WebAssembly: refused where V8 compiles it to machine code (process, gvisor); flagged in quickjs, where it does not exist.',
  },
  'import-meta': { severity: flag, summary: '`import.meta` tells the module where it is stored (the sandbox\'s file layout).' },
  proto: { severity: flag, summary: '`__proto__` as a member or key: prototype tampering.' },
  'constructor-access': { severity: flag, summary: 'A `.constructor` read: one step from Function.' },
  'set-prototype': { severity: flag, summary: '`Object.setPrototypeOf` or `Reflect.setPrototypeOf`: prototype tampering.' },
  'global-object': { severity: flag, summary: 'A reference to globalThis, self, global or window: the global object is the usual road around the scan.' },
  proxy: { severity: flag, summary: 'A reference to Proxy: it can disguise property reads from the code that looks at them.' },
  'shared-memory': { severity: flag, summary: 'A reference to SharedArrayBuffer: shared memory enables timers precise enough for side channels.' },
  'computed-global': { severity: flag, summary: 'A computed member access with a key not known statically on globalThis, self, global, window or this (`globalThis[name]`).' },
  debugger: { severity: flag, summary: 'A debugger statement: left-over debugging, or an attempt to stall an attached inspector.' },
  minified: { severity: flag, summary: 'A line longer than 1,000 characters: minified or generated code that a person cannot review.' },
  'executable-file': { severity: flag, summary: 'A non-JS file that starts like a native executable or script (ELF, PE, Mach-O, WebAssembly, "#!"); skills cannot run it, but it has no business in one.' },
} as const satisfies Record<string, SkillScanRuleInfo>;

/** The name of a scan rule. */
export type SkillScanRule = keyof typeof skillScanRules;

/**
 * The severity of `rule` in `tier`.
 * @param rule - a rule name
 * @param tier - the sandbox tier the skill runs in
 */
export function skillScanSeverity(rule: SkillScanRule, tier: SkillTier): SkillScanSeverity {
  return skillScanRules[rule].severity[tier];
}
