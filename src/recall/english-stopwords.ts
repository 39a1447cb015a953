/**
 * English stopwords for BM25: Lucene's `EnglishAnalyzer` default set (33 words), the one
 * Anserini's BM25 baselines use, so our retrieval figures compare with published ones.
 * A short list is deliberate: BM25's idf already discounts common words, and longer lists
 * remove words that matter in queries ("not", "how", "who").
 */

/** The stopword set; terms are lowercase and unstemmed. */
export const englishStopwords: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it',
  'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they',
  'this', 'to', 'was', 'will', 'with',
]);
