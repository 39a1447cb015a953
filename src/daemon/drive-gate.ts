/**
 * Norepinephrine's relevance gate (spec §5.1: τ = clamp(0.6 − 0.3·N, 0.1, 0.95)) mapped onto
 * the two thresholds it moves: ingestion's chunk relevance threshold and recall's minimum
 * fused score. Neither lives on τ's own scale: chunk relevance is a share of content terms
 * (ingest relevance-gate.ts, configured threshold 0 by default, where τ = 0.6 would drop most
 * prose), and recall scores are reciprocal-rank-fusion sums (about 0.016 for a first rank).
 * So τ acts as a factor on the configured threshold, relative to its calm value:
 *
 *   threshold_eff = threshold_configured × τ(N) / τ(0)
 *
 * At N = 0 (the baseline) every threshold is exactly as configured, and arousal lowers it to
 * half at N = 1 (τ: 0.6 → 0.3), the spec's "high stress lets more through". A configured 0
 * stays 0. docs/decisions.md "Daemon and drive wiring".
 */
import { relevanceGate } from '../autonomy/index.ts';
import type { StoreReader } from '../store/index.ts';
import { readAutonomyState } from './autonomy-state.ts';

/**
 * τ(N) / τ(0): 1 when calm, 0.5 at N = 1.
 * @param norepinephrine - N in [0, 1]
 */
export function relevanceGateScale(norepinephrine: number): number {
  return relevanceGate(norepinephrine) / relevanceGate(0);
}

/**
 * A configured threshold moved by the saved norepinephrine level.
 * @param reader - the store (the drives are read from it: one small get)
 * @param options - the configured threshold, ≥ 0, and the clock value for a never-saved state
 * @throws {NoctemError} AUTONOMY_STATE_CORRUPT when the saved drives cannot be read
 */
export function gatedThreshold(reader: StoreReader, options: { configured: number; nowMs: number }): number {
  if (options.configured === 0) return 0;
  const { norepinephrine } = readAutonomyState(reader, options.nowMs).drives;
  return options.configured * relevanceGateScale(norepinephrine);
}
