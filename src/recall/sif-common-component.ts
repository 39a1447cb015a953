/**
 * The common component that SIF removes (Arora, Liang and Ma 2017, step 2): the first
 * principal direction of sentence embeddings, shared by all of them and carrying mostly
 * syntax and frequency. The paper computes it on the corpus being embedded; a personal memory
 * has no corpus at birth and its vectors must not shift as it grows, so we compute it once
 * from a fixed reference sample: pseudo-documents of words drawn from the vocabulary's own
 * Zipf distribution with xoshiro256++ under a fixed seed. It is stored in the embedder cache.
 */
import { Xoshiro256pp, assert } from '../core/index.ts';
import { firstPrincipalComponent } from './principal-component.ts';
import { words as analyzeWords } from './tokenize.ts';
import type { WordVectors } from './word-vectors.ts';

/** Options for {@link sifCommonComponent}. */
export interface SifCommonComponentOptions {
  /** Pseudo-documents in the sample. @default 4096 */
  readonly documents?: number;
  /** Words per pseudo-document. @default 64 */
  readonly wordsPerDocument?: number;
  /** The sampling seed. @default 0x51f (fixed so every install derives the same component) */
  readonly seed?: number;
}

/**
 * Computes the common component of SIF embeddings of Zipf-sampled pseudo-documents. Only
 * words the embedder's tokenizer can produce are sampled (not ",", "'s" and the like).
 * @param vectors - the word vectors
 * @param weights - the SIF weight of each row
 * @param options - sample size and seed
 * @returns a unit vector of the vectors' width
 */
export function sifCommonComponent(vectors: WordVectors, weights: Float32Array, options: SifCommonComponentOptions = {}): Float32Array {
  const documents = options.documents ?? 4096;
  const wordsPerDocument = options.wordsPerDocument ?? 64;
  const { dimensions, matrix } = vectors;
  assert(weights.length === vectors.words.length, 'one weight per word');
  const eligible = vectors.words.flatMap((word, row) => (isPlainWord(word) ? [row] : []));
  assert(eligible.length > 0, 'the vocabulary has plain words');
  const cumulative = new Float64Array(eligible.length);
  let total = 0;
  eligible.forEach((row, i) => {
    total += 1 / (row + 1);
    cumulative[i] = total;
  });
  const rng = Xoshiro256pp.fromSeed(options.seed ?? 0x51f);
  const sample = new Float32Array(documents * dimensions);
  for (let doc = 0; doc < documents; doc++) {
    for (let n = 0; n < wordsPerDocument; n++) {
      const row = eligible[upperBound(cumulative, rng.nextFloat64() * total)]!;
      const weight = weights[row]!;
      for (let d = 0; d < dimensions; d++) sample[doc * dimensions + d] = sample[doc * dimensions + d]! + weight * matrix[row * dimensions + d]!;
    }
  }
  return firstPrincipalComponent(sample, dimensions);
}

function isPlainWord(word: string): boolean {
  const analyzed = analyzeWords(word);
  return analyzed.length === 1 && analyzed[0] === word;
}

/** The first index whose cumulative value exceeds `target` (clamped to the last index). */
function upperBound(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (cumulative[mid]! > target) high = mid;
    else low = mid + 1;
  }
  return low;
}
