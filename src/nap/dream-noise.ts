/**
 * Dream weaving, part one (spec §6.4 "dream"): Langevin noise on each node's amplitude ψ,
 * scaled by the node's local energy, so active regions wander and quiet ones stay still:
 *
 *   ψ ← ψ + T·√Eᵢ·(ξ₁ + iξ₂),   Eᵢ = ½·sᵢ²·|vᵢ|² + ½·|ψᵢ|²,   ξ₁, ξ₂ ~ N(0, 1),
 *
 * with the amplitude clamped to the nonary limit 4. Eᵢ is the node's own kinetic energy (mass
 * s², c = 1) plus a unit-stiffness potential; the coupling to neighbours is left out so each
 * node is read once. A node at rest (Eᵢ = 0; a pruned one) gets no noise.
 *
 * The noise comes from a xoshiro256++ generator seeded with OS entropy and reseeded every
 * `limits.dreamRngReseedDrawsMax` draws ({@link ReseedingRng}); the entropy arrives as bytes
 * from an adapter, so this file stays pure.
 */
import { assert, limits, Xoshiro256pp, type Rng } from '../core/index.ts';
import type { NodeRecord } from '../manifold/index.ts';
import { nonaryAmplitudeMax } from '../wave/index.ts';

/** The dream temperature T of the module comment. */
export const dreamTemperature = 0.05;

/** Options for {@link ReseedingRng}. */
export interface ReseedingRngOptions {
  /** Draws before a reseed, 1..limits.dreamRngReseedDrawsMax. @default limits.dreamRngReseedDrawsMax */
  readonly reseedDraws?: number;
}

/** xoshiro256++ that replaces its state with fresh entropy every N draws. */
export class ReseedingRng implements Rng {
  readonly #entropy: () => Uint8Array;
  readonly #reseedDraws: number;
  #rng: Xoshiro256pp;
  #draws = 0;
  #reseeds = 0;

  /**
   * @param seed - 32 bytes of entropy (not all zero), the first state
   * @param entropy - returns 32 fresh bytes of OS entropy at each reseed
   * @param options - the reseed interval
   */
  constructor(seed: Uint8Array, entropy: () => Uint8Array, options: ReseedingRngOptions = {}) {
    this.#reseedDraws = options.reseedDraws ?? limits.dreamRngReseedDrawsMax;
    assert(Number.isInteger(this.#reseedDraws) && this.#reseedDraws >= 1 && this.#reseedDraws <= limits.dreamRngReseedDrawsMax, 'reseed interval within limits');
    this.#entropy = entropy;
    this.#rng = Xoshiro256pp.fromBytes(seed);
  }

  /** Reseeds done so far. */
  get reseeds(): number {
    return this.#reseeds;
  }

  /** @inheritdoc */
  nextUint32(): number {
    return this.#next().nextUint32();
  }

  /** @inheritdoc */
  nextFloat64(): number {
    return this.#next().nextFloat64();
  }

  /** @inheritdoc */
  nextGaussian(): number {
    return this.#next().nextGaussian();
  }

  #next(): Xoshiro256pp {
    if (this.#draws === this.#reseedDraws) {
      this.#rng = Xoshiro256pp.fromBytes(this.#entropy());
      this.#draws = 0;
      this.#reseeds++;
    }
    this.#draws++;
    return this.#rng;
  }
}

/**
 * A node's local energy Eᵢ (module comment).
 * @param node - the record
 */
export function dreamEnergy(node: NodeRecord): number {
  const velocity = node.v.re * node.v.re + node.v.im * node.v.im;
  const amplitude = node.psi.re * node.psi.re + node.psi.im * node.psi.im;
  return 0.5 * node.s * node.s * velocity + 0.5 * amplitude;
}

/**
 * One Langevin kick of ψ (module comment).
 * @param node - the record
 * @param rng - the dream generator (two Gaussian draws when Eᵢ > 0, none otherwise)
 * @param temperature - T ≥ 0 @default dreamTemperature
 * @returns the new record, or undefined when the node is at rest
 */
export function dreamNode(node: NodeRecord, rng: Rng, temperature = dreamTemperature): NodeRecord | undefined {
  assert(temperature >= 0 && Number.isFinite(temperature), 'the dream temperature is finite and ≥ 0');
  const energy = dreamEnergy(node);
  if (!(energy > 0) || temperature === 0) return undefined;
  const sigma = temperature * Math.sqrt(energy);
  let re = node.psi.re + sigma * rng.nextGaussian();
  let im = node.psi.im + sigma * rng.nextGaussian();
  const amplitude = Math.hypot(re, im);
  if (amplitude > nonaryAmplitudeMax) {
    re *= nonaryAmplitudeMax / amplitude;
    im *= nonaryAmplitudeMax / amplitude;
  }
  return { ...node, psi: { re, im } };
}
