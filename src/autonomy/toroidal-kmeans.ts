/**
 * k-means on the 9-torus (spec §6.4.5, AUTO-03): points are torus coordinates (9 × uint14,
 * position c/16384 on a circle of period 1), distances use the wrapped difference per
 * dimension (identity metric: d² = Σₖ δₖ², δₖ folded into [−½, ½)), and each centroid
 * coordinate is the circular mean of its members, atan2(Σ sin 2πx, Σ cos 2πx)/2π, so a cluster
 * straddling the seam at 0 ≡ 1 keeps its centre instead of jumping to ½.
 * Seeding is k-means++ (Arthur & Vassilvitskii 2007) with the caller's seeded generator, then
 * Lloyd iterations until no point changes cluster or limits.kmeansIterationsMax.
 * Cost: O(N·K·9) per iteration; dream replay clusters at most a few thousand experiences.
 */
import { assert, limits, type Rng } from '../core/index.ts';

const dims = 9;
const cells = 16384;
const twoPi = 2 * Math.PI;

/** Options for {@link toroidalKMeans}. */
export interface ToroidalKMeansOptions {
  /** Clusters K, 1..limits.replayClustersMax (fewer when there are fewer points). @default 64 */
  readonly clusters?: number;
  /** Lloyd iterations at most, 1..limits.kmeansIterationsMax. @default limits.kmeansIterationsMax */
  readonly iterationsMax?: number;
}

/** A clustering of N points into K clusters. */
export interface ToroidalClusters {
  /** Cluster of each point, 0..K−1 (N entries). */
  readonly assignment: Int32Array;
  /** Centroid positions in [0, 1), 9 per cluster (9K entries). */
  readonly centroids: Float64Array;
  /** Points per cluster (K entries; a cluster may end up empty). */
  readonly sizes: Int32Array;
  /** K actually used: min(requested, N). */
  readonly clusterCount: number;
  /** Lloyd iterations run. */
  readonly iterations: number;
  /** True when the last iteration changed no assignment. */
  readonly converged: boolean;
}

/**
 * Clusters torus points by k-means with wrapped distances and circular means.
 * @param coords - N points as 9 consecutive uint14 coordinates each (9N entries)
 * @param rng - the seeded generator for k-means++ (advanced)
 * @param options - K and the iteration bound
 * @returns assignments, centroids and sizes
 */
export function toroidalKMeans(coords: Uint16Array, rng: Rng, options: ToroidalKMeansOptions = {}): ToroidalClusters {
  const n = coords.length / dims;
  assert(Number.isInteger(n) && n >= 1 && n <= limits.replayExperiencesMax, 'k-means takes 1..replayExperiencesMax points of 9 coordinates');
  const requested = options.clusters ?? 64;
  const iterationsMax = options.iterationsMax ?? limits.kmeansIterationsMax;
  assert(Number.isInteger(requested) && requested >= 1 && requested <= limits.replayClustersMax, 'clusters are 1..replayClustersMax');
  assert(Number.isInteger(iterationsMax) && iterationsMax >= 1 && iterationsMax <= limits.kmeansIterationsMax, 'iterations are 1..kmeansIterationsMax');
  const k = Math.min(requested, n);
  const points = Float64Array.from(coords, (c) => c / cells);
  const centroids = seedCentroids(points, k, rng);
  const assignment = new Int32Array(n).fill(-1);
  let iterations = 0;
  let converged = false;
  while (iterations < iterationsMax && !converged) {
    iterations++;
    converged = assignAll(points, centroids, assignment) === 0;
    if (!converged) updateCentroids(points, assignment, centroids);
  }
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[assignment[i]!]!++;
  return { assignment, centroids, sizes, clusterCount: k, iterations, converged };
}

/**
 * The squared wrapped distance between point i of `a` and point j of `b` (positions in [0, 1)).
 * @param a - positions, 9 per point
 * @param i - point index in a
 * @param b - positions, 9 per point
 * @param j - point index in b
 */
export function wrappedDistanceSquared(a: Float64Array, i: number, b: Float64Array, j: number): number {
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    let delta = a[i * dims + d]! - b[j * dims + d]!;
    delta -= Math.round(delta);
    sum += delta * delta;
  }
  return sum;
}

/** k-means++: the first centre uniform, each next one with probability ∝ D² to the nearest. */
function seedCentroids(points: Float64Array, k: number, rng: Rng): Float64Array {
  const n = points.length / dims;
  const centroids = new Float64Array(k * dims);
  const nearest = new Float64Array(n).fill(Infinity);
  let chosen = Math.floor(rng.nextFloat64() * n);
  for (let c = 0; c < k; c++) {
    centroids.set(points.subarray(chosen * dims, chosen * dims + dims), c * dims);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d2 = wrappedDistanceSquared(points, i, centroids, c);
      if (d2 < nearest[i]!) nearest[i] = d2;
      total += nearest[i]!;
    }
    if (c + 1 === k) break;
    // With every point on a centre already (duplicates), fall back to a uniform choice.
    chosen = total > 0 ? pickByWeight(nearest, total * rng.nextFloat64()) : Math.floor(rng.nextFloat64() * n);
  }
  return centroids;
}

function pickByWeight(weights: Float64Array, target: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]!;
    if (acc > target && weights[i]! > 0) return i;
  }
  // Rounding left target at the very end: take the last point with weight.
  let last = weights.length - 1;
  while (last > 0 && !(weights[last]! > 0)) last--;
  return last;
}

/** Assigns each point to its nearest centroid (ties to the lower index); returns the changes. */
function assignAll(points: Float64Array, centroids: Float64Array, assignment: Int32Array): number {
  const k = centroids.length / dims;
  let changed = 0;
  for (let i = 0; i < assignment.length; i++) {
    let best = 0;
    let bestD2 = Infinity;
    for (let c = 0; c < k; c++) {
      const d2 = wrappedDistanceSquared(points, i, centroids, c);
      if (d2 < bestD2) {
        bestD2 = d2;
        best = c;
      }
    }
    if (assignment[i] !== best) {
      assignment[i] = best;
      changed++;
    }
  }
  return changed;
}

/** Moves each centroid to the circular mean of its members; empty clusters stay put. */
function updateCentroids(points: Float64Array, assignment: Int32Array, centroids: Float64Array): void {
  const sinSum = new Float64Array(centroids.length);
  const cosSum = new Float64Array(centroids.length);
  for (let i = 0; i < assignment.length; i++) {
    const base = assignment[i]! * dims;
    for (let d = 0; d < dims; d++) {
      const angle = twoPi * points[i * dims + d]!;
      sinSum[base + d]! += Math.sin(angle);
      cosSum[base + d]! += Math.cos(angle);
    }
  }
  for (let j = 0; j < centroids.length; j++) {
    // A resultant of (almost) zero has no direction: members spread evenly round the circle.
    if (Math.hypot(sinSum[j]!, cosSum[j]!) < 1e-12) continue;
    const turn = Math.atan2(sinSum[j]!, cosSum[j]!) / twoPi;
    centroids[j] = turn < 0 ? turn + 1 : turn;
  }
}
