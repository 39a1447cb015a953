/**
 * Goal: the identity field's steady state biases a whole graph as §6.3.3 says: nodes near the
 * self-concept get more resonance and shorter edges along g_tt; strength 0 changes nothing
 * but the edge rule; the relaxation reaches the filter's fixed point.
 * Method: a random k-NN graph on T⁹ with an anchor at one node's cell.
 */
import { describe, expect, test } from 'vitest';
import { identityMetric, metricEntries } from '../manifold/index.ts';
import { identityBiasedGraph } from './identity-bias.ts';
import { randomKnnWaveGraph } from './test-graphs.ts';

const graph = randomKnnWaveGraph(120, { k: 8, seed: 3 });

/** Spread-out cells for the graph's nodes (the field only needs positions), identity metrics, r = 0. */
function inputFor(strength: number) {
  const coords = Array.from({ length: graph.nodeCount }, (_, i) => Uint16Array.from({ length: 9 }, (_, d) => ((i * 97 + d * 1301) * 37) % 16384));
  const metrics = new Float32Array(graph.nodeCount * metricEntries);
  for (let i = 0; i < graph.nodeCount; i++) metrics.set(identityMetric(), i * metricEntries);
  const input = { graph, sigma: 0.5, coords, metrics, resonance: new Float64Array(graph.nodeCount) };
  return { input, settings: { anchors: [{ coord: coords[0]!, weight: 1 }], strength } };
}

describe('identityBiasedGraph', () => {
  test('identityBiasedGraph() raises resonance near the anchor and nowhere beyond 1', () => {
    const { input, settings } = inputFor(1);
    const biased = identityBiasedGraph(input, settings);
    expect(biased.field[0]).toBeCloseTo(1, 12);
    expect(biased.resonance[0]).toBeCloseTo(0.1, 12); // γ_damping·Φ once, not 90 times
    for (let i = 0; i < graph.nodeCount; i++) {
      expect(biased.resonance[i]).toBe(biased.field[i]! > 0.1 ? 0.1 * biased.field[i]! : 0);
    }
  });

  test('identityBiasedGraph() makes edges at the anchor heavier than with strength 0', () => {
    const on = identityBiasedGraph(inputFor(20).input, inputFor(20).settings);
    const off = identityBiasedGraph(inputFor(0).input, inputFor(0).settings);
    let heavier = 0;
    for (let e = graph.rowStart[0]!; e < graph.rowStart[1]!; e++) if (on.graph.weight[e]! > off.graph.weight[e]!) heavier++;
    expect(heavier).toBe(graph.rowStart[1]! - graph.rowStart[0]!); // a contracted g_tt shortens every edge with a t component
    expect(off.resonance.every((r) => r === 0)).toBe(true);
  });

  test('identityBiasedGraph() with strength 0 measures every edge by the mean rule and keeps symmetry', () => {
    const { input, settings } = inputFor(0);
    const biased = identityBiasedGraph(input, settings);
    for (let i = 0; i < graph.nodeCount; i++) {
      let sum = 0;
      for (let e = graph.rowStart[i]!; e < graph.rowStart[i + 1]!; e++) sum += biased.graph.weight[e]!;
      expect(biased.graph.degree[i]).toBeCloseTo(sum, 12);
    }
  });
});
