/**
 * Goal: xoshiro256++ matches the reference C code bit for bit, and the derived samplers keep
 * their ranges. Method: known-answer vectors produced by compiling Vigna's `xoshiro256plusplus.c`
 * and `splitmix64.c` (seeding s[i] from successive splitmix64 outputs) and printing the outputs.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Xoshiro256pp, rngFromSeedHex, splitmix64 } from './rng.ts';

function hexOutputs(rng: Xoshiro256pp, count: number): string[] {
  return Array.from({ length: count }, () => rng.nextUint64().toString(16).padStart(16, '0'));
}

describe('rng', () => {
  test('splitmix64() matches the reference outputs from seed 0', () => {
    const [first, state] = splitmix64(0n);
    const [second] = splitmix64(state);
    expect([first.toString(16), second.toString(16)]).toEqual(['e220a8397b1dcdaf', '6e789e6aa1b965f4']);
  });

  test('Xoshiro256pp.fromSeed() matches the reference outputs for seed 0', () => {
    expect(hexOutputs(Xoshiro256pp.fromSeed(0), 6)).toEqual([
      '53175d61490b23df', '61da6f3dc380d507', '5c0fdf91ec9a7bfc',
      '02eebf8c3bbe5e1a', '7eca04ebaf4a5eea', '0543c37757f08d9a',
    ]);
  });

  test('Xoshiro256pp.fromSeed() matches the reference outputs for seed 1', () => {
    expect(hexOutputs(Xoshiro256pp.fromSeed(1n), 3)).toEqual(['cfc5d07f6f03c29b', 'bf424132963fe08d', '19a37d5757aaf520']);
  });

  test('Xoshiro256pp.fromBytes() matches the reference outputs for state {1, 2, 3, 4}', () => {
    const bytes = new Uint8Array(32);
    [1, 2, 3, 4].forEach((word, i) => { bytes[8 * i] = word; });
    expect(hexOutputs(Xoshiro256pp.fromBytes(bytes), 6)).toEqual([
      '0000000002800001', '0000000003800067', '000cc00003800067',
      '000cc201994400b2', '8012a2019ac433cd', '8a69978acdee33ba',
    ]);
  });

  test('jump() matches the reference jump after six outputs', () => {
    const rng = Xoshiro256pp.fromSeed(0x9d7052a1c0ffeen);
    hexOutputs(rng, 6);
    rng.jump();
    expect(hexOutputs(rng, 3)).toEqual(['d93443513c321e71', 'caff14dc367061e3', '4a912e3e024326d1']);
  });

  test('longJump() gives a stream unlike jump()', () => {
    const a = Xoshiro256pp.fromSeed(7);
    const b = a.clone();
    a.jump();
    b.longJump();
    expect(a.nextUint64()).not.toBe(b.nextUint64());
  });

  test('toBytes() round-trips through fromBytes()', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.nat(50), (seed, skip) => {
      const rng = Xoshiro256pp.fromSeed(seed);
      for (let i = 0; i < skip; i++) rng.nextUint32();
      const copy = Xoshiro256pp.fromBytes(rng.toBytes());
      expect(copy.nextUint64()).toBe(rng.nextUint64());
    }));
  });

  test('nextUint32() is the upper half of the 64-bit output', () => {
    const a = Xoshiro256pp.fromSeed(0);
    expect(a.nextUint32()).toBe(0x53175d61);
  });

  test('nextFloat64() is the top 53 bits scaled into [0, 1)', () => {
    const expected = Number(0x53175d61490b23dfn >> 11n) / 2 ** 53;
    expect(Xoshiro256pp.fromSeed(0).nextFloat64()).toBe(expected);
  });

  test('nextGaussian() has mean 0 and variance 1 over 200k samples', () => {
    const rng = Xoshiro256pp.fromSeed(42);
    let sum = 0;
    let sumSquares = 0;
    const count = 200_000;
    for (let i = 0; i < count; i++) {
      const x = rng.nextGaussian();
      sum += x;
      sumSquares += x * x;
    }
    expect(Math.abs(sum / count)).toBeLessThan(0.01);
    expect(Math.abs(sumSquares / count - 1)).toBeLessThan(0.01);
  });

  test('rngFromSeedHex() reads 16 digits as a splitmix64 seed and 64 digits as the state', () => {
    expect(rngFromSeedHex('0000000000000000').nextUint64()).toBe(0x53175d61490b23dfn);
    const state = '01000000000000000200000000000000' + '03000000000000000400000000000000';
    expect(rngFromSeedHex(state).nextUint64()).toBe(0x2800001n);
  });

  test('rngFromSeedHex() rejects a seed of another length', () => {
    expect(() => rngFromSeedHex('abc')).toThrow();
  });
});
