/**
 * Analytic bounds on the energy H (energy.ts) a run may reach when H is not conserved
 * (damping, emitters, the amplitude clamp). The Adversarial Dojo (dojo.ts) judges a candidate's
 * end state by them and the runtime watchdog (watchdog.ts) checks every running propagator
 * against them, so both police the same physics:
 *   H ≤ energyGrowthMax · (H₀ + V_clamp + W),
 * where V_clamp bounds the potential energy any clamped field can hold (coupling ≤ A²·Σᵢdegreeᵢ,
 * because each undirected edge adds ½w|ψᵢ − ψⱼ|² ≤ 2wA² and the weighted degrees count every
 * edge's w twice; quartic ≤ Σᵢ β·mᵢ·A⁴/4, A = the clamp) and W bounds the kinetic energy
 * emitters can sustain against damping ({@link emitterEnergyBound}).
 */
import { waveEnergy } from './energy.ts';
import { nonaryAmplitudeMax, type WaveParams } from './wave-params.ts';
import type { WaveState } from './wave-state.ts';

/** Options for {@link waveEnergyBound}. */
export interface WaveEnergyBoundOptions {
  /** Allowed growth factor over H₀ + V_clamp + W. @default 4 */
  readonly energyGrowthMax?: number;
}

/**
 * The most energy a run starting at `state` may reach under `params` (module comment); Infinity
 * when an emitter sits on an undamped node.
 * @param state - the start state
 * @param params - the parameters of the run
 * @param options - growth factor
 */
export function waveEnergyBound(state: WaveState, params: WaveParams, options: WaveEnergyBoundOptions = {}): number {
  const growthMax = options.energyGrowthMax ?? 4;
  return growthMax * (waveEnergy(state, params).total + clampEnergyBound(state, params) + emitterEnergyBound(state, params));
}

/**
 * The most potential energy a field with every |ψᵢ| ≤ A can hold (module comment), A =
 * params.amplitudeMax (default 4).
 * @param state - the graph, refractive indices
 * @param params - c, β, norepinephrine, amplitudeMax
 */
export function clampEnergyBound(state: WaveState, params: WaveParams): number {
  const a = params.amplitudeMax ?? nonaryAmplitudeMax;
  const boost = 1 + (params.norepinephrine ?? 0);
  let degrees = 0, masses = 0;
  for (let i = 0; i < state.graph.nodeCount; i++) {
    degrees += state.graph.degree[i]!;
    masses += (state.refractiveIndex[i]! / (params.c * boost)) ** 2;
  }
  return a * a * degrees + (params.beta * masses * a ** 4) / 4;
}

/**
 * A bound on the kinetic energy a damped drive sustains: a node driven by |e| against damping
 * γ = α(1−r) settles at |v| ≤ |e|/γ, so ½m|v|² ≤ ½m|e|²/γ². Undamped nodes get no bound
 * (Infinity) because an undamped resonance grows without limit by physics, not by a bug.
 * @param state - resonance and refractive indices
 * @param params - α, c, norepinephrine, emitters
 */
export function emitterEnergyBound(state: WaveState, params: WaveParams): number {
  const boost = 1 + (params.norepinephrine ?? 0);
  let bound = 0;
  for (const e of params.emitters ?? []) {
    const gamma = params.alpha * (1 - state.resonance[e.node]!);
    const mass = (state.refractiveIndex[e.node]! / (params.c * boost)) ** 2;
    bound += gamma > 0 ? (0.5 * mass * (e.re * e.re + e.im * e.im)) / (gamma * gamma) : Number.POSITIVE_INFINITY;
  }
  return bound;
}
