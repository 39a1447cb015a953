/**
 * The `Embedder` port (D15): text to vectors. The built-in implementation is GloVe 100-d
 * with SIF weighting (`SifEmbedder`, loaded by `openGloveEmbedder`); an OpenAI-compatible
 * `/v1/embeddings` server is the upgrade path (`OpenAiEmbedder`). Vectors from different
 * embedders are not comparable, so every stored vector records its embedder's `id` and a
 * change of embedder re-embeds.
 */

/** Turns texts into vectors. */
export interface Embedder {
  /** Names the model and every setting that changes its vectors; stable across runs. */
  readonly id: string;
  /** Width of every vector, 1..limits.embeddingDimensionsMax. */
  readonly dimensions: number;
  /**
   * Embeds texts, one vector per text in order. Vectors are unit length, or all zero for a
   * text with nothing to embed (no known word).
   * @throws {NoctemError} EMBEDDER_UNAVAILABLE when a remote embedder fails
   */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
