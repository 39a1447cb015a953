/**
 * Goal: extractMarkdown() keeps the Markdown text, drops front matter, and turns headings
 * outside code fences into sections. Method: real READMEs and style guides, plus literals.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMarkdown } from './extract-markdown.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';

const markdown = (name: string): string => readFileSync(corpusFile(`misc/markdown/${name}`), 'utf8');

describe.skipIf(!hasCorpus)('extractMarkdown() on real documents', () => {
  it('extractMarkdown() takes the first level-1 heading as the title', () => {
    expect(extractMarkdown(markdown('tigerbeetle-ARCHITECTURE.md'), 1e7).title).toBe('TigerBeetle Architecture');
  });

  it('extractMarkdown() takes the front matter title and drops the front matter', () => {
    const document = extractMarkdown(markdown('pdf.js-getting_started.md'), 1e7);
    expect(document.title).toBe('Getting Started');
    expect(document.text.startsWith('---')).toBe(false);
  });

  it('extractMarkdown() ignores "#" lines inside code fences', () => {
    const headings = extractMarkdown(markdown('lmdb-js-README.md'), 1e7).sections?.map((section) => section.heading) ?? [];
    expect(headings.some((heading) => heading.startsWith('!'))).toBe(false);
    expect(headings.length).toBeGreaterThan(10);
  });
});

describe('extractMarkdown()', () => {
  it('extractMarkdown() makes ATX and setext headings into sections sliced from the text', () => {
    const document = extractMarkdown('Intro\n=====\n\ntext\n\n## Part *two*\n\n```\n# not a heading\n```\n', 1e6);
    expect(document.sections?.map((section) => [section.heading, section.startChar])).toEqual([['Intro', 0], ['Part *two*', 19]]);
    for (const section of document.sections ?? []) expect(document.text.slice(section.startChar).startsWith(section.text)).toBe(true);
  });
});
