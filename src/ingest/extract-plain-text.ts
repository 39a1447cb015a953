/**
 * Plain-text extraction: the text as it is, line ends already normalised by decoding,
 * trailing spaces trimmed, and cut at the character limit. Pure.
 */
import type { ExtractedDocument } from './extracted-document.ts';

/**
 * Extracts plain text.
 * @param text - the decoded file
 * @param charsMax - characters kept; the rest is cut and flagged
 */
export function extractPlainText(text: string, charsMax: number): ExtractedDocument {
  const clean = text.replace(/^\uFEFF/, '').replace(/[ \t]+$/gm, '').trim();
  return { kind: 'text', text: clean.slice(0, charsMax), truncated: clean.length > charsMax };
}
