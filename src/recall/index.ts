/**
 * @module recall
 * Retrieval over the memory: the BM25 analyzer (Unicode words, Lucene's English stopwords,
 * the Porter2 stemmer) and BM25 scoring over postings supplied as data, exact dense cosine
 * top-k, the torus proximity prior, weighted reciprocal-rank fusion (D4), and the hazard
 * filter that marks prompt injection as untrusted (D12).
 * Port: `Embedder` (D15), with its contract in `embedder.contract.ts`. Implementations:
 * `SifEmbedder` (GloVe 100-d + SIF, pure) opened from disk by the adapter
 * `fs-glove-embedder.ts`, and `OpenAiEmbedder` over an injected `fetch`.
 * Limits: embeddingDimensionsMax, embedderBatchTextsMax, embedderRequestMsMax,
 * embedderResponseBytesMax, wordVectorSourceBytesMax, wordVectorWordsMax, hazardSentencesMax,
 * recallQueryTermsMax, recallResultsMax.
 */
export * from './embedder.ts';
export * from './sif-embedder.ts';
export * from './fs-glove-embedder.ts';
export * from './openai-embedder.ts';
export * from './word-vectors.ts';
export * from './tokenize.ts';
export * from './english-stemmer.ts';
export * from './english-stopwords.ts';
export * from './top-k.ts';
export * from './bm25.ts';
export * from './dense.ts';
export * from './fusion.ts';
export * from './torus-prior.ts';
export * from './hazard.ts';
export * from './hazard-patterns.ts';
export * from './hazard-phrases.ts';
export * from './memory-records.ts';
export * from './memory-index.ts';
export * from './recall-service.ts';
export * from './snippet.ts';
export * from './topic.ts';
