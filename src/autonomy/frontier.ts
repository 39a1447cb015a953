/**
 * Knowledge frontiers (spec §5.1 "Curiosity Calculation"): when boredom passes θ, find regions
 * of the torus where memory is thin next to dense clusters, or where the metric tensor changes
 * fast. Scores, per node i with k-NN neighbours N(i) (edge distances dᵢⱼ):
 * - log-density ℓᵢ = −9·ln max(r̄ᵢ, 1/16384), r̄ᵢ the mean neighbour distance (density of
 *   k points in a 9-ball of radius r is ∝ r⁻⁹; one cell is the floor);
 * - contrast Cᵢ = max(0, mean_{j∈N(i)} ℓⱼ − ℓᵢ): e^Cᵢ is how many times denser the neighbours
 *   are, so thin coverage beside a dense cluster scores, and an isolated sparse area does not;
 * - metric gradient Gᵢ = mean_{j∈N(i)} ‖gᵢ − gⱼ‖_F / max(dᵢⱼ, 1/16384), the finite-difference
 *   norm of ∇g along the edges (spec |∇g_ij|);
 * - score sᵢ = (C̃ᵢ + G̃ᵢ) / (1 + aᵢ), with C̃, G̃ each divided by its mean over nodes (so both
 *   weigh alike) and aᵢ = eᵢ / mean e the node's activity: curiosity prefers what has not been
 *   on the mind lately.
 * The top-scoring nodes (at most regionsMax × regionNodesMax) are joined into regions along
 * k-NN edges (union-find); regions whose circular-mean centroids lie within mergeDistance are
 * merged; the best regionsMax by total score are returned.
 * Cost: O(E·45) for the gradient (E directed edges); curiosity runs every few minutes at most.
 */
import { assert, limits } from '../core/index.ts';

const dims = 9;
const metricSize = 45;
const cellWidth = 1 / 16384;

/** The manifold as frontier identification reads it (N nodes, CSR neighbour lists). */
export interface FrontierInput {
  /** 9 uint14 coordinates per node (9N). */
  readonly coords: Uint16Array;
  /** Each node's metric upper triangle, 45 per node (45N). */
  readonly metrics: Float32Array;
  /** |ψᵢ|² per node (N). */
  readonly energies: Float64Array;
  /** Node i's neighbours are index[rowStart[i] .. rowStart[i+1]−1] (N + 1 row starts). */
  readonly rowStart: Int32Array;
  /** Neighbour node indices, row after row (E entries). */
  readonly index: Int32Array;
  /** Geodesic distance of each neighbour entry (same length as index). */
  readonly distance: Float64Array;
}

/** Options for {@link findFrontier}. */
export interface FrontierOptions {
  /** Regions returned at most, 1..limits.frontierRegionsMax. @default 3 */
  readonly regionsMax?: number;
  /** Nodes named per region, 1..limits.frontierRegionNodesMax. @default 16 */
  readonly regionNodesMax?: number;
  /** Regions whose centroids are closer than this (unit torus) are merged. @default 0.05 */
  readonly mergeDistance?: number;
}

/** A frontier region. */
export interface FrontierRegion {
  /** Member nodes, best score first (at most regionNodesMax). */
  readonly nodes: readonly number[];
  /** Up to 8 non-member neighbours of the members, densest first: the cluster it borders. */
  readonly borderNodes: readonly number[];
  /** Σ sᵢ over all members. */
  readonly score: number;
  /** Mean normalized contrast C̃ over the members (1 is the manifold's mean). */
  readonly contrast: number;
  /** Mean normalized metric gradient G̃ over the members (1 is the manifold's mean). */
  readonly gradient: number;
  /** Circular mean of the members' positions, in [0, 1) per dimension. */
  readonly centroid: readonly number[];
}

/** Per-node terms of the frontier score. */
export interface FrontierScores {
  /** ℓᵢ = −9·ln max(r̄ᵢ, one cell) (0 for a node without neighbours). */
  readonly logDensity: Float64Array;
  /** C̃ᵢ: contrast divided by its mean over nodes. */
  readonly contrast: Float64Array;
  /** G̃ᵢ: metric gradient divided by its mean over nodes. */
  readonly gradient: Float64Array;
  /** sᵢ = (C̃ᵢ + G̃ᵢ) / (1 + eᵢ / mean e). */
  readonly score: Float64Array;
}

/**
 * Scores every node (see the module comment).
 * @param input - the manifold
 * @returns log-density, normalized contrast and gradient, and the score per node
 */
export function frontierScores(input: FrontierInput): FrontierScores {
  const n = checkInput(input);
  const { rowStart, index, distance, metrics, energies } = input;
  const logDensity = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = rowStart[i]!, to = rowStart[i + 1]!;
    let sum = 0;
    for (let e = from; e < to; e++) sum += distance[e]!;
    logDensity[i] = to > from ? -dims * Math.log(Math.max(sum / (to - from), cellWidth)) : 0;
  }
  const contrast = new Float64Array(n);
  const gradient = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = rowStart[i]!, to = rowStart[i + 1]!;
    if (to === from) continue;
    let densitySum = 0, gradientSum = 0;
    for (let e = from; e < to; e++) {
      const j = index[e]!;
      densitySum += logDensity[j]!;
      gradientSum += metricDifference(metrics, i, j) / Math.max(distance[e]!, cellWidth);
    }
    contrast[i] = Math.max(0, densitySum / (to - from) - logDensity[i]!);
    gradient[i] = gradientSum / (to - from);
  }
  normalizeByMean(contrast);
  normalizeByMean(gradient);
  const meanEnergy = energies.reduce((a, b) => a + b, 0) / n;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const activity = meanEnergy > 0 ? energies[i]! / meanEnergy : 0;
    score[i] = (contrast[i]! + gradient[i]!) / (1 + activity);
  }
  return { logDensity, contrast, gradient, score };
}

/**
 * The best frontier regions of the manifold.
 * @param input - the manifold
 * @param options - how many regions, nodes per region, merge distance
 * @returns at most regionsMax regions, best first (none when no node scores above 0)
 */
export function findFrontier(input: FrontierInput, options: FrontierOptions = {}): FrontierRegion[] {
  const regionsMax = options.regionsMax ?? 3;
  const regionNodesMax = options.regionNodesMax ?? 16;
  const mergeDistance = options.mergeDistance ?? 0.05;
  assert(Number.isInteger(regionsMax) && regionsMax >= 1 && regionsMax <= limits.frontierRegionsMax, 'regions are 1..frontierRegionsMax');
  assert(Number.isInteger(regionNodesMax) && regionNodesMax >= 1 && regionNodesMax <= limits.frontierRegionNodesMax, 'region nodes are 1..frontierRegionNodesMax');
  assert(mergeDistance >= 0 && mergeDistance <= 1.5, 'the merge distance is within the torus');
  const scores = frontierScores(input);
  const candidates = topCandidates(scores.score, regionsMax * regionNodesMax);
  const groups = connectedGroups(input, candidates);
  const regions: { members: number[]; score: number; centroid: number[] }[] = [];
  for (const members of groups) {
    const score = members.reduce((sum, i) => sum + scores.score[i]!, 0);
    const centroid = circularMean(input.coords, members);
    const near = regions.find((region) => wrappedDistance(region.centroid, centroid) < mergeDistance);
    if (near === undefined) regions.push({ members, score, centroid });
    else {
      near.members.push(...members);
      near.score += score;
      near.centroid = circularMean(input.coords, near.members);
    }
  }
  regions.sort((a, b) => b.score - a.score || a.members[0]! - b.members[0]!);
  return regions.slice(0, regionsMax).map((region) => describeRegion(input, scores, region, regionNodesMax));
}

/** Indices of the `count` best positive scores, best first, ties by index. */
function topCandidates(score: Float64Array, count: number): number[] {
  const positive: number[] = [];
  for (let i = 0; i < score.length; i++) if (score[i]! > 0) positive.push(i);
  positive.sort((a, b) => score[b]! - score[a]! || a - b);
  return positive.slice(0, count);
}

/** Candidates joined along k-NN edges (either direction), each group best first. */
function connectedGroups(input: FrontierInput, candidates: readonly number[]): number[][] {
  const slot = new Map<number, number>();
  candidates.forEach((node, s) => slot.set(node, s));
  const parent = candidates.map((_, s) => s);
  const root = (s: number): number => {
    while (parent[s] !== s) s = parent[s] = parent[parent[s]!]!;
    return s;
  };
  for (const [s, node] of candidates.entries()) {
    for (let e = input.rowStart[node]!; e < input.rowStart[node + 1]!; e++) {
      const other = slot.get(input.index[e]!);
      if (other !== undefined) parent[root(other)] = root(s);
    }
  }
  const groups = new Map<number, number[]>();
  for (const [s, node] of candidates.entries()) {
    const r = root(s);
    const group = groups.get(r) ?? [];
    group.push(node);
    groups.set(r, group);
  }
  // Candidates come best first, so each group is best first and groups are in order of their best.
  return [...groups.values()];
}

function describeRegion(
  input: FrontierInput, scores: FrontierScores, region: { members: number[]; score: number; centroid: number[] }, nodesMax: number,
): FrontierRegion {
  const members = [...region.members].sort((a, b) => scores.score[b]! - scores.score[a]! || a - b);
  const inRegion = new Set(members);
  const border = new Set<number>();
  for (const i of members) {
    for (let e = input.rowStart[i]!; e < input.rowStart[i + 1]!; e++) if (!inRegion.has(input.index[e]!)) border.add(input.index[e]!);
  }
  const borderNodes = [...border].sort((a, b) => scores.logDensity[b]! - scores.logDensity[a]! || a - b).slice(0, 8);
  const mean = (values: Float64Array): number => members.reduce((sum, i) => sum + values[i]!, 0) / members.length;
  return {
    nodes: members.slice(0, nodesMax), borderNodes, score: region.score,
    contrast: mean(scores.contrast), gradient: mean(scores.gradient), centroid: region.centroid,
  };
}

/** ‖gᵢ − gⱼ‖_F over the full symmetric matrix (off-diagonal entries count twice). */
function metricDifference(metrics: Float32Array, i: number, j: number): number {
  let sum = 0;
  let k = 0;
  for (let row = 0; row < dims; row++) {
    for (let column = row; column < dims; column++, k++) {
      const delta = metrics[i * metricSize + k]! - metrics[j * metricSize + k]!;
      sum += (row === column ? 1 : 2) * delta * delta;
    }
  }
  return Math.sqrt(sum);
}

function normalizeByMean(values: Float64Array): void {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean > 0) for (let i = 0; i < values.length; i++) values[i] = values[i]! / mean;
}

/** Circular mean of the members' positions per dimension, in [0, 1). */
function circularMean(coords: Uint16Array, members: readonly number[]): number[] {
  const centroid: number[] = [];
  for (let d = 0; d < dims; d++) {
    let s = 0, c = 0;
    for (const i of members) {
      const angle = 2 * Math.PI * coords[i * dims + d]! * cellWidth;
      s += Math.sin(angle);
      c += Math.cos(angle);
    }
    const turn = Math.atan2(s, c) / (2 * Math.PI);
    centroid.push(turn < 0 ? turn + 1 : turn);
  }
  return centroid;
}

function wrappedDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    const delta = a[d]! - b[d]!;
    const folded = delta - Math.round(delta);
    sum += folded * folded;
  }
  return Math.sqrt(sum);
}

function checkInput(input: FrontierInput): number {
  const n = input.energies.length;
  assert(n >= 1 && n <= limits.waveNodesMax, 'frontier takes 1..waveNodesMax nodes');
  assert(input.coords.length === dims * n && input.metrics.length === metricSize * n, 'coords and metrics match the node count');
  assert(input.rowStart.length === n + 1 && input.rowStart[0] === 0 && input.rowStart[n] === input.index.length, 'row starts cover the neighbour lists');
  assert(input.distance.length === input.index.length, 'one distance per neighbour entry');
  let inRange = true;
  for (let e = 0; e < input.index.length; e++) if (!(input.index[e]! >= 0 && input.index[e]! < n)) inRange = false;
  assert(inRange, 'neighbours are nodes');
  return n;
}
