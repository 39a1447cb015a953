/**
 * Sentence splitting for extractive answers: rule-based, English-first, and conservative
 * (joining two sentences costs less than cutting one in half). A boundary is `.`, `!`, `?`
 * or `…`, optionally followed by closing quotes or brackets, then whitespace, then a word
 * that does not start in lowercase. A period after a title or Latin abbreviation ("Dr.",
 * "e.g."), an initial ("J. Smith") or a dotted acronym ("U.S.") is not a boundary, nor is one
 * after "Fig.", "No." or "et al." when a number follows. Decimals ("3.5") never are, because
 * no space follows the point. Blank lines, Markdown headings and list items always start a new sentence;
 * other line breaks are spaces (hard-wrapped text, PDF lines).
 */

/** Abbreviations after which a period never ends a sentence (lowercase, inner dots kept). */
const abbreviations = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'vs', 'e.g', 'i.e', 'cf', 'viz',
  'approx', 'ca', 'resp', 'dept', 'univ', 'gen', 'col', 'lt', 'sgt', 'capt',
]);
/** Abbreviations that precede a number ("Fig. 3", "et al. 2019"): no boundary before a digit. */
const numberAbbreviations = new Set([
  'fig', 'figs', 'eq', 'eqs', 'ref', 'refs', 'no', 'nos', 'vol', 'vols', 'p', 'pp', 'ch', 'sec', 'et al',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** A terminator run, closing quotes or brackets, then the whitespace that follows. */
const terminatorPattern = /[.!?…]+["'”’)\]]*\s+/g;
/** A line that starts a new block: a Markdown heading, a bullet or a numbered item. */
const blockStartPattern = /^\s*(?:#{1,6}\s|[-*•+]\s|\d{1,3}[.)]\s)/;

/**
 * Splits `text` into sentences, in order, each with whitespace collapsed and trimmed.
 * @param text - prose, Markdown or extracted PDF text
 * @returns the non-empty sentences
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const block of blocks(text)) {
    for (const sentence of splitBlock(block)) {
      const clean = sentence.replace(/\s+/g, ' ').trim();
      if (clean !== '') sentences.push(clean);
    }
  }
  return sentences;
}

/** Paragraphs, headings and list items: the units no sentence crosses. */
function blocks(text: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) out.push(current.join('\n'));
    current = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (blockStartPattern.test(line)) flush();
    current.push(line.replace(blockStartPattern, ''));
    // A heading is a block of its own line: the next line starts anew.
    if (/^\s*#{1,6}\s/.test(line)) flush();
  }
  flush();
  return out;
}

/** Splits one block at its sentence boundaries. */
function splitBlock(block: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const match of block.matchAll(terminatorPattern)) {
    const end = match.index + match[0].length;
    if (end >= block.length) break;
    if (isBoundary(block, match.index, match[0], end)) {
      out.push(block.slice(start, end));
      start = end;
    }
  }
  out.push(block.slice(start));
  return out;
}

/** Whether the terminator `run` found at `at` (followed by text at `next`) ends a sentence. */
function isBoundary(block: string, at: number, run: string, next: number): boolean {
  const following = block.slice(next, next + 3);
  if (/^["'“‘([]?\p{Ll}/u.test(following)) return false;
  if (!run.startsWith('.') || run.startsWith('..')) return true;
  const word = wordBefore(block, at);
  const lower = word.toLowerCase();
  if (abbreviations.has(lower)) return false;
  if (numberAbbreviations.has(lower)) return !/^[([]?\p{N}/u.test(following);
  if (/^\p{Lu}$/u.test(word)) return false;
  return !/^(?:\p{L}\.)+\p{L}$/u.test(word);
}

/** The word that ends just before `at` (with inner dots, without opening punctuation). */
function wordBefore(block: string, at: number): string {
  const head = block.slice(Math.max(0, at - 40), at);
  if (/\bet\s+al$/i.test(head)) return 'et al';
  const match = /[\p{L}\p{N}.]+$/u.exec(head);
  return match === null ? '' : match[0].replace(/^\.+/, '');
}
