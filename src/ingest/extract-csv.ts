/**
 * CSV and TSV extraction: RFC 4180 parsing (quoted fields, doubled quotes, line breaks
 * inside quotes) and header-aware output, one "column: value" line per non-empty cell and
 * a blank line between rows, so each row reads as a small record. Pure.
 */
import { limits as coreLimits } from '../core/index.ts';
import type { ExtractedDocument } from './extracted-document.ts';

/** Bounds for {@link extractCsv}. */
export interface CsvLimits {
  /** Data rows written; later rows are dropped and the document flagged truncated. */
  readonly rowsMax: number;
  /** Cells read per row; later cells are dropped. */
  readonly columnsMax: number;
  /** Characters of output kept. */
  readonly charsMax: number;
}

const delimiters = [',', '\t', ';'] as const;

/**
 * Finds the delimiter that splits the sample's first lines into the same number (>= 2) of
 * fields, if one does. Prose is not CSV: at least three lines must agree, or two lines
 * with three or more fields each.
 * @param sample - the start of the text
 * @returns the delimiter, or undefined when the text does not look like CSV
 */
export function sniffCsvDelimiter(sample: string): string | undefined {
  const lines = sample.split('\n', 22).filter((line) => line.trim() !== '');
  // The sample may cut its last line short; leave it out when there are enough others.
  const whole = lines.length > 3 ? lines.slice(0, -1) : lines;
  const [head, ...rest] = whole;
  if (head === undefined || rest.length === 0) return undefined;
  let best: { delimiter: string; fields: number } | undefined;
  for (const delimiter of delimiters) {
    // Judge the first line before scanning the others: prose fails here, cheaply.
    const first = countOutsideQuotes(head, delimiter);
    if (first === 0 || (whole.length < 3 && first < 2)) continue;
    if (!rest.every((line) => countOutsideQuotes(line, delimiter) === first)) continue;
    if (best === undefined || first > best.fields) best = { delimiter, fields: first };
  }
  return best?.delimiter;
}

/**
 * Parses CSV text into rows of cells.
 * @param text - the CSV, with "\n" line ends
 * @param delimiter - the field separator
 * @param columnsMax - cells kept per row
 */
export function* parseCsvRows(text: string, delimiter: string, columnsMax: number): Generator<string[]> {
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  const pushField = (): void => {
    if (row.length < columnsMax) row.push(field);
    field = '';
  };
  while (index < text.length) {
    const char = text[index] as string;
    index += 1;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[index] === '"') {
        field += '"';
        index += 1;
      } else quoted = false;
    } else if (char === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (char === delimiter) pushField();
    else if (char === '\n') {
      pushField();
      yield row;
      row = [];
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    pushField();
    yield row;
  }
}

/**
 * Extracts CSV text as "column: value" records.
 * @param text - the decoded file
 * @param limits - row, column and character bounds
 * @param delimiterHint - the delimiter, when known (`\t` for .tsv)
 */
export function extractCsv(text: string, limits: CsvLimits, delimiterHint?: string): ExtractedDocument {
  const delimiter = delimiterHint ?? sniffCsvDelimiter(text.slice(0, coreLimits.extractSniffBytesMax)) ?? ',';
  const rows = parseCsvRows(text, delimiter, limits.columnsMax);
  const first = rows.next();
  if (first.done === true) return { kind: 'csv', text: '' };
  const hasHeader = !first.value.every((cell) => /^\s*-?[\d.,]+\s*$/.test(cell) || cell.trim() === '');
  const names = first.value.map((cell, index) => (hasHeader && cell.trim() !== '' ? cell.trim() : `column ${index + 1}`));
  const blocks: string[] = [];
  let chars = 0;
  let rowCount = 0;
  let truncated = false;
  const pending = hasHeader ? rows : prepend(first.value, rows);
  for (const row of pending) {
    if (rowCount >= limits.rowsMax || chars >= limits.charsMax) {
      truncated = true;
      break;
    }
    const block = renderRow(row, names);
    if (block === '') continue;
    blocks.push(block);
    chars += block.length + 2;
    rowCount += 1;
  }
  const joined = blocks.join('\n\n');
  return { kind: 'csv', text: joined.slice(0, limits.charsMax), truncated: truncated || joined.length > limits.charsMax };
}

function renderRow(row: readonly string[], names: readonly string[]): string {
  const lines: string[] = [];
  row.forEach((cell, index) => {
    const value = cell.replace(/\s+/g, ' ').trim();
    if (value !== '') lines.push(`${names[index] ?? `column ${index + 1}`}: ${value}`);
  });
  return lines.join('\n');
}

function* prepend(first: string[], rest: Iterator<string[]>): Generator<string[]> {
  yield first;
  for (let next = rest.next(); next.done !== true; next = rest.next()) yield next.value;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  const delimiterCode = delimiter.charCodeAt(0);
  let count = 0;
  let quoted = false;
  // Indexed code units, not the string iterator: this runs on every text file's sample.
  for (let index = 0; index < line.length; index += 1) {
    const code = line.charCodeAt(index);
    if (code === 0x22) quoted = !quoted;
    else if (code === delimiterCode && !quoted) count += 1;
  }
  return count;
}
