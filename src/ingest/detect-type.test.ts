/**
 * Goal: detectType() decides by content: magic numbers for binary formats, heuristics for
 * text kinds, the extension only as a tie-breaker, and a skip for unknown binaries; prose
 * that happens to start with a weak signature ("BM", "wide" at offset 4) stays text.
 * Method: real corpus files for the binary formats, small literal texts for the rest, and
 * the SciFact abstracts file-type mistook for a BMP and a QuickTime movie.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gzipOf, tarOf, zipOf } from './archive-builders.testing.ts';
import { detectType } from './detect-type.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const scifactCorpusPath = new URL('../../../shared/corpora/scifact/corpus.jsonl', import.meta.url);
// The SciFact abstracts file-type reads as image/bmp ("BM…") or video/quicktime ("wide" at 4).
const weakMagicAbstractIds = ['1996292', '2619579', '8816869', '11831598', '25928548', '38727075'];

function scifactAbstracts(ids: readonly string[]): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  for (const line of readFileSync(scifactCorpusPath, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { _id: string; title: string; text: string };
    if (ids.includes(row._id)) found.set(row._id, text(`${row.title}\n\n${row.text}\n`));
  }
  return found;
}

// A whole 1×1 24-bit BMP: file header, BITMAPINFOHEADER, one padded row of pixels.
const bmpBytes = Uint8Array.from([
  0x42, 0x4d, 58, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0,
  40, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0x13, 0x0b, 0, 0, 0x13, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0x00, 0x00, 0xff, 0x00,
]);
const kindOf = async (bytes: Uint8Array, nameHint?: string): Promise<string> => {
  const type = await detectType(bytes, nameHint === undefined ? {} : { nameHint });
  return type.category === 'unsupported' ? 'unsupported' : type.kind;
};

describe.skipIf(!hasCorpus)('detectType() on corpus files', () => {
  it.each([
    ['pdf/tracemonkey.pdf', 'pdf'],
    ['pdf/bug1606566.pdf', 'pdf'],
    ['docx/mammoth/tables.docx', 'docx'],
    ['docx/mammoth/strict-format.docx', 'docx'],
    ['misc/archives/zip/ok-unicode.zip', 'zip'],
    ['misc/archives/tar/v7.tar', 'tar'],
    ['html/readability/wikipedia/source.html', 'html'],
    ['misc/markdown/tigerbeetle-TIGER_STYLE.md', 'markdown'],
    ['misc/text/apache-license-2.0.txt', 'text'],
    ['html/readability/qq/expected-metadata.json', 'json'],
    ['pdf/NOTES.tsv', 'csv'],
  ])('detectType() reads %s as %s', async (file, kind) => {
    expect(await kindOf(readFileSync(corpusFile(file)), file)).toBe(kind);
  });

  it('detectType() reads a PDF renamed to .txt as a PDF', async () => {
    expect(await kindOf(readFileSync(corpusFile('pdf/tracemonkey.pdf')), 'notes.txt')).toBe('pdf');
  });
});

describe.skipIf(!existsSync(scifactCorpusPath))('detectType() on SciFact abstracts', () => {
  const abstracts = scifactAbstracts(weakMagicAbstractIds);

  it.each(weakMagicAbstractIds)('detectType() reads SciFact abstract %s as text', async (id) => {
    const bytes = abstracts.get(id);
    expect(bytes).toBeDefined();
    expect(await detectType(bytes ?? new Uint8Array())).toMatchObject({ category: 'document', kind: 'text', encoding: 'utf-8' });
  });
});

describe('detectType()', () => {
  it('detectType() reads prose starting with "BM" as text, not a BMP', async () => {
    const abstract = 'BMI-1 Autoantibody as a New Potential Biomarker for Cervical Carcinoma\n\n' +
      'BMI-1 is overexpressed in a variety of cancers, which can elicit an immune response leading to the induction of autoantibodies.\n';
    expect(await detectType(text(abstract))).toMatchObject({ category: 'document', kind: 'text', mime: 'text/plain' });
  });

  it('detectType() reads prose with "wide" at offset 4 as text, not a QuickTime movie', async () => {
    const abstract = 'The widespread regulation of microRNA biogenesis, function and decay\n\n' +
      'MicroRNAs (miRNAs) are a large family of post-transcriptional regulators of gene expression that are \u223c21 nucleotides in length.\n';
    expect(await detectType(text(abstract))).toMatchObject({ category: 'document', kind: 'text', mime: 'text/plain' });
  });

  it('detectType() reads legacy 8-bit prose starting with "BM" as text', async () => {
    const latin1 = Uint8Array.from([...text('BMW M'), 0xfc, ...text('nchen: a report on the plant and its people.\n')]);
    expect(await detectType(latin1)).toMatchObject({ category: 'document', kind: 'text', encoding: 'windows-1252' });
  });

  it('detectType() still skips a real BMP with a reason naming its type', async () => {
    expect(await detectType(bmpBytes)).toMatchObject({ category: 'unsupported', mime: 'image/bmp' });
  });

  it('detectType() still reads an all-ASCII PDF as a PDF', async () => {
    const pdf = text('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    expect(await kindOf(pdf, 'notes.txt')).toBe('pdf');
  });

  it('detectType() still skips an RTF document, whose signature is long', async () => {
    expect(await detectType(text('{\\rtf1\\ansi Hello world}\n'))).toMatchObject({ category: 'unsupported', mime: 'application/rtf' });
  });

  it('detectType() reads gzip and built tars as archives', async () => {
    expect(await kindOf(gzipOf('hello'))).toBe('gzip');
    expect(await kindOf(await tarOf([{ name: 'a.txt', content: 'hi' }]))).toBe('tar');
  });

  it('detectType() reads a zip holding word/document.xml as a .docx', async () => {
    expect(await kindOf(zipOf({ 'word/document.xml': '<w:document/>', '[Content_Types].xml': '<Types/>' }))).toBe('docx');
  });

  it('detectType() skips an empty file', async () => {
    expect(await detectType(new Uint8Array())).toEqual({ category: 'unsupported', reason: 'empty file' });
  });

  it('detectType() skips a PNG with a reason naming its type', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    const type = await detectType(png);
    expect(type).toMatchObject({ category: 'unsupported', mime: 'image/png' });
  });

  it('detectType() skips unknown binary data', async () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256);
    expect(await detectType(noise)).toMatchObject({ category: 'unsupported' });
  });

  it('detectType() reads Markdown by its syntax without an extension', async () => {
    expect(await kindOf(text('# Title\n\nSome text with a [link](https://x.org).\n\n- item\n'))).toBe('markdown');
  });

  it('detectType() reads an HTML document by its doctype even under a .md name', async () => {
    expect(await kindOf(text('<!DOCTYPE html><html><body><p>Hi</p></body></html>'), 'page.md')).toBe('html');
  });

  it('detectType() reads JSON and JSON Lines by parsing them', async () => {
    expect(await kindOf(text('{"a": [1, 2, {"b": "c"}]}'))).toBe('json');
    expect(await kindOf(text('{"a": 1}\n{"a": 2}\n'))).toBe('json');
  });

  it('detectType() reads evenly delimited lines as CSV', async () => {
    expect(await kindOf(text('name,age,city\nAda,36,London\nAlan,41,"Wilmslow, UK"\n'))).toBe('csv');
  });

  it('detectType() does not take prose with commas for CSV', async () => {
    expect(await kindOf(text('Hello, world.\nThis is prose, plainly.\n'))).toBe('text');
  });

  it('detectType() uses the extension to break a tie between text kinds', async () => {
    const plain = text('Remember the milk\nand the bread\n');
    expect(await kindOf(plain)).toBe('text');
    expect(await kindOf(plain, 'todo.md')).toBe('markdown');
    expect(await kindOf(plain, 'todo.ts')).toBe('code');
  });

  it('detectType() ignores an extension the content contradicts', async () => {
    expect(await kindOf(text('just some words\nand more words\n'), 'data.csv')).toBe('text');
  });

  it('detectType() reads a shebang script as code with its language', async () => {
    expect(await detectType(text('#!/usr/bin/env python3\nprint("hi")\n'))).toMatchObject({ kind: 'code', language: 'python' });
  });

  it('detectType() decodes legacy 8-bit text as windows-1252', async () => {
    const latin1 = Uint8Array.from([...text('caf'), 0xe9, 0x20, ...text('cr'), 0xe8, ...text('me br'), 0xfb, ...text('l'), 0xe9, 0x0a]);
    expect(await detectType(latin1)).toMatchObject({ kind: 'text', encoding: 'windows-1252' });
  });

  it('detectType() decodes UTF-16 text with a byte-order mark', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('plain words here\n', 'utf16le')]);
    expect(await detectType(utf16)).toMatchObject({ kind: 'text', encoding: 'utf-16le' });
  });
});
