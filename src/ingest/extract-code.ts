/**
 * Source-code extraction: the code as text, with its language, so identifiers and comments
 * become searchable while the code stays intact. Pure.
 */
import type { ExtractedDocument } from './extracted-document.ts';
import { extractPlainText } from './extract-plain-text.ts';

/**
 * Extracts source code.
 * @param text - the decoded file
 * @param language - the language from the extension or shebang (`unknown` when guessed)
 * @param charsMax - characters kept; the rest is cut and flagged
 */
export function extractCode(text: string, language: string, charsMax: number): ExtractedDocument {
  const plain = extractPlainText(text, charsMax);
  return { ...plain, kind: 'code', language };
}
