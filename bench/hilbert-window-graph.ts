/**
 * Large wave graphs for bench/wave.bench.ts: an exact k-NN graph over a million points of T⁹ is
 * O(n²) and too slow here, so this builds an approximate one with the locality a home has:
 * random points on T⁹ (xoshiro256++), sorted by Hilbert key as the manifold stores them, each
 * node joined to its k nearest (torus distance) among the ±window nodes beside it in Hilbert
 * order. Node indices follow Hilbert order, so CSR rows of nearby nodes sit near each other.
 * Recall against the exact k-NN is measured on a sample of nodes, by brute force.
 */
import { Xoshiro256pp } from '../src/core/index.ts';
import { coordBits, coordCells, hilbertKeyOf, torusDims } from '../src/manifold/index.ts';
import { waveGraphFromEdgeArrays, type WaveGraph } from '../src/wave/index.ts';

/** What to build. */
export interface WindowGraphOptions {
  readonly nodeCount: number;
  /** Neighbours each node lists. */
  readonly k: number;
  /** Candidates each side of a node in Hilbert order. */
  readonly window: number;
  readonly seed: number;
}

/** The graph, the sorted coordinates (for the recall check) and the time it took. */
export interface WindowGraph {
  readonly graph: WaveGraph;
  /** Coordinates in node (Hilbert) order, 9 per node. */
  readonly coords: Uint16Array;
  readonly buildMs: number;
}

/**
 * Builds the approximate k-NN wave graph.
 * @param options - size, k, window and seed
 */
export function hilbertWindowGraph(options: WindowGraphOptions): WindowGraph {
  const startedAt = performance.now();
  const coords = hilbertSortedPoints(options.nodeCount, options.seed);
  const { neighbours, distances } = windowNeighbours(coords, options.k, options.window);
  const graph = waveGraphFromEdgeArrays(options.nodeCount, undirected(neighbours, distances, options.k));
  return { graph, coords, buildMs: performance.now() - startedAt };
}

/**
 * The share of exact k nearest neighbours (brute force over all nodes) that the graph joins a
 * node to, averaged over `sample` evenly spaced nodes.
 * @param built - the graph and its coordinates
 * @param k - neighbours per node
 * @param sample - nodes to check
 */
export function sampledRecall(built: WindowGraph, k: number, sample: number): number {
  const { graph, coords } = built;
  const n = graph.nodeCount;
  let found = 0;
  for (let s = 0; s < sample; s++) {
    const p = Math.floor((s * n) / sample);
    const exact = nearestOf(coords, p, k);
    for (let e = graph.rowStart[p]!; e < graph.rowStart[p + 1]!; e++) if (exact.includes(graph.neighbour[e]!)) found++;
  }
  return found / (sample * k);
}

function hilbertSortedPoints(n: number, seed: number): Uint16Array {
  const rng = Xoshiro256pp.fromSeed(seed);
  const points = new Uint16Array(n * torusDims);
  for (let i = 0; i < points.length; i++) points[i] = rng.nextUint32() >>> (32 - coordBits);
  // The 12-byte key as two 48-bit numbers: exact, and compared without allocating.
  const high = new Float64Array(n), low = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const key = hilbertKeyOf(points.subarray(i * torusDims, (i + 1) * torusDims));
    for (let b = 0; b < 6; b++) {
      high[i] = high[i]! * 256 + key[b]!;
      low[i] = low[i]! * 256 + key[b + 6]!;
    }
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => high[a]! - high[b]! || low[a]! - low[b]!);
  const sorted = new Uint16Array(n * torusDims);
  for (let i = 0; i < n; i++) sorted.set(points.subarray(order[i]! * torusDims, (order[i]! + 1) * torusDims), i * torusDims);
  return sorted;
}

/** The exact k nearest nodes of p, by brute force. */
function nearestOf(coords: Uint16Array, p: number, k: number): Int32Array {
  const nearest = new Int32Array(k).fill(-1);
  const distances = new Float64Array(k).fill(Infinity);
  for (let q = 0; q < coords.length / torusDims; q++) if (q !== p) insertNearest(nearest, distances, 0, k, q, distanceSquared(coords, p, q));
  return nearest;
}

/** Each node's k nearest among the ±window nodes beside it, nearest first. */
function windowNeighbours(coords: Uint16Array, k: number, window: number): { neighbours: Int32Array; distances: Float64Array } {
  const n = coords.length / torusDims;
  const neighbours = new Int32Array(n * k).fill(-1);
  const distances = new Float64Array(n * k).fill(Infinity);
  for (let p = 0; p < n; p++) {
    const base = p * k;
    for (let q = Math.max(0, p - window), end = Math.min(n - 1, p + window); q <= end; q++) {
      if (q === p) continue;
      insertNearest(neighbours, distances, base, k, q, distanceSquared(coords, p, q));
    }
  }
  for (let i = 0; i < distances.length; i++) distances[i] = Math.sqrt(distances[i]!);
  return { neighbours, distances };
}

/** Each pair once: p–q from p's list unless q also lists p and q < p. */
function undirected(neighbours: Int32Array, distances: Float64Array, k: number): { a: Int32Array; b: Int32Array; distance: Float64Array } {
  const n = neighbours.length / k;
  const a = new Int32Array(n * k), b = new Int32Array(n * k), distance = new Float64Array(n * k);
  let count = 0;
  for (let p = 0; p < n; p++) {
    for (let slot = p * k; slot < (p + 1) * k; slot++) {
      const q = neighbours[slot]!;
      if (q < 0) continue;
      if (q < p && neighbours.subarray(q * k, (q + 1) * k).includes(p)) continue;
      a[count] = p; b[count] = q; distance[count] = distances[slot]!;
      count++;
    }
  }
  return { a: a.slice(0, count), b: b.slice(0, count), distance: distance.slice(0, count) };
}

/** Inserts q at distance² d into the sorted k slots from `base`, if it is among the nearest. */
function insertNearest(nodes: Int32Array, distances: Float64Array, base: number, k: number, q: number, d: number): void {
  if (d >= distances[base + k - 1]!) return;
  let slot = base + k - 1;
  for (; slot > base && distances[slot - 1]! > d; slot--) {
    distances[slot] = distances[slot - 1]!;
    nodes[slot] = nodes[slot - 1]!;
  }
  distances[slot] = d;
  nodes[slot] = q;
}

/** Squared identity-metric torus distance (as manifold's torusDistanceSquared computes it). */
function distanceSquared(coords: Uint16Array, p: number, q: number): number {
  let sum = 0;
  for (let d = 0; d < torusDims; d++) {
    let delta = coords[p * torusDims + d]! - coords[q * torusDims + d]!;
    if (delta >= coordCells / 2) delta -= coordCells;
    else if (delta < -coordCells / 2) delta += coordCells;
    const x = delta / coordCells;
    sum += x * x;
  }
  return sum;
}
