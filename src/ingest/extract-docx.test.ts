/**
 * Goal: extractDocx() reads Word documents with their notes, comments, tables and
 * headings. Method: the mammoth and python-docx test documents (see docx/NOTES.tsv).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zipOf } from './archive-builders.testing.ts';
import { extractDocx } from './extract-docx.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';

const docx = (name: string): Uint8Array => readFileSync(corpusFile(`docx/${name}`));

describe.skipIf(!hasCorpus)('extractDocx()', () => {
  it('extractDocx() reads body text', async () => {
    expect((await extractDocx(docx('mammoth/single-paragraph.docx'), 1e6)).text).toBe('Walking on imported air');
  });

  it('extractDocx() keeps footnote text', async () => {
    expect((await extractDocx(docx('mammoth/footnotes.docx'), 1e6)).text).toContain('A tachyon walks into a bar.');
  });

  it('extractDocx() keeps comment text', async () => {
    expect((await extractDocx(docx('mammoth/comments.docx'), 1e6)).text).toContain('A tachyon walks into a bar.');
  });

  it('extractDocx() keeps table rows on their own lines', async () => {
    expect((await extractDocx(docx('mammoth/tables.docx'), 1e6)).text).toContain('Top left | Top right\nBottom left | Bottom right');
  });

  it('extractDocx() reads strict OOXML', async () => {
    expect((await extractDocx(docx('mammoth/strict-format.docx'), 1e6)).text).toBe('Test');
  });

  it('extractDocx() fails with INGEST_EXTRACT_FAILED on a zip that is not a Word document', async () => {
    await expect(extractDocx(zipOf({ 'word/document.xml': 'not xml <' }), 1e6)).rejects.toMatchObject({ code: 'INGEST_EXTRACT_FAILED' });
  });
});
