/**
 * The spatial half of the resonance firewall (D13, issue 4): a spatial injection (one complex
 * amplitude per node, such as the emitters a recall query puts on the graph, D4) is attenuated
 * along the Laplacian's lowest-damping eigenmodes and clamped to the nonary limit |value| ≤ 4.
 *
 * Which modes are "lowest damping". Linearize D3 around rest with uniform refractive index:
 * a drive pattern e (oscillating at ω, or static with ω = 0) excites each normal mode φₖ of L in
 * proportion to ⟨φₖ, e⟩, and mode k answers with gain 1/|ωₖ² − ω² + iΓₖω|, where
 * ωₖ² = c²λₖ/s² and Γₖ = Σᵢ α(1−rᵢ)·φₖᵢ² is the mode's damping rate (the per-node damping
 * matrix diag(α(1−rᵢ)) projected on the mode; its off-diagonal terms only move energy between
 * modes, a second-order effect). So:
 * - at resonance (ω = ωₖ) the gain is 1/(Γₖωₖ): the smaller a mode's damping rate, the more a
 *   drive at it is amplified, and a mode with Γₖ = 0 grows without bound (the reason
 *   energy-bounds.ts gives an emitter on an undamped node no bound);
 * - for a static drive (ω = 0, D4's constant emitters) the gain is 1/ωₖ² ∝ 1/λₖ: the smoothest
 *   modes answer most, and the constant mode (λ = 0) integrates a static drive into a drift.
 * We therefore rank modes by damping rate, smallest first, and break ties (every mode has the
 * same rate α(1−r) when damping is uniform) by the smallest eigenvalue. Only the `candidates`
 * lowest Laplacian modes (lanczos-modes.ts) are ranked: that end of the
 * spectrum is reachable cheaply and holds the largest static gains. With a non-uniform
 * refractive index the exact normal modes solve Lφ = ω²Mφ (M = diag(sᵢ²/c²)); D13 names the
 * graph Laplacian's modes, and we use those.
 *
 * The attenuation. The injection is first clamped, then its projection on each chosen mode
 * (orthonormal real vectors, applied to the real and imaginary parts alike) is scaled by
 * g = 10^(−attenuationDb/20), then every value is clamped again. A drive exactly at a chosen mode
 * loses attenuationDb (default 20 dB: a tenth of its amplitude); a drive orthogonal to them
 * passes unchanged. Each stage is a contraction (clamping shrinks values, and I − (1−g)P has
 * norm 1), so the injection's ℓ² norm never grows; clamping first keeps a huge spike from
 * being spread across the graph by the projection before the final clamp could catch it.
 * A non-finite injection is a bug in our own code (injections are built by Noctem), so it fails
 * an assertion. Pure.
 */
import { assert, limits } from '../core/index.ts';
import { lanczosLowestModes, type LanczosOptions } from './lanczos-modes.ts';
import type { LaplacianMode } from './laplacian-modes.ts';
import { nonaryAmplitudeMax, type WaveParams } from './wave-params.ts';
import type { WaveState } from './wave-state.ts';

/** One complex amplitude per node, as two arrays of the graph's node count. */
export interface SpatialInjection {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Options for {@link injectionAttenuation}. */
export interface InjectionAttenuationOptions {
  /** Loss of a drive exactly at a chosen mode, in dB of amplitude (≥ 0). @default 20 */
  readonly attenuationDb?: number;
  /** The clamp on every |value|. @default nonaryAmplitudeMax (4) */
  readonly amplitudeMax?: number;
}

/** A Laplacian mode with its damping rate Γ = Σᵢ α(1−rᵢ)·φᵢ². */
export interface DampedLaplacianMode extends LaplacianMode {
  readonly dampingRate: number;
}

/** Options for {@link lowDampingModes}. */
export interface LowDampingModeOptions extends LanczosOptions {
  /** Modes returned. @default 8 (fewer on a smaller graph) */
  readonly count?: number;
  /** Lowest Laplacian modes ranked, count..limits.firewallModesMax. @default min(2·count, firewallModesMax) */
  readonly candidates?: number;
}

/**
 * The injection attenuated along `modes` and clamped (module comment); the input is unchanged.
 * @param injection - finite values, one per node
 * @param modes - orthonormal real modes over the same nodes (from {@link lowDampingModes})
 * @param options - attenuation in dB and the clamp
 */
export function injectionAttenuation(injection: SpatialInjection, modes: readonly LaplacianMode[], options: InjectionAttenuationOptions = {}): SpatialInjection {
  const n = injection.re.length;
  const attenuationDb = options.attenuationDb ?? 20;
  const amplitudeMax = options.amplitudeMax ?? nonaryAmplitudeMax;
  assert(injection.im.length === n, 'an injection has one value per node');
  assert(attenuationDb >= 0 && Number.isFinite(attenuationDb), 'attenuation is non-negative and finite');
  assert(amplitudeMax > 0 && Number.isFinite(amplitudeMax), 'the clamp is positive and finite');
  for (let i = 0; i < n; i++) assert(Number.isFinite(injection.re[i]!) && Number.isFinite(injection.im[i]!), 'an injection is finite');
  const out = { re: injection.re.slice(), im: injection.im.slice() };
  clampInPlace(out, amplitudeMax);
  const removed = 1 - 10 ** (-attenuationDb / 20);
  for (const mode of modes) {
    const phi = mode.vector;
    assert(phi.length === n && Math.abs(dot(phi, phi) - 1) < 1e-6, 'modes are unit vectors over the injection\'s nodes');
    const projectionRe = dot(phi, out.re), projectionIm = dot(phi, out.im);
    for (let i = 0; i < n; i++) {
      out.re[i] = out.re[i]! - removed * projectionRe * phi[i]!;
      out.im[i] = out.im[i]! - removed * projectionIm * phi[i]!;
    }
  }
  clampInPlace(out, amplitudeMax);
  return out;
}

/**
 * The `count` lowest-damping Laplacian modes of `state`'s graph: the `candidates` lowest modes
 * ranked by damping rate, ties by eigenvalue (module comment).
 * @param state - the graph and the resonances rᵢ
 * @param params - α
 * @param options - count, candidates, and the Lanczos options
 */
export function lowDampingModes(state: WaveState, params: Pick<WaveParams, 'alpha'>, options: LowDampingModeOptions = {}): DampedLaplacianMode[] {
  const nodeCount = state.graph.nodeCount;
  const count = Math.min(options.count ?? 8, nodeCount);
  const candidates = Math.min(options.candidates ?? Math.min(2 * count, limits.firewallModesMax), nodeCount);
  assert(Number.isInteger(count) && count >= 0, 'mode count is a whole number');
  assert(Number.isInteger(candidates) && candidates >= count && candidates <= limits.firewallModesMax, 'candidates within limits');
  assert(params.alpha >= 0 && Number.isFinite(params.alpha), 'alpha is non-negative and finite');
  const modes = lanczosLowestModes(state.graph, candidates, options).map((mode) => ({ ...mode, dampingRate: modeDampingRate(state, params, mode) }));
  // Rates within 1e-9·α of each other count as equal, so uniform damping ranks by eigenvalue
  // despite rounding; buckets keep the order transitive.
  const bucket = (rate: number): number => (params.alpha > 0 ? Math.round((rate / params.alpha) * 1e9) : 0);
  return modes.sort((a, b) => bucket(a.dampingRate) - bucket(b.dampingRate) || a.value - b.value).slice(0, count);
}

/**
 * A mode's damping rate Γ = Σᵢ α(1−rᵢ)·φᵢ² (per time unit; φ is a unit vector).
 * @param state - the resonances rᵢ
 * @param params - α
 * @param mode - the mode
 */
export function modeDampingRate(state: WaveState, params: Pick<WaveParams, 'alpha'>, mode: LaplacianMode): number {
  let rate = 0;
  for (let i = 0; i < mode.vector.length; i++) rate += params.alpha * (1 - state.resonance[i]!) * mode.vector[i]! ** 2;
  return rate;
}

/** Scales every |value| above the clamp onto it, keeping the phase. */
function clampInPlace(injection: SpatialInjection, amplitudeMax: number): void {
  // The target is 4ε inside the clamp: the rounding of the two products and of hypot (about
  // 2 ulp together) would otherwise leave some values a hair above it.
  const target = amplitudeMax * (1 - 4 * Number.EPSILON);
  for (let i = 0; i < injection.re.length; i++) {
    const modulus = Math.hypot(injection.re[i]!, injection.im[i]!);
    if (modulus > target) {
      injection.re[i] = injection.re[i]! * (target / modulus);
      injection.im[i] = injection.im[i]! * (target / modulus);
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
