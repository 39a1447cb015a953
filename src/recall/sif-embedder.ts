/**
 * The built-in embedder (D15): GloVe word vectors combined by Smooth Inverse Frequency
 * (Arora, Liang and Ma, "A Simple but Tough-to-Beat Baseline for Sentence Embeddings",
 * ICLR 2017). A text's vector is Σ a/(a + p(w))·v(w) over its known words, minus its
 * projection on the common component, scaled to unit length. Pure and synchronous inside:
 * one Map lookup and one 100-wide multiply-add per word.
 */
import { assert } from '../core/index.ts';
import type { Embedder } from './embedder.ts';
import { removeComponent } from './principal-component.ts';
import { words as analyzeWords } from './tokenize.ts';
import type { WordVectorCache } from './word-vector-cache.ts';
import { sifWeights, zipfProbabilities } from './word-vectors.ts';

/** Options for {@link SifEmbedder}. */
export interface SifEmbedderOptions {
  /** The SIF smoothing parameter a. @default 1e-3 */
  readonly a?: number;
}

/** Word vectors + SIF weighting + common-component removal, as an {@link Embedder}. */
export class SifEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly #rows: Map<string, number>;
  readonly #matrix: Float32Array;
  readonly #weights: Float32Array;
  readonly #component: Float32Array;

  /**
   * @param cache - the vectors and their common component (computed with the same `a`)
   * @param options - the SIF parameter
   */
  constructor(cache: WordVectorCache, options: SifEmbedderOptions = {}) {
    const { vectors } = cache;
    assert(cache.component.length === vectors.dimensions, 'component width matches the vectors');
    this.dimensions = vectors.dimensions;
    this.id = `sif/${cache.sourceTag}`;
    this.#matrix = vectors.matrix;
    this.#weights = sifWeights(zipfProbabilities(vectors.words.length), options.a ?? 1e-3);
    this.#component = cache.component;
    this.#rows = new Map();
    vectors.words.forEach((word, row) => this.#rows.set(word, row));
  }

  /** {@inheritDoc Embedder.embed} */
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((text) => this.embedOne(text)));
  }

  /**
   * Embeds one text synchronously.
   * @param text - any text; unknown words are skipped
   * @returns a unit vector, or zeros when no word is known
   */
  embedOne(text: string): Float32Array {
    const d = this.dimensions;
    const sum = new Float32Array(d);
    for (const word of analyzeWords(text)) {
      const row = this.#rows.get(word);
      if (row === undefined) continue;
      const weight = this.#weights[row]!;
      const offset = row * d;
      for (let k = 0; k < d; k++) sum[k] = sum[k]! + weight * this.#matrix[offset + k]!;
    }
    removeComponent(sum, this.#component);
    let length = 0;
    for (let k = 0; k < d; k++) length += sum[k]! * sum[k]!;
    length = Math.sqrt(length);
    if (length > 1e-12) for (let k = 0; k < d; k++) sum[k] = sum[k]! / length;
    else sum.fill(0);
    return sum;
  }
}
