/**
 * JSON and JSON Lines extraction: values flattened to readable "key.path: value" lines
 * (`authors[0].name: Ada`), bounded in lines and depth. Text that is not JSON after all
 * comes back as plain text, so a broken `.json` still yields its words. Pure.
 */
import type { ExtractedDocument } from './extracted-document.ts';
import { extractPlainText } from './extract-plain-text.ts';

/** Bounds for {@link extractJson}. */
export interface JsonLimits {
  /** Lines written; later values are dropped and the document flagged truncated. */
  readonly linesMax: number;
  /** Nesting depth flattened; deeper values are summarised. */
  readonly depthMax: number;
  /** Characters of output kept. */
  readonly charsMax: number;
}

/**
 * Extracts a JSON document, or JSON Lines (one value per line, paths prefixed `[line]`).
 * @param text - the decoded file
 * @param limits - line, depth and character bounds
 */
export function extractJson(text: string, limits: JsonLimits): ExtractedDocument {
  const values = parseJsonOrLines(text);
  if (values === undefined) return extractPlainText(text, limits.charsMax);
  const out = { lines: [] as string[], chars: 0, truncated: false };
  if (values.lines) values.items.forEach((item, index) => flatten(item, `[${index}]`, 0, out, limits));
  else flatten(values.items[0], '', 0, out, limits);
  const title = titleOf(values.lines ? undefined : values.items[0]);
  const body = out.lines.join('\n');
  return {
    kind: 'json',
    text: body.slice(0, limits.charsMax),
    truncated: out.truncated || body.length > limits.charsMax,
    ...(title === undefined ? {} : { title }),
  };
}

function parseJsonOrLines(text: string): { items: unknown[]; lines: boolean } | undefined {
  try {
    return { items: [JSON.parse(text)], lines: false };
  } catch {
    // Not one JSON value: try JSON Lines next.
  }
  const items: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line));
    } catch {
      // One bad line means this is not JSON Lines; the caller falls back to plain text.
      return undefined;
    }
  }
  return items.length === 0 ? undefined : { items, lines: true };
}

function flatten(
  value: unknown,
  path: string,
  depth: number,
  out: { lines: string[]; chars: number; truncated: boolean },
  limits: JsonLimits,
): void {
  if (out.truncated) return;
  if (out.lines.length >= limits.linesMax || out.chars >= limits.charsMax) {
    out.truncated = true;
    return;
  }
  const isContainer = value !== null && typeof value === 'object';
  if (!isContainer || depth >= limits.depthMax || isEmpty(value)) {
    const line = `${path === '' ? 'value' : path}: ${render(value, depth >= limits.depthMax)}`;
    out.lines.push(line);
    out.chars += line.length + 1;
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, `${path}[${index}]`, depth + 1, out, limits));
    return;
  }
  for (const [key, item] of Object.entries(value)) flatten(item, joinKey(path, key), depth + 1, out, limits);
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function render(value: unknown, tooDeep: boolean): string {
  if (tooDeep && value !== null && typeof value === 'object') return Array.isArray(value) ? '[…]' : '{…}';
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') return '{}';
  return String(value);
}

function joinKey(path: string, key: string): string {
  if (/^[\p{L}\p{N}_$-]+$/u.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function titleOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const title = record['title'] ?? record['name'];
  return typeof title === 'string' && title.trim() !== '' ? title.trim().slice(0, 300) : undefined;
}
