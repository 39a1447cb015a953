/**
 * The seeded random number generator of Noctem (D1, spec §6.4.8): xoshiro256++ by Blackman
 * and Vigna, with splitmix64 seeding as the reference code recommends. Every pure module that
 * needs randomness (the JL projection, naps, dreams, simulations) takes one of these, so a run
 * replays exactly from its seed.
 *
 * The 256-bit state is kept as eight unsigned 32-bit halves, so `next` needs no BigInt: it is
 * about ten times faster than a BigInt port. The spec's hardware reseeding is deliberately
 * left out: it would break replay, and the period (2^256 − 1) needs no help.
 */
import { assert } from './assert.ts';
import { hexToBytes } from './hex.ts';

/** What pure code needs from a random source. */
export interface Rng {
  /** A uniform integer in [0, 2^32): the upper half of the next 64-bit output. */
  nextUint32(): number;
  /** A uniform float in [0, 1) with 53 random bits. */
  nextFloat64(): number;
  /** A standard normal sample N(0, 1). */
  nextGaussian(): number;
}

const mask64 = (1n << 64n) - 1n;
const twoPow53 = 9007199254740992;
const twoPow21 = 2097152;
const jumpPolynomial = [0x180ec6d33cfd0aban, 0xd5a61266f0c9392cn, 0xa9582618e03fc9aan, 0x39abdc4529b1661cn];
const longJumpPolynomial = [0x76e15d3efefdcbbfn, 0xc5004e441c522fb3n, 0x77710069854ee241n, 0x39109bb02acbe635n];

/**
 * One output of splitmix64 and the advanced state, as in Vigna's `splitmix64.c`.
 * @param state - the 64-bit state (taken mod 2^64)
 * @returns `[output, nextState]`, both in [0, 2^64)
 */
export function splitmix64(state: bigint): readonly [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & mask64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask64;
  return [z ^ (z >> 31n), next];
}

/**
 * xoshiro256++: 256 bits of state, period 2^256 − 1, outputs equal to the reference C code.
 * Invariant: the state is never all zero.
 */
export class Xoshiro256pp implements Rng {
  /** State words s[0..3] as [hi0, lo0, hi1, lo1, hi2, lo2, hi3, lo3]. */
  readonly #s: Uint32Array;
  #hi = 0;
  #lo = 0;

  private constructor(state: Uint32Array) {
    assert(state.length === 8 && state.some((word) => word !== 0), 'xoshiro256++ state is 8 words, not all zero');
    this.#s = state;
  }

  /**
   * Seeds from a 64-bit integer through splitmix64 (s[i] = the i-th splitmix64 output).
   * @param seed - any integer; taken mod 2^64
   */
  static fromSeed(seed: bigint | number): Xoshiro256pp {
    let state = BigInt.asUintN(64, BigInt(seed));
    const words = new Uint32Array(8);
    for (let i = 0; i < 4; i++) {
      const [output, next] = splitmix64(state);
      state = next;
      words[2 * i] = Number(output >> 32n);
      words[2 * i + 1] = Number(output & 0xffffffffn);
    }
    return new Xoshiro256pp(words);
  }

  /**
   * Restores a generator from 32 bytes: s[0..3] as little-endian uint64 (see {@link toBytes}).
   * @param bytes - exactly 32 bytes, not all zero
   */
  static fromBytes(bytes: Uint8Array): Xoshiro256pp {
    assert(bytes.length === 32, 'xoshiro256++ state is 32 bytes');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const words = new Uint32Array(8);
    for (let i = 0; i < 4; i++) {
      words[2 * i + 1] = view.getUint32(8 * i, true);
      words[2 * i] = view.getUint32(8 * i + 4, true);
    }
    return new Xoshiro256pp(words);
  }

  /** The state as 32 bytes (s[0..3], little-endian uint64): a snapshot to resume from. */
  toBytes(): Uint8Array {
    const bytes = new Uint8Array(32);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < 4; i++) {
      view.setUint32(8 * i, this.#s[2 * i + 1] ?? 0, true);
      view.setUint32(8 * i + 4, this.#s[2 * i] ?? 0, true);
    }
    return bytes;
  }

  /** An independent copy with the same state. */
  clone(): Xoshiro256pp {
    return new Xoshiro256pp(this.#s.slice());
  }

  /** The next 64-bit output as a BigInt (slow; for tests and seeds). */
  nextUint64(): bigint {
    this.#step();
    return (BigInt(this.#hi) << 32n) | BigInt(this.#lo);
  }

  /** {@inheritDoc Rng.nextUint32} */
  nextUint32(): number {
    this.#step();
    return this.#hi;
  }

  /** {@inheritDoc Rng.nextFloat64} The top 53 bits of the output times 2^-53. */
  nextFloat64(): number {
    this.#step();
    return (this.#hi * twoPow21 + (this.#lo >>> 11)) / twoPow53;
  }

  /**
   * {@inheritDoc Rng.nextGaussian} Box–Muller from two uniforms; the second normal of the
   * pair is dropped so that the whole generator state stays the 32 bytes of {@link toBytes}.
   */
  nextGaussian(): number {
    const u1 = 1 - this.nextFloat64();
    const u2 = this.nextFloat64();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Advances the state by 2^128 outputs: 2^128 non-overlapping streams for parallel work. */
  jump(): void {
    this.#jumpBy(jumpPolynomial);
  }

  /** Advances the state by 2^192 outputs. */
  longJump(): void {
    this.#jumpBy(longJumpPolynomial);
  }

  #jumpBy(polynomial: readonly bigint[]): void {
    const acc = new Uint32Array(8);
    for (const word of polynomial) {
      for (let bit = 0n; bit < 64n; bit++) {
        if ((word >> bit) & 1n) for (let i = 0; i < 8; i++) acc[i] = (acc[i] ?? 0) ^ (this.#s[i] ?? 0);
        this.#step();
      }
    }
    this.#s.set(acc);
  }

  /** One step of the reference `next()`, leaving the output in #hi/#lo. */
  #step(): void {
    const s = this.#s;
    const s0h = s[0]!, s0l = s[1]!, s1h = s[2]!, s1l = s[3]!;
    const s2h = s[4]!, s2l = s[5]!, s3h = s[6]!, s3l = s[7]!;
    // result = rotl(s0 + s3, 23) + s0
    const sumL = (s0l + s3l) >>> 0;
    const sumH = (s0h + s3h + (sumL < s0l ? 1 : 0)) >>> 0;
    const rotH = ((sumH << 23) | (sumL >>> 9)) >>> 0;
    const rotL = ((sumL << 23) | (sumH >>> 9)) >>> 0;
    this.#lo = (rotL + s0l) >>> 0;
    this.#hi = (rotH + s0h + (this.#lo < rotL ? 1 : 0)) >>> 0;
    // t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
    const tH = (s1h << 17) | (s1l >>> 15);
    const tL = s1l << 17;
    const n2h = s2h ^ s0h, n2l = s2l ^ s0l;
    const n3h = s3h ^ s1h, n3l = s3l ^ s1l;
    s[2] = s1h ^ n2h;
    s[3] = s1l ^ n2l;
    s[0] = s0h ^ n3h;
    s[1] = s0l ^ n3l;
    s[4] = n2h ^ tH;
    s[5] = n2l ^ tL;
    // rotl by 45 = swap the halves (rotl 32), then rotl 13.
    s[6] = (n3l << 13) | (n3h >>> 19);
    s[7] = (n3h << 13) | (n3l >>> 19);
  }
}

/**
 * Creates the generator for a seed written as hex: 16 hex digits are a 64-bit seed expanded
 * by splitmix64; 64 hex digits are the 32-byte state itself (see {@link Xoshiro256pp.fromBytes}).
 * @param seedHex - 16 or 64 hex digits
 * @returns a fresh generator
 */
export function rngFromSeedHex(seedHex: string): Xoshiro256pp {
  assert(/^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{64})$/.test(seedHex), 'a seed is 16 or 64 hex digits');
  if (seedHex.length === 16) return Xoshiro256pp.fromSeed(BigInt(`0x${seedHex}`));
  return Xoshiro256pp.fromBytes(hexToBytes(seedHex));
}
