/**
 * The one place an ingestion threshold is applied (spec §5.1: norepinephrine's relevance
 * gate τ arrives with the drives in a later issue and is passed in here). Pure.
 *
 * A chunk's relevance is its share of content terms (analyzed terms over words): boiler-
 * plate such as navigation crumbs, page numbers and stop-word runs scores low.
 */

/** A chunk's relevance in [0, 1]. */
export function chunkRelevance(termCount: number, wordCount: number): number {
  if (wordCount === 0) return 0;
  return Math.min(1, termCount / wordCount);
}

/**
 * True when a chunk passes the gate: relevance at least `threshold` and at least one term.
 * @param threshold - τ in [0, 1]; 0 keeps every chunk with a term
 */
export function passesRelevanceGate(relevance: number, termCount: number, threshold: number): boolean {
  return termCount > 0 && relevance >= threshold;
}
