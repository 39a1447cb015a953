/**
 * Goal: extractJson() flattens JSON to "key.path: value" lines, within its bounds, and
 * falls back to plain text for text that is not JSON. Method: literals and corpus files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractJson } from './extract-json.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';

const limits = { linesMax: 1000, depthMax: 8, charsMax: 1e6 };

describe('extractJson()', () => {
  it('extractJson() writes one "path: value" line per value', () => {
    const text = JSON.stringify({ title: 'Notes', authors: [{ name: 'Ada' }], 'odd key': true, empty: {} });
    expect(extractJson(text, limits).text).toBe('title: Notes\nauthors[0].name: Ada\n["odd key"]: true\nempty: {}');
  });

  it('extractJson() takes a top-level title as the document title', () => {
    expect(extractJson('{"title": "Notes", "n": 1}', limits).title).toBe('Notes');
  });

  it('extractJson() prefixes JSON Lines records with their line number', () => {
    expect(extractJson('{"a": 1}\n{"a": 2}\n', limits).text).toBe('[0].a: 1\n[1].a: 2');
  });

  it('extractJson() stops at the line limit and says so', () => {
    const document = extractJson(JSON.stringify(Array.from({ length: 50 }, (_, index) => index)), { ...limits, linesMax: 10 });
    expect(document.text.split('\n')).toHaveLength(10);
    expect(document.truncated).toBe(true);
  });

  it('extractJson() summarises values nested past the depth limit', () => {
    expect(extractJson('{"a": {"b": {"c": {"d": 1}}}}', { ...limits, depthMax: 2 }).text).toBe('a.b: {…}');
  });

  it('extractJson() reads text that is not JSON as plain text', () => {
    expect(extractJson('{ not json', limits)).toMatchObject({ kind: 'text', text: '{ not json' });
  });
});

describe.skipIf(!hasCorpus)('extractJson() on corpus files', () => {
  it('extractJson() reads real metadata JSON', () => {
    const text = readFileSync(corpusFile('html/readability/lemonde-1/expected-metadata.json'), 'utf8');
    expect(extractJson(text, limits).text).toContain('lang: fr');
  });
});
