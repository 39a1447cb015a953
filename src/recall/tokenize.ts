/**
 * The BM25 analyzer: text → index terms. Shared by indexing and querying so both sides agree.
 * Steps: Unicode NFKD with combining marks removed (so "café" matches "cafe"), lowercase,
 * runs of Unicode letters and digits (an apostrophe inside a word is kept, so "don't" is one
 * word), English possessives removed ("Noctem's" → "noctem"), remaining apostrophes dropped,
 * stopwords removed, and the Porter2 stem taken.
 */
import { englishStopwords } from './english-stopwords.ts';
import { stemEnglish } from './english-stemmer.ts';

/** Options for {@link tokenize}. */
export interface TokenizeOptions {
  /** Words dropped before stemming. @default englishStopwords */
  readonly stopwords?: ReadonlySet<string>;
  /** Apply the Porter2 stemmer. @default true */
  readonly stem?: boolean;
}

/** Words longer than this are dropped (they are hashes, base64 or URLs, not words). */
export const tokenCharsMax = 64;
/** Entries kept in the stem memo before it is cleared. */
const stemMemoEntriesMax = 200_000;
const stemMemo = new Map<string, string>();
const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/**
 * The index terms of `text`, in order (repeats kept, for term frequencies and lengths).
 * @param text - any text
 * @param options - stopwords and stemming
 * @returns lowercase terms
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stopwords = options.stopwords ?? englishStopwords;
  const stem = options.stem ?? true;
  const terms: string[] = [];
  for (const word of words(text)) {
    if (stopwords.has(word)) continue;
    terms.push(stem ? memoStem(word) : word);
  }
  return terms;
}

/**
 * The words of `text` before stopwords and stemming: folded, lowercase, possessives removed.
 * @param text - any text
 */
export function words(text: string): string[] {
  // Fold only when needed: NFKD on pure ASCII is a costly no-op.
  const folded = isAscii(text) ? text.toLowerCase() : text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const out: string[] = [];
  for (const match of folded.matchAll(wordPattern)) {
    let word = match[0];
    if (word.length > tokenCharsMax) continue;
    if (word.includes('’')) word = word.replaceAll('’', "'");
    if (word.endsWith("'s")) word = word.slice(0, -2);
    if (word.includes("'")) word = word.replaceAll("'", '');
    if (word.length > 0) out.push(word);
  }
  return out;
}

/**
 * Counts each term.
 * @param terms - from {@link tokenize}
 * @returns term → frequency
 */
export function termFrequencies(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function memoStem(word: string): string {
  let stem = stemMemo.get(word);
  if (stem === undefined) {
    if (stemMemo.size >= stemMemoEntriesMax) stemMemo.clear();
    stem = stemEnglish(word);
    stemMemo.set(word, stem);
  }
  return stem;
}
