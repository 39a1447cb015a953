/**
 * Goal: extractCsv() turns rows into "column: value" records, parsing RFC 4180 quoting.
 * Method: literals and the corpus's NOTES.tsv files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCsv, parseCsvRows, sniffCsvDelimiter } from './extract-csv.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';

const limits = { rowsMax: 1000, columnsMax: 100, charsMax: 1e6 };

describe('parseCsvRows()', () => {
  it('parseCsvRows() handles quoted delimiters, doubled quotes and line breaks in quotes', () => {
    const rows = [...parseCsvRows('a,"b, c","say ""hi""","two\nlines"\n', ',', 100)];
    expect(rows).toEqual([['a', 'b, c', 'say "hi"', 'two\nlines']]);
  });
});

describe('extractCsv()', () => {
  it('extractCsv() writes each row as "header: value" lines, rows separated by a blank line', () => {
    expect(extractCsv('name,city\nAda,London\nAlan,"Wilmslow, UK"\n', limits).text).toBe('name: Ada\ncity: London\n\nname: Alan\ncity: Wilmslow, UK');
  });

  it('extractCsv() names columns by position when the first row is numbers', () => {
    expect(extractCsv('1,2\n3,4\n', limits).text).toBe('column 1: 1\ncolumn 2: 2\n\ncolumn 1: 3\ncolumn 2: 4');
  });

  it('extractCsv() leaves out empty cells', () => {
    expect(extractCsv('a,b\n,x\n', limits).text).toBe('b: x');
  });

  it('extractCsv() stops at the row limit and says so', () => {
    const document = extractCsv(`n\n${Array.from({ length: 20 }, (_, index) => index).join('\n')}\n`, { ...limits, rowsMax: 5 });
    expect(document.text.split('\n\n')).toHaveLength(5);
    expect(document.truncated).toBe(true);
  });

  it('sniffCsvDelimiter() finds tabs and semicolons', () => {
    expect(sniffCsvDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(sniffCsvDelimiter('a;b\n1;2\n3;4\n')).toBe(';');
  });
});

describe.skipIf(!hasCorpus)('extractCsv() on corpus files', () => {
  it('extractCsv() reads a real TSV with its header', () => {
    const text = readFileSync(corpusFile('pdf/NOTES.tsv'), 'utf8');
    expect(extractCsv(text, limits, '\t').text).toContain('file: tracemonkey.pdf\nbytes: 1016315');
  });
});
