import { describe, expect, test } from 'vitest';
import { edgeWeight, laplacianBound, waveGraph, waveGraphFromEdgeArrays } from './wave-graph.ts';
import { randomKnnWaveGraph, ringWaveGraph } from './test-graphs.ts';

describe('wave graph', () => {
  test('waveGraph() stores each edge in both rows with the same weight', () => {
    const graph = waveGraph(3, [{ a: 0, b: 1, distance: 0.1 }, { a: 1, b: 2, distance: 0.2 }], { sigma: 0.1 });
    expect(Array.from(graph.rowStart)).toEqual([0, 1, 3, 4]);
    expect(Array.from(graph.neighbour)).toEqual([1, 0, 2, 1]);
    expect(graph.weight[0]).toBeCloseTo(Math.exp(-1), 15);
    expect(graph.degree[1]).toBeCloseTo(Math.exp(-1) + Math.exp(-4), 15);
  });

  test('edgeWeight() is 1 at distance 0 and decreases with distance', () => {
    expect(edgeWeight(0, 0.3)).toBe(1);
    expect(edgeWeight(0.3, 0.3)).toBeLessThan(edgeWeight(0.1, 0.3));
  });

  test('waveGraph() rejects self-loops and out-of-range ends', () => {
    expect(() => waveGraph(2, [{ a: 1, b: 1, distance: 0.1 }])).toThrow(/distinct/);
    expect(() => waveGraph(2, [{ a: 0, b: 2, distance: 0.1 }])).toThrow(/distinct/);
  });

  test('waveGraphFromEdgeArrays() builds what waveGraph() builds from the same edges, and checks the arrays', () => {
    const edges = [{ a: 0, b: 2, distance: 0.3 }, { a: 2, b: 1, distance: 0.1 }, { a: 3, b: 0, distance: 0.2 }];
    const arrays = { a: Int32Array.of(0, 2, 3), b: Int32Array.of(2, 1, 0), distance: Float64Array.of(0.3, 0.1, 0.2) };
    expect(waveGraphFromEdgeArrays(4, arrays)).toEqual(waveGraph(4, edges));
    expect(() => waveGraphFromEdgeArrays(4, { ...arrays, distance: Float64Array.of(0.3) })).toThrow(/one entry per edge/);
    expect(() => waveGraph(4, [{ a: 0.5, b: 1, distance: 0.1 }])).toThrow(/node indices/);
  });

  test('ringWaveGraph() has degree 2 everywhere and Laplacian bound 4', () => {
    const ring = ringWaveGraph(10);
    expect(Array.from(ring.degree).every((d) => Math.abs(d - 2) < 1e-9)).toBe(true);
    expect(laplacianBound(ring)).toBeCloseTo(4, 9);
  });

  test('randomKnnWaveGraph() is symmetric with every node linked', () => {
    const graph = randomKnnWaveGraph(200, { k: 8, seed: 3 });
    for (let i = 0; i < graph.nodeCount; i++) {
      expect(graph.rowStart[i + 1]! - graph.rowStart[i]!).toBeGreaterThanOrEqual(8);
      for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) {
        const j = graph.neighbour[e]!;
        const back = graph.neighbour.subarray(graph.rowStart[j]!, graph.rowStart[j + 1]!);
        expect(back.includes(i)).toBe(true);
      }
    }
  });
});
