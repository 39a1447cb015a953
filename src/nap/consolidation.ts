/**
 * Consolidation rules of a nap (spec §6.4 memory consolidation) over one node record:
 *
 * - **Long-term**: r > 0.7 and |ψ| > 0.5 → r is raised to 1. Resonance is "how little the
 *   node's wave is damped" (damping α(1 − r)), so r = 1 makes the node undamped: its
 *   activation persists and it keeps ringing in every later propagation. r = 1 is the
 *   long-term mark; no codec field is added. A node already at r = 1 is not counted again.
 * - **Pruned**: r < 0.3 and |ψ| < 0.1 with a non-zero activation → the transient activation
 *   is cleared (ψ = v = a = 0). The node, its chunk and its source are never deleted: only
 *   the wave state a passing query left behind goes.
 *
 * Everything else is kept as is. Pure.
 */
import type { NodeRecord } from '../manifold/index.ts';

/** The thresholds of {@link consolidateNode} (all strict). */
export const consolidationThresholds = Object.freeze({
  longTermResonanceAbove: 0.7,
  longTermAmplitudeAbove: 0.5,
  pruneResonanceBelow: 0.3,
  pruneAmplitudeBelow: 0.1,
});

/** What consolidation did to one node. */
export type ConsolidationOutcome = 'long-term' | 'pruned' | 'kept';

/** A node after consolidation. */
export interface ConsolidatedNode {
  /** The record (the same object when `outcome` is 'kept'). */
  readonly node: NodeRecord;
  readonly outcome: ConsolidationOutcome;
}

/**
 * Applies the consolidation rules (see the module comment) to one node.
 * @param node - a decoded node record
 * @returns the new record and what changed
 */
export function consolidateNode(node: NodeRecord): ConsolidatedNode {
  const t = consolidationThresholds;
  const amplitude = Math.hypot(node.psi.re, node.psi.im);
  if (node.r > t.longTermResonanceAbove && amplitude > t.longTermAmplitudeAbove) {
    return node.r === 1 ? { node, outcome: 'kept' } : { node: { ...node, r: 1 }, outcome: 'long-term' };
  }
  if (node.r < t.pruneResonanceBelow && amplitude < t.pruneAmplitudeBelow && isActive(node)) {
    const zero = { re: 0, im: 0 };
    return { node: { ...node, psi: zero, v: zero, a: zero }, outcome: 'pruned' };
  }
  return { node, outcome: 'kept' };
}

/** True when any part of ψ, v or a is non-zero. */
function isActive(node: NodeRecord): boolean {
  return [node.psi, node.v, node.a].some((z) => z.re !== 0 || z.im !== 0);
}
