/**
 * Goal: the benchmark's nDCG@10 and recall@100 match the trec_eval definitions BEIR uses.
 * Method: small rankings whose values were computed by hand (the arithmetic is in each
 * test's comment). Lives in test/ because vitest collects only src/ and test/.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRun, ndcgAtK, recallAtK } from '../../bench/ir-metrics.ts';

const binary = new Map([['a', 1], ['b', 1]]);

describe('ndcgAtK', () => {
  it('ndcgAtK() is 1 for the ideal ranking', () => {
    expect(ndcgAtK(['a', 'b', 'x'], binary, 10)).toBe(1);
  });

  it('ndcgAtK() discounts by log2(rank + 1) with binary relevance', () => {
    // DCG = 1/log2(3) + 1/log2(5) = 1.061606; IDCG = 1 + 1/log2(3) = 1.630930.
    expect(ndcgAtK(['x', 'a', 'y', 'b'], binary, 10)).toBeCloseTo(0.6509209298, 9);
  });

  it('ndcgAtK() uses graded relevance as linear gain and the qrels for the ideal', () => {
    // DCG = 2/log2(2) + 0 + 3/log2(4) = 3.5; IDCG = 3/log2(2) + 2/log2(3) = 4.261860.
    const graded = new Map([['a', 3], ['b', 2], ['c', 0]]);
    expect(ndcgAtK(['b', 'c', 'a'], graded, 10)).toBeCloseTo(0.8212377705, 9);
  });

  it('ndcgAtK() ignores documents below the cutoff', () => {
    const ranked = [...Array.from({ length: 10 }, (_, i) => `x${i}`), 'a'];
    expect(ndcgAtK(ranked, binary, 10)).toBe(0);
  });

  it('ndcgAtK() counts a repeated document once, at its first rank', () => {
    expect(ndcgAtK(['a', 'a', 'b'], binary, 10)).toBe(1);
  });

  it('ndcgAtK() is 0 when no document is relevant', () => {
    expect(ndcgAtK(['a'], new Map([['a', 0]]), 10)).toBe(0);
  });
});

describe('recallAtK', () => {
  it('recallAtK() is the share of relevant documents in the top k', () => {
    const three = new Map([['a', 1], ['b', 2], ['c', 1], ['d', 0]]);
    expect(recallAtK(['d', 'b', 'x', 'a'], three, 100)).toBeCloseTo(2 / 3, 12);
  });

  it('recallAtK() ignores documents below the cutoff', () => {
    const ranked = [...Array.from({ length: 100 }, (_, i) => `x${i}`), 'a'];
    expect(recallAtK(ranked, binary, 100)).toBe(0);
  });
});

describe('evaluateRun', () => {
  it('evaluateRun() averages over judged queries, counts unanswered ones as 0 and skips the rest', () => {
    const qrels = new Map([
      ['q1', binary], // ideal ranking: nDCG 1, recall 1
      ['q2', new Map([['a', 1]])], // not in the run: 0, 0
      ['q3', new Map([['a', 0]])], // no relevant document: excluded
    ]);
    const run = new Map([['q1', ['a', 'b']], ['q9', ['a']]]);
    expect(evaluateRun(run, qrels)).toEqual({ ndcg10: 0.5, recall100: 0.5, queries: 2 });
  });

  it('evaluateRun() honours the cutoffs it is given', () => {
    // q1 ranks its relevant document second: nDCG@1 = 0, recall@1 = 0, recall@2 = 1.
    const run = new Map([['q1', ['x', 'a']]]);
    const qrels = new Map([['q1', new Map([['a', 1]])]]);
    expect(evaluateRun(run, qrels, { ndcgK: 1, recallK: 1 })).toEqual({ ndcg10: 0, recall100: 0, queries: 1 });
    expect(evaluateRun(run, qrels, { recallK: 2 }).recall100).toBe(1);
  });
});
