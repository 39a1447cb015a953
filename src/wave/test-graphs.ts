/**
 * Seeded graphs the Physics Oracle and the Dojo run candidates on (issue 4): a ring (the
 * spec's wrap-around and dispersion checks) and a random k-NN graph on T⁹ built with the
 * manifold's own neighbour search, so the Oracle exercises the same kind of graph as a home.
 */
import { assert, limits, Xoshiro256pp, type NodeId } from '../core/index.ts';
import { coordCells, nearestNeighbours, torusDims, type KnnNode, type KnnPoint } from '../manifold/index.ts';
import { waveGraph, waveGraphFromKnn, type WaveGraph } from './wave-graph.ts';

/** Options for {@link randomKnnWaveGraph}. */
export interface RandomKnnGraphOptions {
  /** Neighbours per node. @default 8 */
  readonly k?: number;
  /** Seed of the xoshiro256++ generator placing the nodes. @default 1 */
  readonly seed?: number;
}

/**
 * A ring of n nodes, i joined to i+1 mod n, every edge of length 1/n and weight 1 (σ = ∞ would
 * give weight 1; we pass σ large enough that exp(−d²/σ²) rounds to 1 within 1e-12).
 * @param nodeCount - n ≥ 3
 */
export function ringWaveGraph(nodeCount: number): WaveGraph {
  assert(Number.isInteger(nodeCount) && nodeCount >= 3, 'a ring has at least 3 nodes');
  const distance = 1 / nodeCount;
  const edges = Array.from({ length: nodeCount }, (_, i) => ({ a: i, b: (i + 1) % nodeCount, distance }));
  return waveGraph(nodeCount, edges, { sigma: distance * 1e6 });
}

/**
 * A k-NN graph over n uniformly random points of T⁹ (brute force, so n ≤ limits.oracleGraphNodesMax).
 * @param nodeCount - n ≥ 2
 * @param options - k and seed
 */
export function randomKnnWaveGraph(nodeCount: number, options: RandomKnnGraphOptions = {}): WaveGraph {
  assert(Number.isInteger(nodeCount) && nodeCount >= 2 && nodeCount <= limits.oracleGraphNodesMax, 'graph size within limits');
  const rng = Xoshiro256pp.fromSeed(options.seed ?? 1);
  const points: KnnPoint[] = Array.from({ length: nodeCount }, (_, i) => ({
    id: i.toString(16).padStart(8, '0') as NodeId,
    coord: Uint16Array.from({ length: torusDims }, () => Math.floor(rng.nextFloat64() * coordCells)),
  }));
  const nodes: KnnNode[] = points.map((point) => ({ ...point, neighbours: nearestNeighbours(point, points, { k: options.k ?? 8 }) }));
  return waveGraphFromKnn(nodes).graph;
}
