/**
 * The torus proximity prior (D4): a recall signal that favours memories placed near the
 * query's own projected point on T⁹, score = exp(−d²/σ²) with d the identity-metric geodesic
 * distance. It is one input to rank fusion, never a filter; whether it helps is measured.
 */
import { assert, limits } from '../core/index.ts';
import { torusDistanceSquared, type TorusCoord } from '../manifold/index.ts';
import { topKIndices, type Scored } from './top-k.ts';

/** Options for {@link torusPrior}. */
export interface TorusPriorOptions {
  /** Length scale σ on the unit torus (distances reach 1.5). @default 0.25 */
  readonly sigma?: number;
  /** Results to return, 1..limits.recallResultsMax. @default 10 */
  readonly limit?: number;
}

/**
 * Scores candidates by closeness to the query's point.
 * @param queryCoord - the query embedding's placement (`Projection.place(q).coord`)
 * @param candidates - nodes with their cells
 * @param options - σ and the result count
 * @returns up to `limit` candidates, best first, scores in (0, 1]
 */
export function torusPrior(
  queryCoord: TorusCoord,
  candidates: readonly { readonly id: string; readonly coord: TorusCoord }[],
  options: TorusPriorOptions = {},
): Scored[] {
  const sigma = options.sigma ?? 0.25;
  const limit = options.limit ?? 10;
  assert(sigma > 0 && Number.isInteger(limit) && limit >= 1 && limit <= limits.recallResultsMax, 'torus prior options in range');
  const scores = candidates.map((c) => Math.exp(-torusDistanceSquared(queryCoord, c.coord) / (sigma * sigma)));
  const ids = candidates.map((c) => c.id);
  return topKIndices(scores, ids, limit).map((i) => ({ id: ids[i]!, score: scores[i]! }));
}
