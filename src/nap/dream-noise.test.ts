import { describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../core/index.ts';
import { dreamEnergy, dreamNode, ReseedingRng } from './dream-noise.ts';
import { craftedNode } from './node-fixture.testing.ts';

function bytes(fill: number): Uint8Array {
  return new Uint8Array(32).fill(fill);
}

describe('ReseedingRng', () => {
  test('ReseedingRng follows xoshiro256++ from its seed, then switches to fresh entropy every N draws', () => {
    let asked = 0;
    const rng = new ReseedingRng(bytes(1), () => bytes(2 + asked++), { reseedDraws: 3 });
    const first = Xoshiro256pp.fromBytes(bytes(1));
    const second = Xoshiro256pp.fromBytes(bytes(2));
    const draws = Array.from({ length: 5 }, () => rng.nextUint32());
    expect(draws).toEqual([first.nextUint32(), first.nextUint32(), first.nextUint32(), second.nextUint32(), second.nextUint32()]);
    expect(rng.reseeds).toBe(1);
    expect(asked).toBe(1);
  });
});

describe('dreamNode()', () => {
  test('dreamNode() leaves a node at rest alone and draws nothing', () => {
    const rng = new ReseedingRng(bytes(7), () => bytes(8), { reseedDraws: 1 });
    expect(dreamNode(craftedNode(), rng)).toBeUndefined();
    expect(rng.reseeds).toBe(0);
  });

  test('dreamNode() kicks ψ with noise of standard deviation T·√E', () => {
    const node = craftedNode({ psi: { re: 1, im: 0 }, v: { re: 0, im: 1 }, s: 2 });
    expect(dreamEnergy(node)).toBeCloseTo(0.5 * 4 + 0.5, 12);
    const rng = Xoshiro256pp.fromSeed(3);
    let sum = 0, sumSquares = 0;
    const n = 4000;
    for (let k = 0; k < n; k++) {
      const d = dreamNode(node, rng, 0.1)!.psi.re - 1;
      sum += d;
      sumSquares += d * d;
    }
    const sd = Math.sqrt(sumSquares / n - (sum / n) ** 2);
    expect(sd).toBeGreaterThan(0.1 * Math.sqrt(2.5) * 0.95);
    expect(sd).toBeLessThan(0.1 * Math.sqrt(2.5) * 1.05);
  });

  test('dreamNode() clamps the amplitude to the nonary limit 4', () => {
    const node = craftedNode({ psi: { re: 3.99, im: 0 } });
    const rng = Xoshiro256pp.fromSeed(9);
    let clamped = 0;
    for (let k = 0; k < 200; k++) {
      const { psi } = dreamNode(node, rng, 1)!;
      expect(Math.hypot(psi.re, psi.im)).toBeLessThanOrEqual(4 + 1e-12);
      if (Math.hypot(psi.re, psi.im) > 4 - 1e-9) clamped++;
    }
    expect(clamped).toBeGreaterThan(10);
  });
});
