/**
 * Weighted reciprocal-rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): each signal
 * (BM25, dense cosine, wave energy, torus prior…) gives a ranked list, and an item scores
 * Σ_signals weight / (k + rank). Ranks, not raw scores, are fused, so signals on different
 * scales combine without calibration. Every signal's rank and score is kept for explanation.
 */
import { assert, limits } from '../core/index.ts';
import type { Scored } from './top-k.ts';

/** One signal's results, best first. */
export interface RankedList {
  /** The signal's name, e.g. "bm25", "dense", "wave", "torus". */
  readonly signal: string;
  readonly results: readonly Scored[];
}

/** Where an item stood in one signal. */
export interface SignalHit {
  /** 1-based rank in that signal's list. */
  readonly rank: number;
  /** The signal's own score. */
  readonly score: number;
}

/** A fused result. */
export interface FusedResult {
  readonly id: string;
  /** Σ weight / (k + rank) over the signals that ranked the item. */
  readonly score: number;
  /** The item's rank and score in each signal that ranked it. */
  readonly signals: Readonly<Record<string, SignalHit>>;
}

/** Options for {@link reciprocalRankFusion}. */
export interface FusionOptions {
  /** The RRF constant k that damps the top ranks. @default 60 */
  readonly k?: number;
  /** Weight per signal name; a signal not listed weighs 1, and 0 ignores it. @default {} */
  readonly weights?: Readonly<Record<string, number>>;
  /** Results to return, 1..limits.recallResultsMax. @default 10 */
  readonly limit?: number;
}

/**
 * Fuses ranked lists.
 * @param lists - one list per signal (a signal named twice is a bug)
 * @param options - k, weights and the result count
 * @returns up to `limit` items by fused score, then by best single rank, then by id
 */
export function reciprocalRankFusion(lists: readonly RankedList[], options: FusionOptions = {}): FusedResult[] {
  const k = options.k ?? 60;
  const limit = options.limit ?? 10;
  assert(k >= 0 && Number.isInteger(limit) && limit >= 1 && limit <= limits.recallResultsMax, 'fusion options in range');
  assert(new Set(lists.map((list) => list.signal)).size === lists.length, 'each signal appears once');
  const fused = new Map<string, { score: number; bestRank: number; signals: Record<string, SignalHit> }>();
  for (const list of lists) {
    const weight = options.weights?.[list.signal] ?? 1;
    assert(weight >= 0, 'signal weights are ≥ 0');
    if (weight === 0) continue;
    list.results.forEach((result, index) => {
      const rank = index + 1;
      const entry = fused.get(result.id) ?? { score: 0, bestRank: Infinity, signals: {} };
      if (entry.signals[list.signal] !== undefined) return; // A repeated id keeps its best rank.
      entry.score += weight / (k + rank);
      entry.bestRank = Math.min(entry.bestRank, rank);
      entry.signals[list.signal] = { rank, score: result.score };
      fused.set(result.id, entry);
    });
  }
  return [...fused.entries()]
    .sort(([idA, a], [idB, b]) => b.score - a.score || a.bestRank - b.bestRank || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .slice(0, limit)
    .map(([id, entry]) => ({ id, score: entry.score, signals: entry.signals }));
}
