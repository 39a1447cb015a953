/**
 * Goal: plain text and code come through as they are, trimmed, with code's language.
 * Method: the Apache licence text from the corpus, plus literals.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCode } from './extract-code.ts';
import { extractPlainText } from './extract-plain-text.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';

describe('extractPlainText()', () => {
  it.skipIf(!hasCorpus)('extractPlainText() keeps a real licence text whole', () => {
    const text = readFileSync(corpusFile('misc/text/apache-license-2.0.txt'), 'utf8');
    const document = extractPlainText(text, 1e6);
    expect(document.text.startsWith('Apache License')).toBe(true);
    expect(document.text).toContain('END OF TERMS AND CONDITIONS');
  });

  it('extractPlainText() trims trailing spaces and the byte-order mark', () => {
    expect(extractPlainText('\uFEFFline one   \nline two\t\n', 1e6).text).toBe('line one\nline two');
  });
});

describe('extractCode()', () => {
  it('extractCode() keeps code as text with its language', () => {
    expect(extractCode('const x = 1;\n', 'typescript', 1e6)).toEqual({ kind: 'code', language: 'typescript', text: 'const x = 1;', truncated: false });
  });
});
