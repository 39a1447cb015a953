/**
 * Goal: frontier identification finds thin coverage beside a dense cluster and fast metric
 * change, not plain sparse or plain dense areas. Method: synthetic manifolds on T⁹ with a
 * brute-force k-NN graph (k = 8, identity metric distances).
 */
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../core/index.ts';
import { findFrontier, frontierScores, type FrontierInput } from './frontier.ts';

interface Cloud {
  readonly positions: number[][];
  readonly metrics: Float32Array;
  readonly energies: Float64Array;
}

function identityMetrics(n: number, scale = 1): Float32Array {
  const metrics = new Float32Array(45 * n);
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let row = 0; row < 9; row++) for (let column = row; column < 9; column++, k++) if (row === column) metrics[45 * i + k] = scale;
  }
  return metrics;
}

function wrapped(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let d = 0; d < 9; d++) {
    const delta = a[d]! - b[d]!;
    sum += (delta - Math.round(delta)) ** 2;
  }
  return Math.sqrt(sum);
}

/** The frontier input of a cloud: coordinates, and k-NN lists by brute force. */
function manifold(cloud: Cloud, k = 8): FrontierInput {
  const n = cloud.positions.length;
  const coords = new Uint16Array(9 * n);
  cloud.positions.forEach((p, i) => p.forEach((x, d) => (coords[9 * i + d] = Math.floor((x - Math.floor(x)) * 16384) % 16384)));
  const rowStart = new Int32Array(n + 1);
  const index: number[] = [];
  const distance: number[] = [];
  for (let i = 0; i < n; i++) {
    const nearest = cloud.positions.map((p, j) => ({ j, d: wrapped(cloud.positions[i]!, p) })).filter((x) => x.j !== i)
      .sort((a, b) => a.d - b.d || a.j - b.j).slice(0, k);
    for (const { j, d } of nearest) {
      index.push(j);
      distance.push(d);
    }
    rowStart[i + 1] = index.length;
  }
  return { coords, metrics: cloud.metrics, energies: cloud.energies, rowStart, index: Int32Array.from(index), distance: Float64Array.from(distance) };
}

function around(centre: readonly number[], sigma: number, rng: Xoshiro256pp): number[] {
  return centre.map((c) => c + sigma * rng.nextGaussian());
}

/** 300 dense nodes round c, 12 thin nodes on a shell 0.06 away, 200 uniform background nodes. */
function thinBesideDense(seed: number): { cloud: Cloud; thin: Set<number> } {
  const rng = Xoshiro256pp.fromSeed(seed);
  const centre = new Array<number>(9).fill(0.3);
  const positions: number[][] = [];
  for (let i = 0; i < 300; i++) positions.push(around(centre, 0.004, rng));
  const thin = new Set<number>();
  for (let i = 0; i < 12; i++) {
    const direction = around(new Array<number>(9).fill(0), 1, rng);
    const norm = Math.hypot(...direction);
    thin.add(positions.length);
    positions.push(centre.map((c, d) => c + (0.06 * direction[d]!) / norm));
  }
  for (let i = 0; i < 200; i++) positions.push(Array.from({ length: 9 }, () => rng.nextFloat64()));
  const n = positions.length;
  return { cloud: { positions, metrics: identityMetrics(n), energies: new Float64Array(n).fill(1) }, thin };
}

describe('findFrontier()', () => {
  test('findFrontier() puts thin coverage beside a dense cluster first', () => {
    const { cloud, thin } = thinBesideDense(1);
    const [best] = findFrontier(manifold(cloud), { regionsMax: 3, regionNodesMax: 16 });
    const inThin = best!.nodes.filter((i) => thin.has(i)).length;
    expect(inThin / best!.nodes.length).toBeGreaterThan(0.5);
    expect(best!.contrast).toBeGreaterThan(best!.gradient);
    // The cluster it borders is the dense one.
    expect(best!.borderNodes.every((i) => i < 300)).toBe(true);
  });

  test('frontierScores() gives thin nodes by the dense cluster more contrast than the background', () => {
    const { cloud, thin } = thinBesideDense(2);
    const scores = frontierScores(manifold(cloud));
    const mean = (from: number, to: number): number => scores.contrast.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    const thinMean = [...thin].reduce((sum, i) => sum + scores.contrast[i]!, 0) / thin.size;
    expect(thinMean).toBeGreaterThan(3 * mean(312, 512));
    expect(thinMean).toBeGreaterThan(3 * mean(0, 300));
  });

  test('findFrontier() finds where the metric changes fast', () => {
    // An even cloud; nodes with x₀ ≥ 0.5 have g = 4·I, the rest the identity.
    const rng = Xoshiro256pp.fromSeed(3);
    const positions: number[][] = [];
    for (let i = 0; i < 400; i++) positions.push([0.3 + 0.4 * rng.nextFloat64(), ...Array.from({ length: 8 }, () => 0.5 + 0.05 * rng.nextFloat64())]);
    const metrics = identityMetrics(400);
    const warped = identityMetrics(1, 4);
    positions.forEach((p, i) => { if (p[0]! >= 0.5) metrics.set(warped, 45 * i); });
    const [best] = findFrontier(manifold({ positions, metrics, energies: new Float64Array(400).fill(1) }));
    expect(best!.gradient).toBeGreaterThan(best!.contrast);
    for (const i of best!.nodes) expect(Math.abs(positions[i]![0]! - 0.5)).toBeLessThan(0.1);
  });

  test('findFrontier() prefers the quieter of two equal frontiers', () => {
    const { cloud, thin } = thinBesideDense(4);
    const energies = new Float64Array(cloud.energies.length).fill(1);
    for (const i of thin) energies[i] = 50;
    const [best] = findFrontier(manifold({ ...cloud, energies }), { regionsMax: 1 });
    expect(best!.nodes.filter((i) => thin.has(i)).length).toBeLessThan(best!.nodes.length / 2);
  });

  test('findFrontier() merges every region when the merge distance spans the torus', () => {
    const { cloud } = thinBesideDense(5);
    const input = manifold(cloud);
    expect(findFrontier(input, { regionsMax: 5, mergeDistance: 1.5 })).toHaveLength(1);
    expect(findFrontier(input, { regionsMax: 5, mergeDistance: 0 }).length).toBeGreaterThan(1);
  });

  test('findFrontier() returns nothing when no node scores', () => {
    const positions = [[0.1, 0, 0, 0, 0, 0, 0, 0, 0], [0.2, 0, 0, 0, 0, 0, 0, 0, 0]];
    const input = manifold({ positions, metrics: identityMetrics(2), energies: new Float64Array(2) }, 1);
    expect(findFrontier(input)).toEqual([]);
  });
});
