/**
 * Seeded random wave states for the Physics Oracle and tests: amplitudes uniform in
 * [0, amplitude] with uniform phases, Gaussian velocities, refractive indices uniform in
 * [sMin, sMax] (so mass differences between nodes are exercised) and resonance uniform in [0, 1].
 */
import { Xoshiro256pp } from '../core/index.ts';
import { createWaveState, type WaveState } from './wave-state.ts';
import type { WaveGraph } from './wave-graph.ts';

/** Options for {@link randomWaveState}. */
export interface RandomWaveStateOptions {
  /** Seed of the xoshiro256++ generator. @default 1 */
  readonly seed?: number;
  /** Largest initial |ψ|. @default 1 */
  readonly amplitude?: number;
  /** Standard deviation of each velocity component. @default 0.1 */
  readonly velocitySigma?: number;
  /** Smallest refractive index. @default 0.5 */
  readonly sMin?: number;
  /** Largest refractive index. @default 2 */
  readonly sMax?: number;
}

/**
 * A random state over `graph` (a is left at zero; propagators recompute it).
 * @param graph - the graph
 * @param options - seed and ranges
 */
export function randomWaveState(graph: WaveGraph, options: RandomWaveStateOptions = {}): WaveState {
  const rng = Xoshiro256pp.fromSeed(options.seed ?? 1);
  const amplitude = options.amplitude ?? 1;
  const velocitySigma = options.velocitySigma ?? 0.1;
  const sMin = options.sMin ?? 0.5, sMax = options.sMax ?? 2;
  const state = createWaveState(graph);
  for (let i = 0; i < graph.nodeCount; i++) {
    const modulus = amplitude * rng.nextFloat64();
    const phase = 2 * Math.PI * rng.nextFloat64();
    state.psiRe[i] = modulus * Math.cos(phase);
    state.psiIm[i] = modulus * Math.sin(phase);
    state.vRe[i] = velocitySigma * rng.nextGaussian();
    state.vIm[i] = velocitySigma * rng.nextGaussian();
    state.refractiveIndex[i] = sMin + (sMax - sMin) * rng.nextFloat64();
    state.resonance[i] = rng.nextFloat64();
  }
  return state;
}
