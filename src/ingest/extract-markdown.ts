/**
 * Markdown extraction: the Markdown source kept as text (its syntax reads fine to people
 * and embedders), YAML front matter removed, and ATX (`## x`) and setext (`x` over `===`)
 * headings outside code fences turned into sections. Title: front matter `title:`, else
 * the first level-1 heading. Pure.
 */
import type { DocumentSection, ExtractedDocument } from './extracted-document.ts';
import { extractPlainText } from './extract-plain-text.ts';

/**
 * Extracts a Markdown document.
 * @param source - the decoded file
 * @param charsMax - characters kept; the rest is cut and flagged
 */
export function extractMarkdown(source: string, charsMax: number): ExtractedDocument {
  const { body, title: frontTitle } = splitFrontMatter(source);
  const plain = extractPlainText(body, charsMax);
  const headings = findHeadings(plain.text);
  const sections = headings.map((heading, index): DocumentSection => {
    const end = headings[index + 1]?.startChar ?? plain.text.length;
    return { heading: heading.text, startChar: heading.startChar, text: plain.text.slice(heading.startChar, end) };
  });
  const title = frontTitle ?? headings.find((heading) => heading.level === 1)?.text;
  return {
    kind: 'markdown',
    text: plain.text,
    sections,
    truncated: plain.truncated === true,
    ...(title === undefined ? {} : { title }),
  };
}

interface Heading {
  readonly text: string;
  readonly level: number;
  readonly startChar: number;
}

function splitFrontMatter(source: string): { body: string; title?: string } {
  const match = /^\uFEFF?---\n([\s\S]*?)\n(?:---|\.\.\.)\n/.exec(source);
  if (match === null) return { body: source };
  const titleLine = /^title:\s*(.+)$/m.exec(match[1] ?? '');
  const title = titleLine?.[1]?.trim().replace(/^(["'])(.*)\1$/, '$2');
  return { body: source.slice(match[0].length), ...(title === undefined || title === '' ? {} : { title }) };
}

function findHeadings(text: string): Heading[] {
  const headings: Heading[] = [];
  let fence: string | undefined;
  let offset = 0;
  let previous: { line: string; offset: number } | undefined;
  for (const line of text.split('\n')) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch !== null) {
      const marker = fenceMatch[1] as string;
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence)) fence = undefined;
    } else if (fence === undefined) {
      const heading = atxHeading(line, offset) ?? setextHeading(line, previous);
      if (heading !== undefined) headings.push(heading);
    }
    previous = fence === undefined && fenceMatch === null ? { line, offset } : undefined;
    offset += line.length + 1;
  }
  return headings;
}

function atxHeading(line: string, offset: number): Heading | undefined {
  const match = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
  if (match === null || (match[2] ?? '') === '') return undefined;
  return { text: (match[2] as string).trim(), level: (match[1] as string).length, startChar: offset };
}

function setextHeading(line: string, previous: { line: string; offset: number } | undefined): Heading | undefined {
  if (previous === undefined || previous.line.trim() === '' || !/^ {0,3}(=+|-+)\s*$/.test(line)) return undefined;
  if (/^ {0,3}([-*+]\s|#|>|\d+[.)]\s)/.test(previous.line)) return undefined;
  return { text: previous.line.trim(), level: line.trim().startsWith('=') ? 1 : 2, startChar: previous.offset };
}
