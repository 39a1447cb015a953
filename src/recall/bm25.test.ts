/**
 * Goal: bm25Search() computes Lucene's BM25 exactly and ranks sensibly. Method: a tiny
 * in-memory index with hand-computed scores.
 */
import { describe, expect, test } from 'vitest';
import { bm25Idf, bm25Search, type Bm25Corpus, type Posting } from './bm25.ts';
import { termFrequencies, tokenize } from './tokenize.ts';

function indexOf(docs: Record<string, string>): Bm25Corpus {
  const postings = new Map<string, Posting[]>();
  const lengths = new Map<string, number>();
  for (const [docId, text] of Object.entries(docs)) {
    const terms = tokenize(text);
    lengths.set(docId, terms.length);
    for (const [term, tf] of termFrequencies(terms)) postings.set(term, [...(postings.get(term) ?? []), { docId, tf }]);
  }
  const total = [...lengths.values()].reduce((a, b) => a + b, 0);
  return {
    docCount: lengths.size,
    avgDocLength: total / lengths.size,
    postings: (term) => postings.get(term),
    docLength: (docId) => lengths.get(docId) ?? 0,
  };
}

const corpus = indexOf({
  d1: 'memory consolidation happens during sleep',
  d2: 'sleep sleep sleep and more sleep',
  d3: 'the torus has nine dimensions',
});

describe('bm25', () => {
  test('bm25Idf() follows Lucene: ln(1 + (N - df + 0.5) / (df + 0.5))', () => {
    expect(bm25Idf(1, 3)).toBeCloseTo(Math.log(1 + 2.5 / 1.5), 12);
  });

  test('bm25Search() gives the hand-computed score', () => {
    const [top] = bm25Search(tokenize('torus'), corpus, { k1: 1.2, b: 0.75 });
    // Lengths after stopwords: d1 5, d2 5 ("and" dropped), d3 4 ("the" dropped).
    const avg = (5 + 5 + 4) / 3;
    const expected = (bm25Idf(1, 3) * (1 * 2.2)) / (1 + 1.2 * (1 - 0.75 + (0.75 * 4) / avg));
    expect(top).toEqual({ id: 'd3', score: expect.closeTo(expected, 12) });
  });

  test('bm25Search() saturates term frequency and ranks both matches', () => {
    expect(bm25Search(tokenize('sleeping'), corpus).map((r) => r.id)).toEqual(['d2', 'd1']);
  });

  test('bm25Search() returns nothing for unknown terms', () => {
    expect(bm25Search(tokenize('quantum'), corpus)).toEqual([]);
  });

  test('bm25Search() respects the limit', () => {
    expect(bm25Search(tokenize('sleep torus'), corpus, { limit: 1 })).toHaveLength(1);
  });
});
