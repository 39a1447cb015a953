/**
 * Classifies decoded text as Markdown, HTML, JSON, CSV, source code or plain text. Pure.
 *
 * Content decides. Strong signals (an HTML doctype, JSON that parses, a shebang) win
 * outright. Otherwise the file extension breaks the tie, but only toward a kind the content
 * allows (a `.csv` whose lines do not split evenly is not CSV). Failing both, weak content
 * signals (tag density, Markdown syntax, even delimiters, code punctuation) decide, and
 * plain text is the fallback.
 */
import type { DocumentKind } from './extracted-document.ts';
import { sniffCsvDelimiter } from './extract-csv.ts';

/** The text kinds, with the language for code. */
export interface TextClassification {
  /** The kind of text. */
  readonly kind: Extract<DocumentKind, 'text' | 'markdown' | 'html' | 'json' | 'csv' | 'code'>;
  /** For code: the language name (lowercase), `"unknown"` when only the shape says code. */
  readonly language?: string;
}

/** What the classifier knows about the text beyond its sample. */
export interface ClassifyTextOptions {
  /** A file name or path whose extension may break ties. @default undefined */
  readonly nameHint?: string;
  /** True when the sample is the whole file. @default false */
  readonly complete?: boolean;
  /** The last non-whitespace character of the whole file. @default the sample's */
  readonly lastChar?: string;
}

const extensionKinds: Readonly<Record<string, TextClassification['kind']>> = {
  md: 'markdown', markdown: 'markdown', mdx: 'markdown', mkd: 'markdown',
  html: 'html', htm: 'html', xhtml: 'html',
  json: 'json', jsonl: 'json', ndjson: 'json', geojson: 'json',
  csv: 'csv', tsv: 'csv', tab: 'csv',
};

const codeLanguages: Readonly<Record<string, string>> = {
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript', js: 'javascript', mjs: 'javascript',
  cjs: 'javascript', jsx: 'javascript', py: 'python', rb: 'ruby', go: 'go', rs: 'rust', c: 'c', h: 'c',
  cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', java: 'java', kt: 'kotlin', swift: 'swift',
  cs: 'csharp', php: 'php', sh: 'shell', bash: 'shell', zsh: 'shell', fish: 'shell', ps1: 'powershell',
  sql: 'sql', scala: 'scala', lua: 'lua', r: 'r', pl: 'perl', pm: 'perl', hs: 'haskell', ml: 'ocaml',
  ex: 'elixir', exs: 'elixir', erl: 'erlang', clj: 'clojure', dart: 'dart', zig: 'zig', nim: 'nim',
  css: 'css', scss: 'scss', less: 'less', yaml: 'yaml', yml: 'yaml', toml: 'toml', xml: 'xml', svg: 'xml',
  vue: 'vue', svelte: 'svelte', m: 'objective-c', jl: 'julia', tf: 'terraform', proto: 'protobuf',
};

const shebangLanguages: Readonly<Record<string, string>> = {
  node: 'javascript', deno: 'typescript', bun: 'javascript', tsx: 'typescript', python: 'python',
  python3: 'python', ruby: 'ruby', perl: 'perl', sh: 'shell', bash: 'shell', zsh: 'shell', lua: 'lua',
};

/**
 * Classifies a text sample.
 * @param sample - the start of the decoded text (or all of it)
 * @param options - the file name and whether the sample is complete
 * @returns the kind, and the language for code
 */
export function classifyText(sample: string, options: ClassifyTextOptions = {}): TextClassification {
  const strong = strongSignal(sample, options);
  if (strong !== undefined) return strong;
  const hinted = extensionHint(options.nameHint);
  if (hinted !== undefined && isCompatible(hinted, sample, options)) return hinted;
  return weakSignal(sample);
}

/**
 * The lowercase extension of a file name or virtual path, without the dot.
 * @param name - a path such as `a/b.tar.gz` or `archive.zip!/doc.MD`
 */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function strongSignal(sample: string, options: ClassifyTextOptions): TextClassification | undefined {
  const head = sample.trimStart().slice(0, 256).toLowerCase();
  if (head.startsWith('<!doctype html') || /^<html[\s>]/.test(head)) return { kind: 'html' };
  if (looksLikeJson(sample, options)) return { kind: 'json' };
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(sample);
  if (shebang !== null) {
    const program = shebang[1]?.split('/').pop() === 'env' ? shebang[2] : shebang[1]?.split('/').pop();
    return { kind: 'code', language: shebangLanguages[program ?? ''] ?? 'shell' };
  }
  return undefined;
}

function looksLikeJson(sample: string, options: ClassifyTextOptions): boolean {
  const trimmed = sample.trim();
  const first = trimmed[0];
  if (first !== '{' && first !== '[') return false;
  if (options.complete === true) return parses(trimmed) || isJsonLines(trimmed);
  const last = options.lastChar ?? trimmed[trimmed.length - 1];
  return ((first === '{' && last === '}') || (first === '[' && last === ']')) || isJsonLines(trimmed);
}

function isJsonLines(text: string): boolean {
  const lines = text.split('\n', 12).slice(0, 11).filter((line) => line.trim() !== '');
  // The last line of a sample may be cut short; judge the complete lines before it.
  const whole = lines.length > 1 ? lines.slice(0, -1) : lines;
  return whole.length >= 1 && whole.every((line) => /^\s*[{[]/.test(line) && parses(line));
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    // Not JSON is an answer, not a failure.
    return false;
  }
}

function extensionHint(nameHint: string | undefined): TextClassification | undefined {
  if (nameHint === undefined) return undefined;
  const extension = extensionOf(nameHint);
  const kind = extensionKinds[extension];
  if (kind !== undefined) return { kind };
  const language = codeLanguages[extension];
  return language === undefined ? undefined : { kind: 'code', language };
}

function isCompatible(hint: TextClassification, sample: string, options: ClassifyTextOptions): boolean {
  switch (hint.kind) {
    case 'html': return /<[a-z!]/i.test(sample);
    case 'json': return looksLikeJson(sample, options);
    case 'csv': return sniffCsvDelimiter(sample) !== undefined;
    default: return true;
  }
}

function weakSignal(sample: string): TextClassification {
  const trimmed = sample.trimStart();
  const tags = trimmed.slice(0, 16_384).match(/<(head|body|div|p|span|table|title|meta|script|a|ul|li|h[1-6])\b/gi);
  if (trimmed.startsWith('<') && (tags?.length ?? 0) >= 3) return { kind: 'html' };
  if (isMarkdown(sample)) return { kind: 'markdown' };
  if (sniffCsvDelimiter(sample) !== undefined) return { kind: 'csv' };
  if (looksLikeCode(sample)) return { kind: 'code', language: 'unknown' };
  return { kind: 'text' };
}

function isMarkdown(sample: string): boolean {
  const lines = sample.split('\n', 400);
  let headings = 0;
  let fences = 0;
  let other = 0;
  for (const line of lines) {
    if (/^ {0,3}#{1,6}\s+\S/.test(line)) headings += 1;
    else if (/^ {0,3}(```|~~~)/.test(line)) fences += 1;
    else if (/^\s*([-*+]|\d+[.)])\s+\S/.test(line) || /\[[^\]\n]+\]\([^)\s]+\)/.test(line) || /^>\s/.test(line)) other += 1;
  }
  return (headings >= 1 && fences + other >= 1) || fences >= 2 || headings >= 3;
}

function looksLikeCode(sample: string): boolean {
  const lines = sample.split('\n', 400).filter((line) => line.trim() !== '');
  if (lines.length < 5) return false;
  const codeLike = lines.filter((line) =>
    /[;{}]\s*$/.test(line) ||
    /^\s*(import|export|from|def|class|function|const|let|var|package|#include|fn|pub|use|return|if|for|while)\b/.test(line),
  ).length;
  return codeLike >= lines.length * 0.4;
}
