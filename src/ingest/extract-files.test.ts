/**
 * Goal: extractFiles() turns the whole real-document corpus into results, one per file or
 * archive member, with meaningful text for every supported type and a stable code for
 * every file it cannot read, in bounded time. Method: run it on
 * ../shared/corpora/documents with real worker processes; a PDF known to send pdfjs into
 * a long loop is killed by a short per-file timeout.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFiles } from './extract-files.ts';
import type { ExtractResult, ExtractedFile } from './extract-result.ts';
import { corpusDocumentsPath, corpusFile, hasCorpus } from './fs-test-corpus.ts';

function listFiles(folder: string): string[] {
  return readdirSync(folder).sort().flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe.skipIf(!hasCorpus)('extractFiles() on the document corpus', () => {
  const results: ExtractResult[] = [];
  const okOf = (kind: string): ExtractedFile[] => results.filter((result): result is ExtractedFile => result.ok && result.kind === kind);

  beforeAll(async () => {
    for await (const result of extractFiles([corpusDocumentsPath], { timeoutMs: 10_000 })) results.push(result);
  }, 180_000);

  it('extractFiles() reports every corpus file at least once', () => {
    const reported = new Set(results.map((result) => result.sourcePath));
    expect(listFiles(corpusDocumentsPath).filter((path) => !reported.has(path))).toEqual([]);
  });

  it('extractFiles() extracts text from the readable PDFs', () => {
    expect(okOf('pdf').length).toBeGreaterThanOrEqual(38);
    expect(okOf('pdf').find((result) => result.path.endsWith('pdkids.pdf'))?.text).toContain('The Buried Moon');
  });

  it('extractFiles() extracts text from the Word documents', () => {
    expect(okOf('docx').length).toBeGreaterThanOrEqual(20);
  });

  it('extractFiles() extracts text and titles from the HTML pages', () => {
    const pages = okOf('html');
    expect(pages).toHaveLength(28);
    expect(pages.find((result) => result.path.endsWith('wikipedia/source.html'))?.title).toBe('Mozilla - Wikipedia');
  });

  it('extractFiles() extracts the Markdown documents with their sections', () => {
    const documents = okOf('markdown').filter((result) => result.path.includes('/markdown/'));
    expect(documents).toHaveLength(8);
    expect(documents.every((result) => result.sections.length > 0)).toBe(true);
  });

  it('extractFiles() extracts archive members under virtual paths', () => {
    expect(results.find((result) => result.path.endsWith('multi-file.tar!/file-2.txt'))).toMatchObject({ ok: true, text: 'i am file-2' });
  });

  it('extractFiles() reports the PDF that hangs pdfjs as INGEST_WORKER_FAILED', () => {
    expect(results.find((result) => result.path === corpusFile('pdf/bug1980958.pdf'))).toMatchObject({ code: 'INGEST_WORKER_FAILED' });
  });

  it('extractFiles() reports password-protected PDFs as INGEST_ENCRYPTED', () => {
    expect(results.find((result) => result.path === corpusFile('pdf/issue6010_1.pdf'))).toMatchObject({ code: 'INGEST_ENCRYPTED' });
  });

  it('extractFiles() gives every failure a stable code and a reason', () => {
    const failures = results.filter((result) => !result.ok && !result.skipped);
    expect(failures.every((failure) => !failure.ok && !failure.skipped && /^[A-Z_]+$/.test(failure.code) && failure.reason !== '')).toBe(true);
  });
});

describe('extractFiles()', () => {
  it('extractFiles() takes an async iterable of { path, bytes }', async () => {
    async function* items(): AsyncGenerator<{ path: string; bytes: Uint8Array }> {
      yield { path: 'note.md', bytes: new TextEncoder().encode('# Note\n\nBody text.') };
    }
    const results: ExtractResult[] = [];
    for await (const result of extractFiles(items(), { workers: 1 })) results.push(result);
    expect(results).toEqual([expect.objectContaining({ ok: true, path: 'note.md', kind: 'markdown', title: 'Note' })]);
  }, 60_000);
});
