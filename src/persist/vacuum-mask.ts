/**
 * Vacuum node suppression (spec §6.2.8, INT-05). A node is vacuum when its wave is at rest and
 * it does not resonate: |ψ| ≤ 10⁻⁶, |v| ≤ 10⁻⁶ and r ≤ 10⁻⁶ (the spec's `is_vacuum_node`; any one
 * above the threshold makes the node active). The GGUF export leaves vacuum nodes out of the
 * wave tensors and records which nodes are active in a bit-packed mask over the full node list:
 * bit i (byte ⌊i/8⌋, bit i mod 8, least significant first) is 1 when node i is active, and the
 * bits past the last node are 0.
 */
import { assert } from '../core/index.ts';
import type { NodeRecord } from '../manifold/index.ts';

/** The INT-05 threshold on |ψ|, |v| and r. */
export const vacuumThreshold = 1e-6;

/**
 * True when a node is vacuum under INT-05 (see the module comment).
 * @param node - the node's ψ, v and r
 */
export function isVacuumNode(node: Pick<NodeRecord, 'psi' | 'v' | 'r'>): boolean {
  return Math.hypot(node.psi.re, node.psi.im) <= vacuumThreshold
    && Math.hypot(node.v.re, node.v.im) <= vacuumThreshold
    && node.r <= vacuumThreshold;
}

/**
 * The bit-packed activity mask of a node list.
 * @param active - one flag per node, true when the node is active
 * @returns ⌈n/8⌉ bytes, bit i set when node i is active
 */
export function packActiveMask(active: readonly boolean[]): Uint8Array {
  const mask = new Uint8Array(Math.ceil(active.length / 8));
  active.forEach((isActive, i) => {
    if (isActive) mask[i >>> 3] = mask[i >>> 3]! | (1 << (i & 7));
  });
  return mask;
}

/**
 * Whether node i is active in a mask.
 * @param mask - a mask from {@link packActiveMask}
 * @param index - the node's position, 0..8·mask.length−1
 */
export function isActiveInMask(mask: Uint8Array, index: number): boolean {
  assert(Number.isInteger(index) && index >= 0 && index < 8 * mask.length, 'the index is inside the mask');
  return (mask[index >>> 3]! & (1 << (index & 7))) !== 0;
}

/**
 * Whether a mask is well formed for `nodeCount` nodes: the right length and no bits set past
 * the last node.
 * @param mask - the mask bytes
 * @param nodeCount - the nodes it covers
 */
export function isValidActiveMask(mask: Uint8Array, nodeCount: number): boolean {
  if (mask.length !== Math.ceil(nodeCount / 8)) return false;
  const tailBits = nodeCount & 7;
  return tailBits === 0 || (mask[mask.length - 1]! >>> tailBits) === 0;
}

/**
 * Active nodes in a mask.
 * @param mask - the mask bytes
 */
export function countActiveNodes(mask: Uint8Array): number {
  let count = 0;
  for (const byte of mask) {
    for (let bits = byte; bits !== 0; bits &= bits - 1) count++;
  }
  return count;
}
