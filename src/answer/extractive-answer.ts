/**
 * The extractive answerer (D14's fallback when no language model is configured): it quotes
 * the 1–3 sentences of the retrieved chunks that best match the question, each followed by
 * an `[n]` citation. Sentences are scored with BM25 over the candidate sentences (each
 * sentence a document, the question's content words the query), times a prior that
 * prefers higher-ranked chunks and a factor that penalizes fragments and run-ons. A
 * sentence from an untrusted chunk (D12) may be quoted, but only inside quotation marks
 * and labelled as untrusted. Pure.
 */
import { assert, limits } from '../core/index.ts';
import type { AnswerChunk } from './answer-prompt.ts';
import { notFoundAnswerText, type Answer, type Citation } from './answer.ts';
import { contentTerms } from './answer-terms.ts';
import { splitSentences } from './sentence-split.ts';

/** Options for {@link extractiveAnswer}. */
export interface ExtractiveAnswerOptions {
  /** Sentences quoted at most. @default limits.extractiveSentencesMax */
  readonly sentencesMax?: number;
  /** Characters of quoted sentences at most (markers excluded). @default limits.extractiveAnswerCharsMax */
  readonly answerCharsMax?: number;
  /** Chunks scanned, best first. @default limits.answerChunksMax */
  readonly chunksMax?: number;
  /** Characters scanned per chunk. @default limits.answerChunkCharsMax */
  readonly chunkCharsMax?: number;
}

/** One candidate sentence with its score inputs. */
interface Candidate {
  readonly chunkIndex: number;
  readonly position: number;
  readonly text: string;
  readonly termCounts: ReadonlyMap<string, number>;
  readonly length: number;
  score: number;
}

/** BM25 term-frequency saturation and length normalization (the usual Robertson values). */
const bm25K1 = 1.2;
const bm25B = 0.75;
/** Each step down the retrieval ranking divides a sentence's score by 1 + this. */
const rankDecayPerChunk = 0.1;
/** Sentences shorter than this many characters, or with fewer content terms, are fragments. */
const fragmentCharsMin = 30;
const fragmentTermsMin = 3;
/** Sentences longer than this many characters are scaled down in proportion. */
const runOnCharsMax = 350;
/** A further sentence must score at least this fraction of the best one. */
const companionScoreRatioMin = 0.5;
/** Term-set overlap (Jaccard) above which a sentence repeats one already chosen. */
const duplicateOverlapMin = 0.8;

/**
 * Answers `question` by quoting the best sentences of `chunks`.
 * @param question - the person's question
 * @param chunks - retrieved chunks, best first
 * @param options - how much to scan and quote
 * @returns an extractive answer; when no sentence shares a content word with the question,
 *   the not-found text and no citations
 */
export function extractiveAnswer(question: string, chunks: readonly AnswerChunk[], options: ExtractiveAnswerOptions = {}): Answer {
  const queryTerms = [...new Set(contentTerms(question))];
  const scanned = chunks.slice(0, options.chunksMax ?? limits.answerChunksMax);
  const candidates = collectCandidates(scanned, options.chunkCharsMax ?? limits.answerChunkCharsMax);
  scoreCandidates(candidates, queryTerms);
  const chosen = chooseSentences(candidates, options.sentencesMax ?? limits.extractiveSentencesMax, options.answerCharsMax ?? limits.extractiveAnswerCharsMax);
  if (chosen.length === 0) return { answer: notFoundAnswerText, citations: [], mode: 'extractive' };
  return render(chosen, scanned, options.answerCharsMax ?? limits.extractiveAnswerCharsMax);
}

/** Every sentence of every scanned chunk. */
function collectCandidates(chunks: readonly AnswerChunk[], chunkCharsMax: number): Candidate[] {
  const candidates: Candidate[] = [];
  chunks.forEach((chunk, chunkIndex) => {
    splitSentences(chunk.text.slice(0, chunkCharsMax)).forEach((text, position) => {
      const terms = contentTerms(text);
      const termCounts = new Map<string, number>();
      for (const term of terms) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
      candidates.push({ chunkIndex, position, text, termCounts, length: terms.length, score: 0 });
    });
  });
  return candidates;
}

/** Sets each candidate's score: BM25 × chunk-rank prior × length factor. */
function scoreCandidates(candidates: Candidate[], queryTerms: readonly string[]): void {
  if (candidates.length === 0 || queryTerms.length === 0) return;
  const count = candidates.length;
  const lengthAverage = Math.max(1, candidates.reduce((sum, c) => sum + c.length, 0) / count);
  const idf = new Map<string, number>();
  for (const term of queryTerms) {
    const containing = candidates.filter((c) => c.termCounts.has(term)).length;
    idf.set(term, Math.log(1 + (count - containing + 0.5) / (containing + 0.5)));
  }
  for (const candidate of candidates) {
    let bm25 = 0;
    for (const term of queryTerms) {
      const tf = candidate.termCounts.get(term) ?? 0;
      if (tf === 0) continue;
      const norm = bm25K1 * (1 - bm25B + (bm25B * candidate.length) / lengthAverage);
      bm25 += (idf.get(term) ?? 0) * ((tf * (bm25K1 + 1)) / (tf + norm));
    }
    candidate.score = bm25 * lengthFactor(candidate) / (1 + rankDecayPerChunk * candidate.chunkIndex);
  }
}

/** 1 for a well-formed sentence; less for fragments (headings, captions) and run-ons. */
function lengthFactor(candidate: Candidate): number {
  if (candidate.text.length < fragmentCharsMin || candidate.length < fragmentTermsMin) return 0.5;
  if (candidate.text.length > runOnCharsMax) return runOnCharsMax / candidate.text.length;
  return 1;
}

/** The best sentence, then up to `sentencesMax - 1` strong, non-repeating companions that fit. */
function chooseSentences(candidates: readonly Candidate[], sentencesMax: number, answerCharsMax: number): Candidate[] {
  const ranked = candidates
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.chunkIndex - b.chunkIndex || a.position - b.position);
  const best = ranked[0];
  if (best === undefined) return [];
  const chosen = [best];
  let chars = best.text.length;
  for (const candidate of ranked.slice(1)) {
    if (chosen.length >= sentencesMax || candidate.score < companionScoreRatioMin * best.score) break;
    if (chars + 1 + candidate.text.length > answerCharsMax) continue;
    if (chosen.some((c) => overlap(c, candidate) > duplicateOverlapMin)) continue;
    chosen.push(candidate);
    chars += 1 + candidate.text.length;
  }
  return chosen;
}

/** Jaccard overlap of two sentences' term sets (overlapping chunks repeat sentences). */
function overlap(a: Candidate, b: Candidate): number {
  if (a.text === b.text) return 1;
  let shared = 0;
  for (const term of a.termCounts.keys()) if (b.termCounts.has(term)) shared++;
  const union = a.termCounts.size + b.termCounts.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** The answer text with `[n]` markers, and the citations numbered by first use. */
function render(chosen: readonly Candidate[], chunks: readonly AnswerChunk[], answerCharsMax: number): Answer {
  const citations: Citation[] = [];
  const numberByChunk = new Map<number, number>();
  const parts = chosen.map((candidate) => {
    const chunk = chunks[candidate.chunkIndex];
    assert(chunk !== undefined, 'a candidate names a scanned chunk');
    let n = numberByChunk.get(candidate.chunkIndex);
    if (n === undefined) {
      citations.push({ id: chunk.id, source: chunk.source });
      n = citations.length;
      numberByChunk.set(candidate.chunkIndex, n);
    }
    const text = cutAtWord(candidate.text, answerCharsMax);
    if (chunk.untrusted) return `“${text}” (quoted from an untrusted source) [${n}]`;
    // The marker goes before the sentence's final punctuation: "… in adults [1]."
    const end = /[.!?]+$/.exec(text);
    return end === null ? `${text} [${n}]` : `${text.slice(0, end.index)} [${n}]${end[0]}`;
  });
  return { answer: parts.join(' '), citations, mode: 'extractive' };
}

/** `text` cut to at most `charsMax` characters at a word boundary, ending with "…" when cut. */
function cutAtWord(text: string, charsMax: number): string {
  if (text.length <= charsMax) return text;
  const head = text.slice(0, Math.max(1, charsMax - 1));
  const space = head.lastIndexOf(' ');
  return `${space > charsMax / 2 ? head.slice(0, space) : head}…`;
}
