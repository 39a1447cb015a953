/**
 * Per-node Cholesky factors of the base metrics, with the identity modulation as a
 * first-order perturbation (issue 4, spec §6.3.5 "Identity-Metric Cache Optimization").
 *
 * The effective metric of node i is g_eff = g + h: g is the base metric, changed only by
 * plasticity (hourly in the spec), and h is the identity perturbation, changed every step.
 * g is factored g = L·Lᵀ once and its inverse kept; a factor is recomputed only for a node
 * whose base metric actually changed (`factorizationCount` counts them). h never triggers a
 * factorization: distances under g_eff are |Lᵀδ|² + δᵀhδ (exact), and the inverse is the
 * first-order expansion g_eff⁻¹ ≈ g⁻¹ − g⁻¹hg⁻¹, whose error is O(‖g⁻¹h‖²): for the spec's
 * h = −γ|Φ|g it is exactly (γ|Φ|)² relative, 0.25 % at γ = 0.05 (spec §6.3.7).
 *
 * Memory: 45 float32 + 81 + 45 + 45 float64 per node (1.3 KiB); arrays are typed and
 * node-major, so a node's data is contiguous. Pure (no I/O); the instance is mutable state.
 */
import { assert, cholesky, solveLower, solveLowerTransposed } from '../core/index.ts';
import { metricEntries, metricIndex, torusDims, wrappedDelta, type TorusCoord } from '../manifold/index.ts';

const factorEntries = torusDims * torusDims;

/** One entry of a perturbation: hᵢⱼ at packed index `metricIndex(i, j)`. */
export interface PerturbationEntry {
  readonly index: number;
  readonly value: number;
}

/** Cached factors of every node's base metric plus each node's identity perturbation. */
export class MetricCache {
  /** Nodes cached. */
  readonly nodeCount: number;
  readonly #base: Float32Array;
  /** L of g = L·Lᵀ, 9×9 row-major per node. */
  readonly #lower: Float64Array;
  /** g⁻¹, packed upper triangle per node. */
  readonly #inverse: Float64Array;
  /** h, packed upper triangle per node; zero at construction. */
  readonly #perturbation: Float64Array;
  #factorizations = 0;

  /**
   * Copies and factors every node's base metric.
   * @param metrics - nodeCount·45 packed SPD metrics (node-metric.ts layout)
   */
  constructor(metrics: Float32Array) {
    assert(metrics.length % metricEntries === 0, 'metrics come in blocks of 45');
    this.nodeCount = metrics.length / metricEntries;
    this.#base = metrics.slice();
    this.#lower = new Float64Array(this.nodeCount * factorEntries);
    this.#inverse = new Float64Array(this.nodeCount * metricEntries);
    this.#perturbation = new Float64Array(this.nodeCount * metricEntries);
    for (let node = 0; node < this.nodeCount; node++) this.#factor(node);
  }

  /** Cholesky factorizations done so far (construction included). */
  get factorizationCount(): number {
    return this.#factorizations;
  }

  /**
   * Takes new base metrics, refactoring only the nodes whose 45 floats differ from the cache.
   * @param metrics - nodeCount·45 packed SPD metrics
   * @param nodes - the nodes to compare (e.g. plasticity's `changed`); @default every node
   * @returns how many nodes were refactored
   */
  updateBaseMetrics(metrics: Float32Array, nodes?: readonly number[]): number {
    assert(metrics.length === this.#base.length, 'one metric per cached node');
    let refactored = 0;
    const update = (node: number): void => {
      this.#assertNode(node);
      const offset = node * metricEntries;
      let same = true;
      for (let k = 0; k < metricEntries && same; k++) same = metrics[offset + k] === this.#base[offset + k];
      if (same) return;
      this.#base.set(metrics.subarray(offset, offset + metricEntries), offset);
      this.#factor(node);
      refactored++;
    };
    if (nodes === undefined) for (let node = 0; node < this.nodeCount; node++) update(node);
    else for (const node of nodes) update(node);
    return refactored;
  }

  /** A copy of node's base metric g (45 packed float32). */
  baseMetric(node: number): Float32Array {
    this.#assertNode(node);
    return this.#base.slice(node * metricEntries, (node + 1) * metricEntries);
  }

  /**
   * gᵢⱼ of node's base metric.
   * @param index - the packed index `metricIndex(i, j)`
   */
  baseEntry(node: number, index: number): number {
    this.#assertEntry(node, index);
    return this.#base[node * metricEntries + index]!;
  }

  /**
   * (g⁻¹)ᵢⱼ of node's base metric, from the cached factor.
   * @param index - the packed index `metricIndex(i, j)`
   */
  inverseBaseEntry(node: number, index: number): number {
    this.#assertEntry(node, index);
    return this.#inverse[node * metricEntries + index]!;
  }

  /**
   * hᵢⱼ of node's perturbation.
   * @param index - the packed index `metricIndex(i, j)`
   */
  perturbationEntry(node: number, index: number): number {
    this.#assertEntry(node, index);
    return this.#perturbation[node * metricEntries + index]!;
  }

  /**
   * Sets hᵢⱼ (= hⱼᵢ) of node's perturbation; no factorization. The caller keeps g + h SPD
   * and ‖g⁻¹h‖ small (the first-order inverse assumes it).
   * @param entry - the packed index `metricIndex(i, j)` and a finite value
   */
  setPerturbationEntry(node: number, entry: PerturbationEntry): void {
    this.#assertEntry(node, entry.index);
    assert(Number.isFinite(entry.value), 'a perturbation is finite');
    this.#perturbation[node * metricEntries + entry.index] = entry.value;
  }

  /**
   * Sets the spec's identity perturbation h = −amount·g (amount = γ|Φ|); no factorization.
   * @param amount - in [0, 1): g_eff = (1 − amount)·g stays SPD
   */
  setScaledPerturbation(node: number, amount: number): void {
    this.#assertNode(node);
    assert(amount >= 0 && amount < 1, 'a scaled perturbation keeps g_eff SPD');
    const offset = node * metricEntries;
    for (let k = 0; k < metricEntries; k++) this.#perturbation[offset + k] = -amount * this.#base[offset + k]!;
  }

  /** The effective metric g + h of node (45 packed float64, a new array). */
  effectiveMetric(node: number): Float64Array {
    this.#assertNode(node);
    const offset = node * metricEntries;
    const out = new Float64Array(metricEntries);
    for (let k = 0; k < metricEntries; k++) out[k] = this.#base[offset + k]! + this.#perturbation[offset + k]!;
    return out;
  }

  /**
   * The first-order inverse of the effective metric, g⁻¹ − g⁻¹hg⁻¹, from the cached factor.
   * @returns 45 packed float64 (a new array)
   */
  effectiveInverse(node: number): Float64Array {
    this.#assertNode(node);
    const inverse = unpack(this.#inverse, node * metricEntries);
    const h = unpack(this.#perturbation, node * metricEntries);
    const hInverse = multiply(h, inverse);
    const correction = multiply(inverse, hInverse);
    const out = new Float64Array(metricEntries);
    for (let i = 0, k = 0; i < torusDims; i++) {
      for (let j = i; j < torusDims; j++, k++) out[k] = inverse[i * torusDims + j]! - correction[i * torusDims + j]!;
    }
    return out;
  }

  /**
   * δᵀ(g + h)δ for a displacement δ at node: |Lᵀδ|² from the cached factor plus δᵀhδ.
   * @param delta - 9 entries (unit-torus displacement)
   * @returns the squared length, ≥ 0 (clamped; g + h is SPD when h is small)
   */
  effectiveDistanceSquared(node: number, delta: ArrayLike<number>): number {
    this.#assertNode(node);
    assert(delta.length === torusDims, 'a displacement has 9 entries');
    const lower = node * factorEntries;
    let sum = 0;
    for (let j = 0; j < torusDims; j++) {
      let component = 0; // (Lᵀδ)ⱼ = Σ_{i ≥ j} Lᵢⱼδᵢ
      for (let i = j; i < torusDims; i++) component += this.#lower[lower + i * torusDims + j]! * delta[i]!;
      sum += component * component;
    }
    const offset = node * metricEntries;
    for (let i = 0, k = offset; i < torusDims; i++) {
      const di = delta[i]!;
      sum += this.#perturbation[k++]! * di * di;
      for (let j = i + 1; j < torusDims; j++) sum += 2 * this.#perturbation[k++]! * di * delta[j]!;
    }
    return Math.max(0, sum);
  }

  /**
   * The geodesic distance from `from` to `to` under node's effective metric (per-axis
   * wrapped difference, as torus-distance.ts).
   */
  effectiveDistance(node: number, from: TorusCoord, to: TorusCoord): number {
    const delta = new Float64Array(torusDims);
    for (let k = 0; k < torusDims; k++) delta[k] = wrappedDelta(to[k]!, from[k]!);
    return Math.sqrt(this.effectiveDistanceSquared(node, delta));
  }

  /** Factors node's base metric and stores L and g⁻¹ = L⁻ᵀL⁻¹. */
  #factor(node: number): void {
    const lower = cholesky(this.#base.subarray(node * metricEntries, (node + 1) * metricEntries));
    assert(lower !== undefined, 'a base metric is SPD (plasticity clamps its eigenvalues)');
    this.#lower.set(lower, node * factorEntries);
    const unit = new Float64Array(torusDims);
    const offset = node * metricEntries;
    for (let column = 0; column < torusDims; column++) {
      unit.fill(0);
      unit[column] = 1;
      const x = solveLowerTransposed(lower, solveLower(lower, unit));
      for (let row = 0; row <= column; row++) this.#inverse[offset + metricIndex(row, column)] = x[row]!;
    }
    this.#factorizations++;
  }

  #assertEntry(node: number, index: number): void {
    this.#assertNode(node);
    assert(Number.isInteger(index) && index >= 0 && index < metricEntries, 'a packed metric index is 0..44');
  }

  #assertNode(node: number): void {
    assert(Number.isInteger(node) && node >= 0 && node < this.nodeCount, 'node index within the cache');
  }
}

function unpack(packed: Float64Array, offset: number): Float64Array {
  const full = new Float64Array(factorEntries);
  for (let i = 0, k = offset; i < torusDims; i++) {
    for (let j = i; j < torusDims; j++, k++) {
      full[i * torusDims + j] = packed[k]!;
      full[j * torusDims + i] = packed[k]!;
    }
  }
  return full;
}

function multiply(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(factorEntries);
  for (let i = 0; i < torusDims; i++) {
    for (let k = 0; k < torusDims; k++) {
      const aik = a[i * torusDims + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < torusDims; j++) out[i * torusDims + j] = out[i * torusDims + j]! + aik * b[k * torusDims + j]!;
    }
  }
  return out;
}
