/**
 * Goal: k-means on T⁹ uses wrapped distances and circular means, so clusters that straddle the
 * seam 0 ≡ 1 are found whole and centred on the seam. Method: seeded Gaussian blobs.
 */
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../core/index.ts';
import { toroidalKMeans, wrappedDistanceSquared } from './toroidal-kmeans.ts';

/** `perBlob` points around each centre (same centre in all 9 dimensions), σ = 0.01. */
function blobs(centres: readonly number[], perBlob: number, seed: number): Uint16Array {
  const rng = Xoshiro256pp.fromSeed(seed);
  const coords = new Uint16Array(9 * centres.length * perBlob);
  for (let i = 0; i < centres.length * perBlob; i++) {
    for (let d = 0; d < 9; d++) {
      const x = centres[i % centres.length]! + 0.01 * rng.nextGaussian();
      coords[9 * i + d] = Math.floor((x - Math.floor(x)) * 16384) % 16384;
    }
  }
  return coords;
}

describe('toroidalKMeans()', () => {
  test('toroidalKMeans() finds blobs whole, the one across the seam included', () => {
    const centres = [0, 0.25, 0.5, 0.75];
    const result = toroidalKMeans(blobs(centres, 50, 1), Xoshiro256pp.fromSeed(2), { clusters: 4 });
    expect(result.converged).toBe(true);
    for (let b = 0; b < 4; b++) {
      const labels = new Set<number>();
      for (let i = b; i < 200; i += 4) labels.add(result.assignment[i]!);
      expect(labels.size).toBe(1);
    }
    expect([...result.sizes].sort()).toEqual([50, 50, 50, 50]);
  });

  test('toroidalKMeans() centres the seam cluster on 0 ≡ 1, not on ½', () => {
    const result = toroidalKMeans(blobs([0, 0.5], 50, 3), Xoshiro256pp.fromSeed(4), { clusters: 2 });
    const seam = result.assignment[0]!;
    const origin = new Float64Array(9);
    expect(wrappedDistanceSquared(result.centroids, seam, origin, 0)).toBeLessThan(9 * 0.005 ** 2);
  });

  test('toroidalKMeans() replays from the seed', () => {
    const coords = blobs([0.1, 0.4, 0.6, 0.9], 30, 5);
    const a = toroidalKMeans(coords, Xoshiro256pp.fromSeed(6), { clusters: 8 });
    const b = toroidalKMeans(coords, Xoshiro256pp.fromSeed(6), { clusters: 8 });
    expect(a).toEqual(b);
  });

  test('toroidalKMeans() makes at most one cluster per point', () => {
    const result = toroidalKMeans(blobs([0.3], 3, 7), Xoshiro256pp.fromSeed(8), { clusters: 64 });
    expect(result.clusterCount).toBe(3);
    expect([...result.sizes]).toEqual([1, 1, 1]);
  });
});

describe('wrappedDistanceSquared()', () => {
  test('wrappedDistanceSquared() measures 0.05 and 0.95 as 0.1 apart per dimension', () => {
    const a = new Float64Array(9).fill(0.05);
    const b = new Float64Array(9).fill(0.95);
    expect(wrappedDistanceSquared(a, 0, b, 0)).toBeCloseTo(9 * 0.01, 12);
  });
});
