import { describe, expect, test } from 'vitest';
import { lanczosLowestModes } from './lanczos-modes.ts';
import { laplacianTimes, lowestLaplacianModes } from './laplacian-modes.ts';
import { randomKnnWaveGraph, ringWaveGraph } from './test-graphs.ts';
import { waveGraph } from './wave-graph.ts';

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const residual = (graph: Parameters<typeof laplacianTimes>[0], value: number, vector: Float64Array): number =>
  Math.max(...laplacianTimes(graph, vector).map((y, i) => Math.abs(y - value * vector[i]!)));

describe('lanczosLowestModes', () => {
  test('lanczosLowestModes() with a full basis gives the ring\'s exact lowest eigenpairs', () => {
    const ring = ringWaveGraph(40); // eigenvalues 2 − 2cos(2πk/40)
    const modes = lanczosLowestModes(ring, 5, { basisSize: 40 });
    const expected = [0, 1, 1, 2, 2].map((k) => 2 - 2 * Math.cos((2 * Math.PI * k) / 40));
    modes.forEach((mode, k) => {
      expect(mode.value).toBeCloseTo(expected[k]!, 9);
      expect(residual(ring, mode.value, mode.vector)).toBeLessThan(1e-8);
    });
  });

  test('lanczosLowestModes() returns orthonormal vectors with Ritz values bounding the true ones from above', () => {
    const graph = randomKnnWaveGraph(300, { k: 12, seed: 7 });
    const exact = lanczosLowestModes(graph, 6, { basisSize: 128 });
    const fast = lanczosLowestModes(graph, 6);
    for (let a = 0; a < fast.length; a++) {
      for (let b = 0; b < fast.length; b++) expect(dot(fast[a]!.vector, fast[b]!.vector)).toBeCloseTo(a === b ? 1 : 0, 9);
      expect(fast[a]!.value).toBeGreaterThanOrEqual(exact[a]!.value - 1e-9);
    }
    expect(fast[0]!.value).toBeLessThan(1e-8); // the constant mode converges at once
  });

  test('lanczosLowestModes() agrees with power iteration on the smallest modes', () => {
    const ring = ringWaveGraph(24);
    const lanczos = lanczosLowestModes(ring, 3, { basisSize: 24 });
    const power = lowestLaplacianModes(ring, 3);
    lanczos.forEach((mode, k) => expect(mode.value).toBeCloseTo(power[k]!.value, 6));
  });

  test('lanczosLowestModes() restarts when the Krylov space closes (two disconnected rings)', () => {
    const edges = [...Array.from({ length: 8 }, (_, i) => ({ a: i, b: (i + 1) % 8, distance: 1 })), ...Array.from({ length: 8 }, (_, i) => ({ a: 8 + i, b: 8 + ((i + 1) % 8), distance: 1 }))];
    const graph = waveGraph(16, edges, { sigma: 1e6 });
    const modes = lanczosLowestModes(graph, 2, { basisSize: 16 });
    expect(modes[0]!.value).toBeCloseTo(0, 9);
    expect(modes[1]!.value).toBeCloseTo(0, 9); // one constant mode per component
    expect(residual(graph, modes[1]!.value, modes[1]!.vector)).toBeLessThan(1e-8);
  });

  test('lanczosLowestModes() asserts on a count above the graph', () => {
    expect(() => lanczosLowestModes(ringWaveGraph(4), 5)).toThrow(/mode count/);
  });
});
