/**
 * A crafted node record for the nap tests (not exported from the layer).
 */
import type { ChunkId, NodeId, SourceId } from '../core/index.ts';
import { hilbertKeyOf, identityMetric, type NodeRecord } from '../manifold/index.ts';

/**
 * A valid node at a fixed cell with the given wave fields.
 * @param fields - overrides of r, ψ, v, a, s, metric
 */
export function craftedNode(fields: Partial<NodeRecord> = {}): NodeRecord {
  const coord = Uint16Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const zero = { re: 0, im: 0 };
  return {
    id: 'ab01' as NodeId, coord, hilbertKey: hilbertKeyOf(coord), nonary: 0, metric: identityMetric(),
    r: 0.5, s: 1, psi: zero, v: zero, a: zero,
    chunkId: 'cd02' as ChunkId, sourceId: 'ef03' as SourceId, embedding: Float32Array.from([1, 0]),
    createdAtMs: 1, touchedAtMs: 2, ...fields,
  };
}
