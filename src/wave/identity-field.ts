/**
 * Identity as a field on the manifold (issue 4, spec §6.3.3 "Physics-Coupled Identity"):
 * a self-concept (embeddings the caller builds from the profile: its name, its preferred
 * topics) is projected onto T⁹ as anchor points, and the scalar field
 *   Φ_self(x) = Σₐ wₐ·exp(−d(x, pₐ)²/σ²) / max(1, Σₐ wₐ)   ∈ [0, 1]
 * biases the physics where it is strong, as the spec's `apply_identity_bias` does:
 * - the time-time metric component g_tt (index (2, 2)) relaxes toward a contracted target,
 *   g_tt ← 0.95·g_tt + 0.05·target, so identity-aligned regions are shorter to cross;
 * - resonance r += γ_damping·Φ where Φ > 0.1, capped at 1 (less damping, waves persist).
 *
 * Decisions. The spec's target is 1/(1 + γ_metric·Φ), which assumes an identity base; we use
 * g_tt,base/(1 + γ_metric·Φ), equal for an identity base and proportional to a warped one, so
 * the change stays a small fraction of g (as §6.3.5's h = −γ|Φ|g). The change is written as
 * the metric cache's perturbation h_tt (§6.3.5), never a refactorization; h_tt is kept above
 * −½/(g⁻¹)_tt, which by Sherman–Morrison keeps g + h_tt·e_t e_tᵀ SPD however warped g is.
 * Distances to anchors use the identity metric, so the field does not move with plasticity.
 * Strength scales both couplings (spec constants γ_metric = 0.05, γ_damping = 0.10); at 0
 * resonance is untouched and h_tt only decays (0.95 per call), so from a fresh cache nothing
 * changes at all. Refractive-index modulation (s_eff = s + αΦ) is left to the drives issue.
 */
import { assert } from '../core/index.ts';
import { metricIndex, torusDistanceSquared, type Projection, type TorusCoord } from '../manifold/index.ts';
import type { MetricCache } from './metric-cache.ts';

/** The spec's coupling constants (§6.3.3). */
export const identityCoupling = Object.freeze({
  /** γ_metric: g_tt target is g_tt,base/(1 + γ_metric·strength·Φ). */
  gammaMetric: 0.05,
  /** γ_damping: resonance gain per unit Φ·strength. */
  gammaDamping: 0.1,
  /** Φ above which resonance is boosted. */
  resonanceThreshold: 0.1,
  /** Weight of the target in each relaxation step (0.95·current + 0.05·target). */
  relaxation: 0.05,
  /** Largest |h_tt|·(g⁻¹)_tt: keeps g + h SPD. */
  perturbationRatioMax: 0.5,
});

/** The default field width σ on the unit torus (a random pair is ≈ 0.87 apart). */
export const identityFieldSigmaDefault = 0.3;

/** One part of the self-concept, as the caller embedded it. */
export interface SelfConceptPart {
  /** An embedding (e.g. of the profile's name, or of one preferred topic). */
  readonly vector: ArrayLike<number>;
  /** Its weight (e.g. 1 for the name, the topic's affinity); ≤ 0 parts are dropped. */
  readonly weight: number;
}

/** A point of the self-concept on the torus. */
export interface IdentityAnchor {
  readonly coord: TorusCoord;
  /** > 0. */
  readonly weight: number;
}

/** Options of {@link identityField}. */
export interface IdentityFieldOptions {
  /** Field width σ > 0 (unit torus). @default 0.3 */
  readonly sigma?: number;
}

/** What {@link applyIdentityField} acts on. */
export interface IdentityFieldTarget {
  /** The nodes' metric cache; its h_tt entries are updated in place. */
  readonly cache: MetricCache;
  /** The nodes' resonance r ∈ [0, 1] (not modified). */
  readonly resonance: Float64Array;
}

/** Options of {@link applyIdentityField}. */
export interface IdentityBiasOptions {
  /** Scales γ_metric and γ_damping; 0 turns the identity off. @default 1 */
  readonly strength?: number;
}

/** The outcome of {@link applyIdentityField}. */
export interface IdentityBiasResult {
  /** The biased resonance (a new array). */
  readonly resonance: Float64Array;
  /** Nodes whose h_tt changed. */
  readonly perturbed: number;
}

/**
 * Projects the self-concept's parts onto the torus (D1 projection), dropping non-positive weights.
 * @param projection - the home's projection
 * @param parts - embedded parts with weights
 */
export function identityAnchors(projection: Projection, parts: readonly SelfConceptPart[]): IdentityAnchor[] {
  return parts.flatMap((part) => {
    assert(Number.isFinite(part.weight), 'a self-concept weight is finite');
    return part.weight > 0 ? [{ coord: projection.place(part.vector).coord, weight: part.weight }] : [];
  });
}

/**
 * Φ_self at each node (see the module comment).
 * @param coords - the nodes' cells
 * @param anchors - the self-concept's points (none gives Φ = 0 everywhere)
 * @param options - σ
 * @returns one value in [0, 1] per node
 */
export function identityField(coords: readonly TorusCoord[], anchors: readonly IdentityAnchor[], options: IdentityFieldOptions = {}): Float64Array {
  const sigma = options.sigma ?? identityFieldSigmaDefault;
  assert(sigma > 0 && Number.isFinite(sigma), 'sigma is positive');
  let total = 0;
  for (const anchor of anchors) {
    assert(anchor.weight > 0 && Number.isFinite(anchor.weight), 'anchor weights are positive');
    total += anchor.weight;
  }
  const scale = 1 / Math.max(1, total);
  const phi = new Float64Array(coords.length);
  coords.forEach((coord, i) => {
    let sum = 0;
    for (const anchor of anchors) sum += anchor.weight * Math.exp(-torusDistanceSquared(coord, anchor.coord) / (sigma * sigma));
    phi[i] = Math.min(1, sum * scale);
  });
  return phi;
}

/**
 * One application of the identity bias: relaxes every node's h_tt and boosts resonance.
 * @param phi - Φ_self per node, each in [0, 1]
 * @param target - the metric cache (updated in place) and the current resonance
 * @param options - strength
 */
export function applyIdentityField(phi: Float64Array, target: IdentityFieldTarget, options: IdentityBiasOptions = {}): IdentityBiasResult {
  const strength = options.strength ?? 1;
  const { cache } = target;
  assert(strength >= 0 && Number.isFinite(strength), 'identity strength is non-negative and finite');
  assert(phi.length === cache.nodeCount && target.resonance.length === cache.nodeCount, 'one value per node');
  const tt = metricIndex(2, 2);
  const resonance = target.resonance.slice();
  let perturbed = 0;
  for (let i = 0; i < cache.nodeCount; i++) {
    const field = phi[i]!;
    assert(field >= 0 && field <= 1, 'Φ is in [0, 1]');
    const base = cache.baseEntry(i, tt);
    const contracted = base / (1 + identityCoupling.gammaMetric * strength * field);
    const current = cache.perturbationEntry(i, tt);
    const relaxed = (1 - identityCoupling.relaxation) * current + identityCoupling.relaxation * (contracted - base);
    const floor = -identityCoupling.perturbationRatioMax / cache.inverseBaseEntry(i, tt);
    const next = Math.max(floor, relaxed);
    if (next !== current) {
      cache.setPerturbationEntry(i, { index: tt, value: next });
      perturbed++;
    }
    const r = resonance[i]!;
    assert(r >= 0 && r <= 1, 'resonance is in [0, 1]');
    if (field > identityCoupling.resonanceThreshold) resonance[i] = Math.min(1, r + identityCoupling.gammaDamping * strength * field);
  }
  return { resonance, perturbed };
}
