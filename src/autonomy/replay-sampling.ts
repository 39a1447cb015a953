/**
 * Diversity-priority sampling for dream replay (spec §6.4.5, AUTO-03). Pure prioritized
 * replay draws experience i with probability ∝ its priority pᵢ (its error); an unsolvable
 * query keeps the largest error forever, so once the others are learned it takes nearly every
 * replay ("computational PTSD"). The hybrid mixes in diversity over toroidal k-means clusters:
 *
 *   S(i) = β · pᵢ / Σₖ pₖ + (1 − β) · D(Cᵢ) / Σₖ D(Cₖ),
 *
 * with D(Cᵢ) = 1/|Cᵢ| (the diversity bonus, inversely proportional to the cluster's size), so
 * the diversity half gives every non-empty cluster the same mass, shared by its members. Any
 * one experience then gets at most β + (1 − β)/K_nonempty of the replays, whatever its error.
 * β comes from the caller (spec: high dopamine → 0.8, high norepinephrine → 0.2).
 *
 * Sampling draws the term first (priority with probability β), then a member: by priority
 * through a Fenwick tree of the pᵢ (O(log N) per draw and per priority update, like the spec's
 * SumTree), or a uniform non-empty cluster and a uniform member of it.
 */
import { assert, limits, type Rng } from '../core/index.ts';
import type { ToroidalClusters } from './toroidal-kmeans.ts';

/** Options for {@link ReplaySampler}. */
export interface ReplaySamplerOptions {
  /** β ∈ [0, 1]: the weight of priority (1 is pure prioritized replay, 0 pure diversity). */
  readonly beta: number;
}

/** Draws experiences to replay by the AUTO-03 hybrid rule; priorities change as replay learns. */
export class ReplaySampler {
  readonly #beta: number;
  readonly #tree: Float64Array;
  readonly #priorities: Float64Array;
  readonly #clusterOf: Int32Array;
  /** Members of cluster c are members[start[c] .. start[c+1]−1]. */
  readonly #members: Int32Array;
  readonly #start: Int32Array;
  readonly #nonEmpty: Int32Array;

  /**
   * @param priorities - pᵢ ≥ 0, one per experience (copied)
   * @param clusters - the experiences' toroidal k-means clustering (same N)
   * @param options - β
   */
  constructor(priorities: Float64Array, clusters: ToroidalClusters, options: ReplaySamplerOptions) {
    const n = priorities.length;
    assert(n >= 1 && n <= limits.replayExperiencesMax, 'replay holds 1..replayExperiencesMax experiences');
    assert(clusters.assignment.length === n, 'one cluster per experience');
    assert(options.beta >= 0 && options.beta <= 1, 'β is in [0, 1]');
    this.#beta = options.beta;
    this.#priorities = new Float64Array(n);
    this.#tree = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) this.setPriority(i, priorities[i]!);
    this.#clusterOf = clusters.assignment.slice();
    const k = clusters.clusterCount;
    this.#start = new Int32Array(k + 1);
    for (let i = 0; i < n; i++) this.#start[this.#clusterOf[i]! + 1]!++;
    for (let c = 0; c < k; c++) this.#start[c + 1]! += this.#start[c]!;
    const fill = this.#start.slice(0, k);
    this.#members = new Int32Array(n);
    for (let i = 0; i < n; i++) this.#members[fill[this.#clusterOf[i]!]!++] = i;
    const nonEmpty: number[] = [];
    for (let c = 0; c < k; c++) if (this.#start[c + 1]! > this.#start[c]!) nonEmpty.push(c);
    this.#nonEmpty = Int32Array.from(nonEmpty);
  }

  /** Experiences held. */
  get size(): number {
    return this.#priorities.length;
  }

  /**
   * The cluster of experience i.
   * @param i - 0..size−1
   */
  clusterOf(i: number): number {
    return this.#clusterOf[i]!;
  }

  /**
   * Sets pᵢ (after a replay lowered the error, or a new error was measured).
   * @param i - 0..size−1
   * @param priority - ≥ 0, finite
   */
  setPriority(i: number, priority: number): void {
    assert(Number.isInteger(i) && i >= 0 && i < this.#priorities.length, 'the experience exists');
    assert(priority >= 0 && priority < Infinity, 'a priority is finite and non-negative');
    const delta = priority - this.#priorities[i]!;
    this.#priorities[i] = priority;
    for (let node = i + 1; node < this.#tree.length; node += node & -node) this.#tree[node]! += delta;
  }

  /**
   * One experience to replay, by the hybrid rule.
   * @param rng - the seeded generator (advanced)
   * @returns an experience index
   */
  sample(rng: Rng): number {
    const n = this.#priorities.length;
    if (rng.nextFloat64() < this.#beta) {
      const total = this.#prefix(n);
      // With every priority 0 the priority term has no preference: uniform.
      return total > 0 ? this.#findPrefix(rng.nextFloat64() * total) : Math.floor(rng.nextFloat64() * n);
    }
    const cluster = this.#nonEmpty[Math.floor(rng.nextFloat64() * this.#nonEmpty.length)]!;
    const from = this.#start[cluster]!, to = this.#start[cluster + 1]!;
    return this.#members[from + Math.floor(rng.nextFloat64() * (to - from))]!;
  }

  /**
   * S(i), the probability that {@link sample} returns experience i.
   * @param i - 0..size−1
   */
  probability(i: number): number {
    const n = this.#priorities.length;
    const total = this.#prefix(n);
    const priorityShare = total > 0 ? this.#priorities[i]! / total : 1 / n;
    const c = this.#clusterOf[i]!;
    const diversityShare = 1 / (this.#nonEmpty.length * (this.#start[c + 1]! - this.#start[c]!));
    return this.#beta * priorityShare + (1 - this.#beta) * diversityShare;
  }

  /** Σ p over experiences 0..count−1. */
  #prefix(count: number): number {
    let sum = 0;
    for (let node = count; node > 0; node -= node & -node) sum += this.#tree[node]!;
    return sum;
  }

  /** The experience where the running sum of priorities passes `target` (Fenwick descent). */
  #findPrefix(target: number): number {
    const n = this.#priorities.length;
    let position = 0;
    let remaining = target;
    for (let step = 1 << Math.floor(Math.log2(n)); step > 0; step >>= 1) {
      const next = position + step;
      if (next <= n && this.#tree[next]! <= remaining) {
        position = next;
        remaining -= this.#tree[next]!;
      }
    }
    // Rounding may land on a zero-priority experience at the end: step back to one with weight.
    let index = Math.min(position, n - 1);
    while (index > 0 && this.#priorities[index] === 0) index--;
    return index;
  }
}
