/**
 * Goal: the projection is reproducible from the seed, scale-invariant, and keeps locality.
 * Method: pinned values for a fixed seed (a change here moves every node of every home, so it
 * must be deliberate), and statistics over seeded random embeddings.
 */
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp, isNoctemError } from '../core/index.ts';
import { createProjection, quantizeUnit } from './projection.ts';
import { hilbertKeyOf } from './torus-coord.ts';
import { torusDistance } from './torus-distance.ts';

const seed = '9d7052a1c0ffee00';

function randomUnit(rng: Xoshiro256pp, dimensions: number): Float32Array {
  const v = Float32Array.from({ length: dimensions }, () => rng.nextGaussian());
  const length = Math.hypot(...v);
  return v.map((x) => x / length);
}

function pearson(xs: number[], ys: number[]): number {
  const mean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / a.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('projection', () => {
  test('createProjection() draws the matrix from xoshiro256++ Gaussians in row order', () => {
    const rng = Xoshiro256pp.fromSeed(BigInt(`0x${seed}`));
    const expected = [rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()];
    expect(Array.from(createProjection(seed, 100).matrix.subarray(0, 3))).toEqual(expected);
  });

  test('createProjection() gives the pinned placement for a fixed embedding', () => {
    const embedding = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i + 1));
    expect(Array.from(createProjection(seed, 100).place(embedding).coord)).toMatchInlineSnapshot(`
      [
        13800,
        14144,
        7390,
        11955,
        15364,
        6942,
        1737,
        14354,
        1249,
      ]
    `);
  });

  test('place() depends only on the direction of the embedding', () => {
    const projection = createProjection(seed, 100);
    const embedding = randomUnit(Xoshiro256pp.fromSeed(3), 100);
    expect(projection.place(embedding.map((x) => x * 7.5)).coord).toEqual(projection.place(embedding).coord);
  });

  test('place() puts the zero vector at the centre of every axis', () => {
    expect(Array.from(createProjection(seed, 4).place([0, 0, 0, 0]).coord)).toEqual(Array(9).fill(8192));
  });

  test('place() returns the Hilbert key of its point', () => {
    const placement = createProjection(seed, 100).place(randomUnit(Xoshiro256pp.fromSeed(4), 100));
    expect(placement.hilbertKey).toEqual(hilbertKeyOf(placement.coord));
  });

  test('place() spreads isotropic embeddings uniformly over each axis', () => {
    const rng = Xoshiro256pp.fromSeed(5);
    const projection = createProjection(seed, 100);
    const counts = new Array<number>(4).fill(0);
    for (let n = 0; n < 4000; n++) {
      const coord = projection.place(randomUnit(rng, 100)).coord;
      counts[coord[0]! >>> 12]! += 1;
    }
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });

  test('place() keeps locality: torus distance grows with the angle between embeddings', () => {
    const rng = Xoshiro256pp.fromSeed(6);
    const projection = createProjection(seed, 100);
    const angles: number[] = [];
    const distances: number[] = [];
    for (let n = 0; n < 2000; n++) {
      const a = randomUnit(rng, 100);
      const noise = randomUnit(rng, 100);
      const mix = rng.nextFloat64();
      const b = a.map((x, i) => (1 - mix) * x + mix * noise[i]!);
      const cos = a.reduce((s, x, i) => s + x * b[i]!, 0) / Math.hypot(...b);
      angles.push(Math.acos(Math.min(1, cos)));
      distances.push(torusDistance(projection.place(a).coord, projection.place(b).coord));
    }
    expect(pearson(angles, distances)).toBeGreaterThan(0.6);
  });

  test('quantizeUnit() maps [0, 1] onto 0..16383', () => {
    expect([quantizeUnit(0), quantizeUnit(0.5), quantizeUnit(0.99999999), quantizeUnit(1)]).toEqual([0, 8192, 16383, 16383]);
  });

  test('createProjection() rejects a malformed seed with CONFIG_INVALID', () => {
    let caught: unknown;
    try {
      createProjection('xyz', 100);
    } catch (error) {
      caught = error;
    }
    expect(isNoctemError(caught, 'CONFIG_INVALID')).toBe(true);
  });
});
