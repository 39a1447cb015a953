/**
 * The order of nodes in a GGUF export (spec §6.2.2): ascending Hilbert key, then ascending id
 * bytes. That is the order of the LMDB keys `hilbertKey ‖ id`, so an export streams the store in
 * key order and neighbours on the torus sit near each other in every tensor.
 */
import { bytesToHex } from '../core/index.ts';
import type { NodeRecord } from '../manifold/index.ts';

/**
 * Orders byte strings lexicographically, a proper prefix first (LMDB's default key order).
 * @param a - bytes
 * @param b - bytes
 * @returns negative when a sorts first, zero when equal, positive otherwise
 */
export function compareKeyBytes(a: Uint8Array, b: Uint8Array): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Nodes in export order: ascending Hilbert key, then ascending id bytes.
 * @param nodes - nodes with unique ids
 * @returns a sorted copy
 */
export function sortByHilbertKey(nodes: readonly NodeRecord[]): NodeRecord[] {
  // Ids are lowercase hex and keys have a fixed length, so comparing the hex strings of
  // key ‖ id orders exactly as comparing their bytes (a prefix still sorts first), and faster.
  const keyed = nodes.map((node) => ({ node, key: bytesToHex(node.hilbertKey) + node.id }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return keyed.map((entry) => entry.node);
}
