/**
 * Okapi BM25 scoring over postings supplied as data (the store keeps the index; this file
 * only computes). Lucene's formulation, as in Anserini: idf = ln(1 + (N − df + ½)/(df + ½)),
 * and a term contributes idf · tf·(k1 + 1) / (tf + k1·(1 − b + b·dl/avgdl)). A query term
 * that repeats counts once per occurrence, as Lucene's bag-of-words query does.
 */
import { assert, limits } from '../core/index.ts';
import { termFrequencies } from './tokenize.ts';
import { topKOfMap, type Scored } from './top-k.ts';

/** One document in a term's postings list. */
export interface Posting {
  readonly docId: string;
  /** Occurrences of the term in the document, ≥ 1. */
  readonly tf: number;
}

/** Read access to an inverted index. */
export interface Bm25Corpus {
  /** Documents in the collection, N. */
  readonly docCount: number;
  /** Mean document length in terms. */
  readonly avgDocLength: number;
  /** The postings of a term, or undefined when no document has it. */
  postings(term: string): readonly Posting[] | undefined;
  /** A document's length in terms. */
  docLength(docId: string): number;
}

/** Options for {@link bm25Search}. */
export interface Bm25Options {
  /** Term-frequency saturation. @default 0.9 (Anserini) */
  readonly k1?: number;
  /** Length normalization in [0, 1]. @default 0.4 (Anserini) */
  readonly b?: number;
  /** Results to return, 1..limits.recallResultsMax. @default 10 */
  readonly limit?: number;
}

/**
 * Lucene's BM25 idf of a term.
 * @param df - documents containing the term
 * @param docCount - documents in the collection
 * @returns idf > 0
 */
export function bm25Idf(df: number, docCount: number): number {
  return Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
}

/**
 * Ranks documents for a query.
 * @param queryTerms - analyzed query terms (from `tokenize`), at most limits.recallQueryTermsMax distinct
 * @param corpus - the index
 * @param options - k1, b and the result count
 * @returns up to `limit` documents, best first (ties by id)
 */
export function bm25Search(queryTerms: readonly string[], corpus: Bm25Corpus, options: Bm25Options = {}): Scored[] {
  const k1 = options.k1 ?? 0.9;
  const b = options.b ?? 0.4;
  const limit = options.limit ?? 10;
  assert(k1 >= 0 && b >= 0 && b <= 1, 'BM25 needs k1 ≥ 0 and b in [0, 1]');
  assert(Number.isInteger(limit) && limit >= 1 && limit <= limits.recallResultsMax, 'limit in range');
  const queryCounts = termFrequencies(queryTerms);
  assert(queryCounts.size <= limits.recallQueryTermsMax, 'query terms within recallQueryTermsMax');
  const avgDocLength = corpus.avgDocLength > 0 ? corpus.avgDocLength : 1;
  const scores = new Map<string, number>();
  for (const [term, queryCount] of queryCounts) {
    const postings = corpus.postings(term);
    if (postings === undefined || postings.length === 0) continue;
    const weight = queryCount * bm25Idf(postings.length, corpus.docCount) * (k1 + 1);
    for (const { docId, tf } of postings) {
      const norm = k1 * (1 - b + (b * corpus.docLength(docId)) / avgDocLength);
      scores.set(docId, (scores.get(docId) ?? 0) + (weight * tf) / (tf + norm));
    }
  }
  return topKOfMap(scores, limit);
}
