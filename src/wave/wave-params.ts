/**
 * The parameters of the wave equation of D3 (UFIE-lite):
 *   ψ̈ᵢ = (c²/s_effᵢ²)·(−Lψ)ᵢ − α(1−rᵢ)·ψ̇ᵢ − β|ψᵢ|²ψᵢ + eᵢ(t),   s_eff = s/(1+N),
 * with the amplitude clamp |ψ| ≤ amplitudeMax. Drives (norepinephrine N) are supplied by the
 * caller; they arrive in a later issue.
 */
import { assert } from '../core/index.ts';
import { laplacianBound } from './wave-graph.ts';
import type { WaveState } from './wave-state.ts';

/** The nonary amplitude limit |ψ| ≤ 4 (balanced nonary digits are −4..4). */
export const nonaryAmplitudeMax = 4;

/** A constant-amplitude, optionally oscillating drive at one node: eᵢ(t) = (re + i·im)·e^{iωt}. */
export interface WaveEmitter {
  readonly node: number;
  readonly re: number;
  readonly im: number;
  /** Angular frequency ω (radians per time unit). @default 0 */
  readonly angularFrequency?: number;
}

/** Parameters of one propagation. */
export interface WaveParams {
  /** Wave speed c > 0 (graph edges per time unit at unit weight). */
  readonly c: number;
  /** Damping α ≥ 0, applied as α(1−r). */
  readonly alpha: number;
  /** Cubic nonlinearity β ≥ 0 (β < 0 would make the potential unbounded below). */
  readonly beta: number;
  /** Time step dt > 0. */
  readonly dt: number;
  /** Norepinephrine level N ≥ 0: s_eff = s/(1+N). @default 0 */
  readonly norepinephrine?: number;
  /** Emitters (external drive, an acceleration). @default none */
  readonly emitters?: readonly WaveEmitter[];
  /** Amplitude clamp. @default nonaryAmplitudeMax (4) */
  readonly amplitudeMax?: number;
}

/**
 * Asserts that parameters are in range (the Dojo attacks these; candidates must not see NaN).
 * @param params - the parameters
 * @param nodeCount - nodes, for emitter indices
 */
export function assertWaveParams(params: WaveParams, nodeCount: number): void {
  assert(params.c > 0 && Number.isFinite(params.c), 'c is positive and finite');
  assert(params.alpha >= 0 && Number.isFinite(params.alpha), 'alpha is non-negative and finite');
  assert(params.beta >= 0 && Number.isFinite(params.beta), 'beta is non-negative and finite');
  assert(params.dt > 0 && Number.isFinite(params.dt), 'dt is positive and finite');
  const n = params.norepinephrine ?? 0;
  assert(n >= 0 && Number.isFinite(n), 'norepinephrine is non-negative and finite');
  for (const e of params.emitters ?? []) {
    assert(Number.isInteger(e.node) && e.node >= 0 && e.node < nodeCount, 'emitters sit on nodes');
    assert(Number.isFinite(e.re) && Number.isFinite(e.im), 'emitter amplitudes are finite');
  }
}

/**
 * The largest stable velocity-Verlet step for `state` under `params`: 2/ω with
 * ω² = maxᵢ(c²/s_effᵢ²)·λ_max(L) + 3β·amplitudeMax² (Gershgorin bound on λ_max; the β term
 * bounds the stiffness of the cubic force at the clamp). Verlet's energy error scales as
 * (ω·dt)², so callers wanting 1e-4 accuracy use a small fraction of this.
 * @param state - the state (graph and refractive indices)
 * @param params - c, β, norepinephrine, amplitudeMax
 */
export function stableTimeStep(state: WaveState, params: Omit<WaveParams, 'dt'>): number {
  const boost = 1 + (params.norepinephrine ?? 0);
  let sMin = Infinity;
  for (let i = 0; i < state.refractiveIndex.length; i++) sMin = Math.min(sMin, state.refractiveIndex[i]!);
  const amplitudeMax = params.amplitudeMax ?? nonaryAmplitudeMax;
  const speedSquared = state.refractiveIndex.length === 0 ? 0 : (params.c * boost / sMin) ** 2;
  const omegaSquared = speedSquared * laplacianBound(state.graph) + 3 * params.beta * amplitudeMax ** 2;
  return omegaSquared > 0 ? 2 / Math.sqrt(omegaSquared) : Infinity;
}
