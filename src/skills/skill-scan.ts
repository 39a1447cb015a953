/**
 * The static scan of a skill package, run at install before anything executes: every
 * `.js`/`.mjs` file is parsed as an ES module (acorn, latest syntax) and its syntax tree is
 * checked against the rules of `skill-scan-rules.ts` (refused: imports of anything but the
 * package's own modules, `import()`, CommonJS, eval, Function, `.constructor.constructor`,
 * process, `Atomics.wait`, WebAssembly outside quickjs; flagged: prototype tampering, the
 * global object, Proxy, SharedArrayBuffer, `debugger`, minified code, executables among
 * the other files). Other files are not parsed; they cannot be imported (imports must name
 * a `.js`/`.mjs` file) and the entry must be a module. Work is bounded: a file larger than
 * `limits.skillScanFileBytesMax` is refused unparsed, and the package's modules together
 * may build at most `limits.skillScanNodesMax` syntax nodes, counted while parsing, so a huge
 * generated file is a quick refusal, not a hang. Pure.
 */
import { NoctemError, limits } from '../core/index.ts';
import { walkAst, type AstNode } from './skill-ast-walk.ts';
import type { SkillFile, SkillPackage } from './skill-digest.ts';
import type { SkillTier } from './skill-manifest.ts';
import { parseSkillModule } from './skill-module-parse.ts';
import { checkSkillScanNode, isSkillModulePath } from './skill-scan-checks.ts';
import { skillScanSeverity, type SkillScanRule, type SkillScanSeverity } from './skill-scan-rules.ts';

/** One thing the scan found. */
export interface SkillScanFinding {
  readonly rule: SkillScanRule;
  readonly severity: SkillScanSeverity;
  /** The package path of the file. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
  /** The offending source (first line, at most 80 characters), or the parser's message. */
  readonly text: string;
}

/** What the scan of one package found. */
export interface SkillScanReport {
  /** The tier whose severities were applied. */
  readonly tier: SkillTier;
  /** Files examined: every file of the package (modules parsed, the others' headers read). */
  readonly files: number;
  /** Syntax nodes visited in all modules. */
  readonly nodes: number;
  /** Findings sorted by file, line and column; at most `limits.skillScanFindingsMax` of each severity. */
  readonly findings: readonly SkillScanFinding[];
  /** True when any finding refuses (even one past the kept findings). */
  readonly refused: boolean;
}

/** Scan options. */
export interface SkillScanOptions {
  /** The tier whose severities apply. @default the manifest's tier */
  readonly tier?: SkillTier;
}

/** Longest line not flagged as minified; heuristic, not a resource limit. */
const lineCharsFlaggedMin = 1_000;
const excerptCharsMax = 80;
const decoder = new TextDecoder('utf-8', { fatal: true });
const executableMagics: readonly (readonly number[])[] = [
  [0x7f, 0x45, 0x4c, 0x46], [0x4d, 0x5a], [0x23, 0x21], [0x00, 0x61, 0x73, 0x6d],
  [0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe],
];

/**
 * Scans a package's files statically.
 * @param pkg - the manifest and the files (as read; the scan does not check the signature)
 * @param options - the tier to judge for
 * @returns every finding, and whether the package is refused
 */
export function scanSkillPackage(pkg: SkillPackage, options: SkillScanOptions = {}): SkillScanReport {
  const tier = options.tier ?? pkg.manifest.tier;
  const sink = new FindingSink(tier);
  const packagePaths = new Set(pkg.files.map((file) => file.path));
  const { entry } = pkg.manifest;
  if (!isSkillModulePath(entry)) sink.add({ rule: 'entry-not-module', file: entry, line: 1, column: 1, text: entry });
  let nodes = 0;
  const files = [...pkg.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of files) {
    if (!isSkillModulePath(file.path)) {
      if (looksExecutable(file.bytes)) sink.add({ rule: 'executable-file', file: file.path, line: 1, column: 1, text: file.path });
      continue;
    }
    const scanned = scanModule(file, { nodesMax: limits.skillScanNodesMax - nodes, packagePaths, sink });
    nodes += scanned.nodes;
    if (!scanned.complete) break;
  }
  return { tier, files: pkg.files.length, nodes, findings: sink.sorted(), refused: sink.refused };
}

/**
 * Throws when a scan refused its package.
 * @param report - a scan report
 * @throws {NoctemError} SKILL_SCAN_REFUSED with `details.findings` (refusals first, at most
 *   `limits.skillScanFindingsReportedMax`) and `details.refusals` (how many were kept)
 */
export function assertScanPasses(report: SkillScanReport): void {
  if (!report.refused) return;
  const refusals = report.findings.filter((finding) => finding.severity === 'refuse');
  const flags = report.findings.filter((finding) => finding.severity === 'flag');
  const first = refusals[0];
  const where = first === undefined ? '' : `; the first is ${first.rule} at ${first.file}:${first.line}:${first.column}`;
  throw new NoctemError('SKILL_SCAN_REFUSED', `The static scan refused the skill package (${refusals.length} refusing finding(s)${where})`, {
    details: { tier: report.tier, refusals: refusals.length, findings: [...refusals, ...flags].slice(0, limits.skillScanFindingsReportedMax) },
  });
}

interface ModuleScanContext {
  readonly nodesMax: number;
  readonly packagePaths: ReadonlySet<string>;
  readonly sink: FindingSink;
}

/** Scans one module; `complete` is false when the node budget ran out (the scan stops). */
function scanModule(file: SkillFile, context: ModuleScanContext): { nodes: number; complete: boolean } {
  const { sink } = context;
  const at = (line: number, column: number, text: string): Omit<SkillScanFinding, 'rule' | 'severity'> => ({ file: file.path, line, column, text });
  if (file.bytes.length > limits.skillScanFileBytesMax) {
    sink.add({ rule: 'file-too-large', ...at(1, 1, `${file.bytes.length} bytes`) });
    return { nodes: 0, complete: true };
  }
  let text: string;
  try {
    text = decoder.decode(file.bytes);
  } catch {
    // The decoder's only failure is malformed UTF-8, which is the finding itself.
    sink.add({ rule: 'syntax', ...at(1, 1, 'The file is not valid UTF-8') });
    return { nodes: 0, complete: true };
  }
  const parsed = parseSkillModule(text, context.nodesMax);
  if (parsed.kind === 'syntax-error') {
    sink.add({ rule: 'syntax', ...at(parsed.line, parsed.column, parsed.message) });
    return { nodes: 0, complete: true };
  }
  if (parsed.kind === 'too-many-nodes') {
    sink.add({ rule: 'too-many-nodes', ...at(parsed.line, parsed.column, `more than ${limits.skillScanNodesMax} syntax nodes in the package`) });
    return { nodes: context.nodesMax, complete: false };
  }
  const report = (rule: SkillScanRule, node: AstNode): void => {
    const { line, column } = (node['loc'] as { start: { line: number; column: number } }).start;
    sink.add({ rule, ...at(line, column + 1, excerpt(text, node)) });
  };
  const walk = walkAst(parsed.program, (visit) => checkSkillScanNode(visit, { path: file.path, packagePaths: context.packagePaths, report }), context.nodesMax);
  if (!walk.complete) sink.add({ rule: 'too-many-nodes', ...at(1, 1, `more than ${limits.skillScanNodesMax} syntax nodes in the package`) });
  checkLineLengths(text, (line) => sink.add({ rule: 'minified', ...at(line, lineCharsFlaggedMin + 1, `line ${line} is longer than ${lineCharsFlaggedMin} characters`) }));
  return { nodes: walk.nodes, complete: walk.complete };
}

/** Calls `flag` once, for the first line longer than `lineCharsFlaggedMin`. */
function checkLineLengths(text: string, flag: (line: number) => void): void {
  let line = 1;
  let start = 0;
  for (let end = text.indexOf('\n'); start <= text.length; end = text.indexOf('\n', start)) {
    const stop = end < 0 ? text.length : end;
    if (stop - start > lineCharsFlaggedMin) {
      flag(line);
      return;
    }
    if (end < 0) return;
    start = end + 1;
    line += 1;
  }
}

function excerpt(text: string, node: AstNode): string {
  const source = text.slice(node['start'] as number, Math.min(node['end'] as number, (node['start'] as number) + excerptCharsMax));
  return source.split('\n', 1)[0] ?? '';
}

function looksExecutable(bytes: Uint8Array): boolean {
  return executableMagics.some((magic) => magic.length <= bytes.length && magic.every((byte, index) => bytes[index] === byte));
}

/** Collects findings, keeping at most `limits.skillScanFindingsMax` of each severity. */
class FindingSink {
  readonly #tier: SkillTier;
  readonly #kept: SkillScanFinding[] = [];
  readonly #counts = { refuse: 0, flag: 0 };

  constructor(tier: SkillTier) {
    this.#tier = tier;
  }

  get refused(): boolean {
    return this.#counts.refuse > 0;
  }

  add(finding: Omit<SkillScanFinding, 'severity'>): void {
    const severity = skillScanSeverity(finding.rule, this.#tier);
    this.#counts[severity] += 1;
    if (this.#counts[severity] <= limits.skillScanFindingsMax) this.#kept.push({ ...finding, severity });
  }

  sorted(): readonly SkillScanFinding[] {
    return [...this.#kept].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  }
}
