/**
 * Norepinephrine (spec §5.1 "Norepinephrine: Arousal and Signal-to-Noise Ratio"): arousal.
 *
 * It sets the relevance gate τ = clamp(0.6 − 0.3·N, 0.1, 0.95), the threshold that ingestion's
 * relevance hook and recall's minimum score apply, and the propagation speed through the wave
 * layer's s_eff = s/(1+N) (pass {@link propagationNorepinephrine} as WaveParams.norepinephrine).
 *
 * The gate's floor (GAP-029 "Lesion N = 1: relevance gating fails"): N lies in [0, 1], so τ
 * falls from 0.6 (calm) to 0.3 at N = 1, the spec's own "High Stress: τ → 0.3". That is the
 * lowest gate N can reach; the clamp's 0.1 only guards the formula and is never reached. We
 * keep the formula as written and read "the floor" as τ(1) = 0.3 (docs/decisions.md "Drives").
 *
 * Arousal inputs (the spec names none beyond "stress"): novelty of ingested information adds
 * 0.3 × novelty (novelty in [0, 1]) and a security alert adds 0.5; both decay back to
 * N_base = 0 with the coupling matrix's 20 s time constant.
 */
import { assert } from '../core/index.ts';
import { clampUnit, type DriveState } from './drive-state.ts';

/** The relevance gate's formula constants and the arousal inputs. */
export const norepinephrineConstants = Object.freeze({
  /** τ at N = 0. */
  gateCalm: 0.6,
  /** How much τ falls per unit of N. */
  gateSlope: 0.3,
  /** The clamp's lower bound (unreachable for N ≤ 1). */
  gateMin: 0.1,
  /** The clamp's upper bound. */
  gateMax: 0.95,
  /** N added per unit of novelty. */
  noveltyGain: 0.3,
  /** N added by a security alert. */
  securityAlertRise: 0.5,
});

/** What raised arousal. */
export type ArousalCause = { readonly kind: 'novelty'; readonly novelty: number } | { readonly kind: 'security-alert' };

/**
 * The relevance gate τ = clamp(0.6 − 0.3·N, 0.1, 0.95): the minimum relevance ingestion keeps
 * and the minimum score recall returns.
 * @param norepinephrine - N in [0, 1]
 * @returns τ in [0.3, 0.6] for N in [0, 1]
 */
export function relevanceGate(norepinephrine: number): number {
  assert(norepinephrine >= 0 && norepinephrine <= 1, 'N in [0, 1]');
  const { gateCalm, gateSlope, gateMin, gateMax } = norepinephrineConstants;
  return Math.min(gateMax, Math.max(gateMin, gateCalm - gateSlope * norepinephrine));
}

/**
 * Whether a relevance score passes the gate at arousal N (score ≥ τ(N)).
 * @param score - a relevance or recall score, finite
 * @param norepinephrine - N in [0, 1]
 */
export function passesRelevanceGate(score: number, norepinephrine: number): boolean {
  assert(Number.isFinite(score), 'a finite score');
  return score >= relevanceGate(norepinephrine);
}

/**
 * The level after an arousal input, clamped to [0, 1].
 * @param norepinephrine - N in [0, 1]
 * @param cause - novelty (in [0, 1]) or a security alert
 */
export function norepinephrineAfter(norepinephrine: number, cause: ArousalCause): number {
  assert(norepinephrine >= 0 && norepinephrine <= 1, 'N in [0, 1]');
  const { noveltyGain, securityAlertRise } = norepinephrineConstants;
  if (cause.kind === 'security-alert') return clampUnit(norepinephrine + securityAlertRise);
  assert(cause.novelty >= 0 && cause.novelty <= 1, 'novelty in [0, 1]');
  return clampUnit(norepinephrine + noveltyGain * cause.novelty);
}

/**
 * The N to pass as WaveParams.norepinephrine (the wave layer applies s_eff = s/(1+N)).
 * @param state - the drive state
 */
export function propagationNorepinephrine(state: DriveState): number {
  return state.norepinephrine;
}
