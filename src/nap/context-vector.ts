/**
 * Context vectors (D7): the 9-vectors a nap stores at nodes and keeps covariant across metric
 * changes. A node's context vector is the direction from its cell toward the query that last
 * drove it in a dream replay (the replay's seed node), as the wrapped per-axis cell difference
 * in torus turns (wrappedDelta: cells / 16384), recorded together with the metric the node had when it was
 * measured. At every nap, each stored vector whose node's metric is no longer that metric
 * (changed by the nap's replays, or by feedback plasticity since) is carried to the current
 * metric by `transport(h, gOld, gNew)`, which keeps hᵀgh, and the new metric is recorded.
 * They live in `meta` under 'nap.context:' + nodeId: home state, not checkpointed memory.
 */
import { assert, type NodeId } from '../core/index.ts';
import { metricEntries, torusDims, wrappedDelta, type NodeMetric, type TorusCoord } from '../manifold/index.ts';
import { transport } from '../wave/index.ts';

/** A stored context vector and the metric it is expressed in. */
export interface ContextVector {
  /** 9 numbers, torus turns. */
  readonly vector: readonly number[];
  /** The node's 45 packed metric entries when the vector was last measured or transported. */
  readonly metric: readonly number[];
}

/** The prefix of the context vectors' `meta` keys; a key is the prefix and the node id. */
export const contextVectorKeyPrefix = 'nap.context:';

/**
 * The `meta` key of a node's context vector (a string, so the vectors form one key range).
 * @param id - the node
 */
export function contextVectorKey(id: NodeId): string {
  return contextVectorKeyPrefix + id;
}

/**
 * The context vector of a node driven from `seed`.
 * @param node - the node's cell
 * @param seed - the replay seed's cell
 * @param metric - the node's metric now
 */
export function contextVectorToward(node: TorusCoord, seed: TorusCoord, metric: NodeMetric): ContextVector {
  const vector = Array.from({ length: torusDims }, (_, k) => wrappedDelta(seed[k]!, node[k]!));
  return { vector, metric: Array.from(metric) };
}

/**
 * Carries a context vector to the node's current metric.
 * @param context - the stored vector
 * @param metric - the node's metric now
 * @returns the transported vector, or undefined when the metric did not change
 */
export function transportContextVector(context: ContextVector, metric: NodeMetric): ContextVector | undefined {
  assert(context.vector.length === torusDims && context.metric.length === metricEntries, 'a context vector is 9 entries in a 45-entry metric');
  if (context.metric.every((value, k) => value === metric[k])) return undefined;
  const moved = transport(context.vector, Float64Array.from(context.metric), metric);
  return { vector: Array.from(moved), metric: Array.from(metric) };
}

/**
 * Whether a stored value is a well-formed context vector (a damaged one is dropped).
 * @param value - what `meta` returned
 */
export function isContextVector(value: unknown): value is ContextVector {
  const c = value as Partial<ContextVector> | undefined;
  return Array.isArray(c?.vector) && c.vector.length === torusDims && c.vector.every(Number.isFinite)
    && Array.isArray(c.metric) && c.metric.length === metricEntries && c.metric.every(Number.isFinite);
}
