/**
 * Goal: extractPdf() reads text page by page from real PDFs, and fails with a stable code
 * on encrypted and broken ones. Method: the pdf.js test corpus (see its NOTES.tsv).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPdf } from './extract-pdf.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';

const limits = { pagesMax: 10_000, charsMax: 1e7 };
const pdf = (name: string): Uint8Array => readFileSync(corpusFile(`pdf/${name}`));

describe.skipIf(!hasCorpus)('extractPdf()', () => {
  it('extractPdf() reads every page of a paper as a section', async () => {
    const document = await extractPdf(pdf('tracemonkey.pdf'), limits);
    expect(document.sections).toHaveLength(14);
    expect(document.text).toContain('Trace-based Just-in-Time Type Specialization');
  });

  it('extractPdf() takes the title from the document info', async () => {
    expect((await extractPdf(pdf('TAMReview.pdf'), limits)).title).toBe('Overview of the Technology Acceptance Model: Origins, Developments and Future Directions');
  });

  it('extractPdf() reads CJK text through the bundled CMaps', async () => {
    expect((await extractPdf(pdf('noembed-sjis.pdf'), limits)).text).toBe('あいうえお');
  });

  it('extractPdf() recovers text from a PDF with a broken xref table', async () => {
    expect((await extractPdf(pdf('helloworld-bad.pdf'), limits)).text).toBe('Hello, world!');
  });

  it('extractPdf() stops at the page limit and says so', async () => {
    const document = await extractPdf(pdf('pdkids.pdf'), { pagesMax: 2, charsMax: 1e7 });
    expect(document.sections).toHaveLength(2);
    expect(document.truncated).toBe(true);
  });

  it('extractPdf() fails with INGEST_ENCRYPTED on a PDF that needs a password', async () => {
    await expect(extractPdf(pdf('issue6010_1.pdf'), limits)).rejects.toMatchObject({ code: 'INGEST_ENCRYPTED' });
  });

  it('extractPdf() fails with INGEST_EXTRACT_FAILED on a PDF pdfjs cannot open', async () => {
    await expect(extractPdf(pdf('REDHAT-1531897-0.pdf'), limits)).rejects.toMatchObject({ code: 'INGEST_EXTRACT_FAILED' });
  });

  it('extractPdf() fails with INGEST_EXTRACT_FAILED on a truncated PDF', async () => {
    const whole = pdf('tracemonkey.pdf');
    await expect(extractPdf(whole.subarray(0, 2000), limits)).rejects.toMatchObject({ code: 'INGEST_EXTRACT_FAILED' });
  });
});
