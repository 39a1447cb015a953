/**
 * Laplacian weights under the node metrics (D2, issue 4): after plasticity or the identity
 * field changes some metrics, the weights wᵢⱼ = exp(−dᵢⱼ²/σ²) of the edges at those nodes
 * are recomputed from the metric cache, and nothing else is touched.
 *
 * Symmetric rule: the Laplacian needs wᵢⱼ = wⱼᵢ, but a node metric is a one-sided ruler
 * (the k-NN lists measure with the owner's metric), so an edge's length is the mean of the
 * two one-sided lengths, dᵢⱼ = ½(d_{gᵢ}(xᵢ, xⱼ) + d_{gⱼ}(xᵢ, xⱼ)), each under the node's
 * effective metric g + h. The mean (not the min or max) keeps the rule smooth in both
 * metrics, so contracting either end shortens the edge. σ stays the one the graph was built
 * with: recomputing the RMS would change every weight, not only the changed rows.
 */
import { assert } from '../core/index.ts';
import type { TorusCoord } from '../manifold/index.ts';
import type { MetricCache } from './metric-cache.ts';
import { edgeWeight, type WaveGraph } from './wave-graph.ts';

/** Where a graph's nodes are and how each measures. */
export interface EdgeGeometry {
  /** coords[i] is node i's cell. */
  readonly coords: readonly TorusCoord[];
  /** Node i's effective metric is the cache's node i. */
  readonly cache: MetricCache;
}

/** Options of {@link reweightWaveGraph}. */
export interface ReweightOptions {
  /** The length scale σ > 0 the graph was built with. */
  readonly sigma: number;
  /** The nodes whose metric changed; every edge at one of them is recomputed. */
  readonly changed: readonly number[];
}

/**
 * The symmetric length of edge (a, b): the mean of its lengths under the two nodes'
 * effective metrics.
 * @param geometry - coordinates and the metric cache
 * @param edge - two node indices
 */
export function metricEdgeDistance(geometry: EdgeGeometry, edge: { readonly a: number; readonly b: number }): number {
  const from = geometry.coords[edge.a]!, to = geometry.coords[edge.b]!;
  return 0.5 * (geometry.cache.effectiveDistance(edge.a, from, to) + geometry.cache.effectiveDistance(edge.b, from, to));
}

/**
 * The graph with the weights of every edge at a changed node recomputed under the metrics,
 * both directions, and the degrees of their ends updated. Pure: a new graph sharing the
 * (unchanged) topology arrays; other weights keep their exact bits.
 * @param graph - the graph
 * @param geometry - coordinates and the metric cache, in graph node order
 * @param options - σ and the changed nodes
 */
export function reweightWaveGraph(graph: WaveGraph, geometry: EdgeGeometry, options: ReweightOptions): WaveGraph {
  const { rowStart, neighbour, nodeCount } = graph;
  assert(geometry.coords.length === nodeCount && geometry.cache.nodeCount === nodeCount, 'one coordinate and one metric per node');
  assert(options.sigma > 0 && Number.isFinite(options.sigma), 'sigma is positive');
  const weight = graph.weight.slice();
  const degree = graph.degree.slice();
  const affected = new Uint8Array(nodeCount);
  for (const a of options.changed) {
    assert(Number.isInteger(a) && a >= 0 && a < nodeCount, 'changed nodes are node indices');
    for (let e = rowStart[a]!, end = rowStart[a + 1]!; e < end; e++) {
      const b = neighbour[e]!;
      const w = edgeWeight(metricEdgeDistance(geometry, { a, b }), options.sigma);
      weight[e] = w;
      weight[reverseEdge(graph, b, a)] = w;
      affected[a] = 1;
      affected[b] = 1;
    }
  }
  for (let i = 0; i < nodeCount; i++) {
    if (affected[i] === 0) continue;
    let sum = 0;
    for (let e = rowStart[i]!, end = rowStart[i + 1]!; e < end; e++) sum += weight[e]!;
    degree[i] = sum;
  }
  return { nodeCount, rowStart, neighbour, weight, degree };
}

/** The index of directed edge from → to (the graph is symmetric, so it exists). */
function reverseEdge(graph: WaveGraph, from: number, to: number): number {
  for (let e = graph.rowStart[from]!, end = graph.rowStart[from + 1]!; e < end; e++) if (graph.neighbour[e] === to) return e;
  assert(false, 'a wave graph is symmetric');
}
