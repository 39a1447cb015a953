/**
 * Retrieval metrics as BEIR reports them (through trec_eval / pytrec_eval): nDCG@k with
 * linear gain (gain = the graded relevance) and the log2(rank + 1) discount, the ideal DCG
 * taken from the qrels, and recall@k over the documents judged relevant (score > 0).
 * Per-query values are averaged over the queries that have at least one relevant document;
 * a judged query that the run does not answer counts as 0.
 */

/** Relevance judgments: query id → document id → graded relevance (0 = not relevant). */
export type Qrels = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** A run: query id → document ids, best first. */
export type RankedRun = ReadonlyMap<string, readonly string[]>;

/** Mean metrics of one run. */
export interface RunMetrics {
  /** Mean nDCG at the nDCG cutoff, in [0, 1]. */
  readonly ndcg10: number;
  /** Mean recall at the recall cutoff, in [0, 1]. */
  readonly recall100: number;
  /** Queries averaged over (those with at least one relevant document). */
  readonly queries: number;
}

/**
 * nDCG@k of one ranking. A document listed twice counts once, at its first rank.
 * @param ranked - document ids, best first
 * @param relevance - document id → graded relevance for this query
 * @param k - cutoff (positive)
 * @returns DCG@k / IDCG@k in [0, 1]; 0 when no document is relevant
 */
export function ndcgAtK(ranked: readonly string[], relevance: ReadonlyMap<string, number>, k: number): number {
  const ideal = [...relevance.values()].filter((g) => g > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
  if (idcg === 0) return 0;
  let dcg = 0;
  for (const [i, id] of firstOccurrences(ranked).slice(0, k).entries()) {
    const gain = relevance.get(id) ?? 0;
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  }
  return dcg / idcg;
}

/**
 * Recall@k of one ranking: the share of relevant documents (score > 0) in the top k.
 * @param ranked - document ids, best first
 * @param relevance - document id → graded relevance for this query
 * @param k - cutoff (positive)
 * @returns a fraction in [0, 1]; 0 when no document is relevant
 */
export function recallAtK(ranked: readonly string[], relevance: ReadonlyMap<string, number>, k: number): number {
  let relevant = 0;
  for (const gain of relevance.values()) if (gain > 0) relevant++;
  if (relevant === 0) return 0;
  let found = 0;
  for (const id of firstOccurrences(ranked).slice(0, k)) if ((relevance.get(id) ?? 0) > 0) found++;
  return found / relevant;
}

/**
 * Mean nDCG@10 and recall@100 of a run (the cutoffs can be changed).
 * @param run - query id → ranked document ids
 * @param qrels - the judgments; queries without a relevant document are excluded
 * @param options - the cutoffs
 * @returns the means and the number of queries averaged
 */
export function evaluateRun(run: RankedRun, qrels: Qrels, options: { ndcgK?: number; recallK?: number } = {}): RunMetrics {
  const ndcgK = options.ndcgK ?? 10;
  const recallK = options.recallK ?? 100;
  let ndcgSum = 0;
  let recallSum = 0;
  let queries = 0;
  for (const [queryId, relevance] of qrels) {
    if (![...relevance.values()].some((g) => g > 0)) continue;
    const ranked = run.get(queryId) ?? [];
    ndcgSum += ndcgAtK(ranked, relevance, ndcgK);
    recallSum += recallAtK(ranked, relevance, recallK);
    queries++;
  }
  return queries === 0 ? { ndcg10: 0, recall100: 0, queries } : { ndcg10: ndcgSum / queries, recall100: recallSum / queries, queries };
}

/** The ids in order with repeats removed (trec_eval scores a document once). */
function firstOccurrences(ranked: readonly string[]): string[] {
  return [...new Set(ranked)];
}
