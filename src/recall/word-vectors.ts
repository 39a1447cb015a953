/**
 * Word vectors in memory: a vocabulary in frequency-rank order and a packed float32 matrix,
 * one row per word. Plus the rank-based word probabilities that SIF weighting needs.
 */
import { assert } from '../core/index.ts';

/** A vocabulary and its vectors. Row r is the word of frequency rank r (0 = most frequent). */
export interface WordVectors {
  /** Vector width. */
  readonly dimensions: number;
  /** Words by frequency rank; unique. */
  readonly words: readonly string[];
  /** words.length × dimensions, row-major. */
  readonly matrix: Float32Array;
}

/**
 * Zipf word probabilities from frequency ranks: p(r) = 1 / ((r + 1)·H_N), H_N the N-th
 * harmonic number. GloVe ships its vocabulary sorted by corpus frequency but without the
 * counts, and Zipf's law with exponent 1 fits English rank-frequency data well (p("the") ≈ 7%).
 * @param wordCount - N, the vocabulary size
 * @returns p by rank, summing to 1
 */
export function zipfProbabilities(wordCount: number): Float64Array {
  assert(Number.isInteger(wordCount) && wordCount >= 1, 'a vocabulary has at least one word');
  let harmonic = 0;
  for (let r = wordCount; r >= 1; r--) harmonic += 1 / r;
  const p = new Float64Array(wordCount);
  for (let r = 0; r < wordCount; r++) p[r] = 1 / ((r + 1) * harmonic);
  return p;
}

/**
 * SIF weights a/(a + p(w)) (Arora, Liang and Ma, ICLR 2017): frequent words count little.
 * @param probabilities - p(w) by row
 * @param a - the smoothing parameter; the paper's default is 1e-3
 * @returns one weight per row, in (0, 1)
 */
export function sifWeights(probabilities: Float64Array, a = 1e-3): Float32Array {
  assert(a > 0, 'SIF a > 0');
  const weights = new Float32Array(probabilities.length);
  for (let r = 0; r < weights.length; r++) weights[r] = a / (a + probabilities[r]!);
  return weights;
}
