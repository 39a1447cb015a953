/**
 * The semantic chunker (spec §5.3.6): a sliding window of tokens with overlap, cut on
 * sentence boundaries where it can. Pure and deterministic.
 *
 * A token is what an embedder would roughly count as a word piece: a run of letters,
 * digits, combining marks and connector punctuation (`don`, `t`, `3`, `snake_case`); one
 * punctuation mark or symbol (`.`, `,`, `$`); or one Han, Hiragana or Katakana character,
 * since those scripts put no spaces between words. Whitespace separates tokens and is
 * never one. For English prose this counts about 1.2 tokens per word, close to a BPE
 * tokenizer's count, without depending on any model's vocabulary.
 *
 * Cutting: a chunk holds at most `windowTokens` tokens. When the text goes on, the chunk
 * ends at the last good boundary (a sentence end, a paragraph break, a section start) in
 * its second half, else at the window edge. The next chunk starts `overlapTokens` before
 * that cut, moved forward to a sentence start when one lies in the overlap, so
 * consecutive chunks share at most `overlapTokens` tokens and never leave a gap.
 */
import { NoctemError, limits } from '../core/index.ts';

/** A headed section as the chunker needs it: where it starts and its heading. */
export interface ChunkSection {
  /** The section heading. */
  readonly heading: string;
  /** Offset of the section in the text, in UTF-16 code units. */
  readonly startChar: number;
}

/** Options for {@link chunkText}. */
export interface ChunkOptions {
  /** Tokens per chunk at most. @default limits.chunkWindowTokensDefault (512) */
  readonly windowTokens?: number;
  /** Tokens shared by consecutive chunks at most; less than the window. @default limits.chunkOverlapTokensDefault (50) */
  readonly overlapTokens?: number;
  /** Headed sections (offsets into the text): chunks prefer to start at them and carry their heading. @default [] */
  readonly sections?: readonly ChunkSection[];
}

/** One chunk of a text. Invariant: `text === source.slice(startChar, endChar)`. */
export interface TextChunk {
  /** The chunk's text, from its first token's start to its last token's end. */
  readonly text: string;
  /** Position in the chunk list, from 0. */
  readonly index: number;
  /** Offset of the first character, in UTF-16 code units. */
  readonly startChar: number;
  /** Offset just past the last character. */
  readonly endChar: number;
  /** Index of the chunk's first token in the whole text. */
  readonly startToken: number;
  /** Tokens in the chunk (1..windowTokens). */
  readonly tokenCount: number;
  /** The heading of the section the chunk starts in, if any. */
  readonly heading?: string;
}

/** Token offsets in a text: token i spans `[starts[i], ends[i])`. */
export interface TokenSpans {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

const cjk = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
const tokenPattern = new RegExp(String.raw`[${cjk}]|(?:(?![${cjk}])[\p{L}\p{N}\p{M}\p{Pc}])+|[^\s\p{L}\p{N}\p{M}\p{Pc}]`, 'gu');
const sentenceEnds = new Set(['.', '!', '?', '…', '。', '！', '？', '．']);
const wideSentenceEnds = new Set(['。', '！', '？']);
const closers = new Set([')', ']', '"', "'", '”', '’', '»', '」', '』']);

/**
 * Finds the tokens of a text (see the module comment for the definition).
 * @param text - any text
 */
export function tokenSpans(text: string): TokenSpans {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const match of text.matchAll(tokenPattern)) {
    starts.push(match.index);
    ends.push(match.index + match[0].length);
  }
  return { starts, ends };
}

/**
 * Splits a text into overlapping chunks.
 * @param text - the document text
 * @param options - window, overlap and sections
 * @returns the chunks in order; empty when the text has no tokens
 * @throws {NoctemError} INGEST_OPTIONS_INVALID when the window is not 1..chunkWindowTokensMax or the overlap is not 0..window-1
 */
export function chunkText(text: string, options: ChunkOptions = {}): TextChunk[] {
  const { window, overlap } = checkOptions(options);
  const spans = tokenSpans(text);
  const count = spans.starts.length;
  if (count === 0) return [];
  const boundary = findBoundaries(text, spans, options.sections ?? []);
  const sections = [...(options.sections ?? [])].sort((a, b) => a.startChar - b.startChar);
  const minFill = Math.max(overlap + 1, Math.ceil(window / 2));
  const chunks: TextChunk[] = [];
  let sectionIndex = -1;
  for (let start = 0; ; ) {
    const hardEnd = Math.min(start + window, count);
    let cut = hardEnd;
    if (hardEnd < count) {
      for (let candidate = hardEnd; candidate >= start + minFill; candidate -= 1) {
        if (boundary[candidate] === 1) {
          cut = candidate;
          break;
        }
      }
    }
    const startChar = spans.starts[start] as number;
    while (sectionIndex + 1 < sections.length && (sections[sectionIndex + 1]?.startChar ?? Infinity) <= startChar) sectionIndex += 1;
    const heading = sections[sectionIndex]?.heading;
    const endChar = spans.ends[cut - 1] as number;
    chunks.push({
      text: text.slice(startChar, endChar), index: chunks.length, startChar, endChar, startToken: start, tokenCount: cut - start,
      ...(heading === undefined ? {} : { heading }),
    });
    if (cut === count) return chunks;
    start = nextStart(cut, overlap, boundary);
  }
}

function checkOptions(options: ChunkOptions): { window: number; overlap: number } {
  const window = options.windowTokens ?? limits.chunkWindowTokensDefault;
  const overlap = options.overlapTokens ?? limits.chunkOverlapTokensDefault;
  if (!Number.isSafeInteger(window) || window < 1 || window > limits.chunkWindowTokensMax) {
    throw new NoctemError('INGEST_OPTIONS_INVALID', `The chunk window must be 1 to ${limits.chunkWindowTokensMax} tokens, got ${String(window)}`);
  }
  if (!Number.isSafeInteger(overlap) || overlap < 0 || overlap >= window) {
    throw new NoctemError('INGEST_OPTIONS_INVALID', `The chunk overlap must be 0 to ${window - 1} tokens (less than the window), got ${String(overlap)}`, {
      hint: 'Choose an overlap smaller than the window, e.g. a window of 512 tokens with an overlap of 50.',
    });
  }
  return { window, overlap };
}

function nextStart(cut: number, overlap: number, boundary: Uint8Array): number {
  // Start the overlap at a sentence start when one lies in it; else exactly `overlap` back.
  for (let position = cut - overlap; position < cut; position += 1) if (boundary[position] === 1) return position;
  return cut - overlap;
}

/** Marks positions b (1..count-1) where a cut before token b falls on a boundary. */
function findBoundaries(text: string, spans: TokenSpans, sections: readonly ChunkSection[]): Uint8Array {
  const { starts, ends } = spans;
  const count = starts.length;
  const boundary = new Uint8Array(count + 1);
  for (let index = 0; index + 1 < count; index += 1) {
    const gap = text.slice(ends[index], starts[index + 1]);
    if (/\n[^\S\n]*\n/.test(gap)) boundary[index + 1] = 1;
    const token = text.slice(starts[index], ends[index]);
    if (!sentenceEnds.has(token)) continue;
    let last = index;
    while (last + 1 < count && starts[last + 1] === ends[last] && closers.has(text.slice(starts[last + 1], ends[last + 1]))) last += 1;
    const spaced = last + 1 < count && (starts[last + 1] as number) > (ends[last] as number);
    if (last + 1 < count && (spaced || wideSentenceEnds.has(token))) boundary[last + 1] = 1;
  }
  for (const section of sections) {
    const first = firstTokenAtOrAfter(starts, section.startChar);
    if (first > 0 && first < count) boundary[first] = 1;
  }
  return boundary;
}

function firstTokenAtOrAfter(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((starts[middle] as number) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
