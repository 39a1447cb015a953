/**
 * Goal: after plasticity, reweighting only the changed rows gives the same graph as
 * recomputing every edge, keeps the Laplacian symmetric, leaves other weights untouched,
 * and a contracted pair gets a heavier edge. Method: a seeded 40-node k-NN patch of T⁹, a
 * real Hebbian step on a co-activated pair, the metric cache, and a full recompute as the
 * reference.
 */
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp, type NodeId } from '../core/index.ts';
import { coordCells, identityMetric, metricEntries, nearestNeighbours, torusDims, type KnnPoint } from '../manifold/index.ts';
import { hebbianUpdate } from './hebbian-plasticity.ts';
import { MetricCache } from './metric-cache.ts';
import { metricEdgeDistance, reweightWaveGraph } from './metric-edge-weights.ts';
import { edgeWeight, waveGraphFromKnn, type WaveGraph } from './wave-graph.ts';
import { createWaveState } from './wave-state.ts';

const sigma = 0.6;

function patch(): { graph: WaveGraph; coords: Uint16Array[]; metrics: Float32Array } {
  const rng = Xoshiro256pp.fromSeed(3);
  const points: KnnPoint[] = Array.from({ length: 40 }, (_, i) => ({
    id: i.toString(16).padStart(8, '0') as NodeId,
    coord: Uint16Array.from({ length: torusDims }, () => Math.floor(rng.nextFloat64() * coordCells)),
  }));
  const { graph } = waveGraphFromKnn(points.map((p) => ({ ...p, neighbours: nearestNeighbours(p, points, { k: 5 }) })), { sigma });
  const metrics = new Float32Array(40 * metricEntries);
  for (let i = 0; i < 40; i++) metrics.set(identityMetric(), i * metricEntries);
  return { graph, coords: points.map((p) => p.coord), metrics };
}

const all = Array.from({ length: 40 }, (_, i) => i);

/** Weight of directed edge a → b. */
function weightOf(graph: WaveGraph, a: number, b: number): number {
  for (let e = graph.rowStart[a]!; e < graph.rowStart[a + 1]!; e++) if (graph.neighbour[e] === b) return graph.weight[e]!;
  throw new Error(`no edge ${a}-${b}`);
}

/** A plasticity step co-activating node 0 and its first neighbour. */
function contracted(): { graph: WaveGraph; cache: MetricCache; coords: Uint16Array[]; changed: readonly number[]; pair: [number, number] } {
  const { graph, coords, metrics } = patch();
  const cache = new MetricCache(metrics);
  const partner = graph.neighbour[graph.rowStart[0]!]!;
  const state = createWaveState(graph);
  state.psiRe[0] = 1;
  state.psiRe[partner] = 1;
  const step = hebbianUpdate(state, { coords, metrics }, { learningRate: 0.4, elasticity: 0 });
  cache.updateBaseMetrics(step.metrics, step.changed);
  return { graph, cache, coords, changed: step.changed, pair: [0, partner] };
}

describe('metric edge weights', () => {
  test('reweightWaveGraph() under identity metrics reproduces the graph\'s own weights', () => {
    const { graph, coords, metrics } = patch();
    const again = reweightWaveGraph(graph, { coords, cache: new MetricCache(metrics) }, { sigma, changed: all });
    graph.weight.forEach((w, e) => expect(again.weight[e]).toBeCloseTo(w, 12));
  });

  test('reweightWaveGraph() on the changed rows equals a full recompute', () => {
    const { graph, cache, coords, changed } = contracted();
    expect(changed).toHaveLength(2);
    const partial = reweightWaveGraph(graph, { coords, cache }, { sigma, changed });
    const full = reweightWaveGraph(graph, { coords, cache }, { sigma, changed: all });
    expect(Array.from(partial.weight)).toEqual(Array.from(full.weight));
    partial.degree.forEach((d, i) => expect(d).toBeCloseTo(full.degree[i]!, 12));
  });

  test('reweightWaveGraph() leaves edges away from the changed nodes bit for bit', () => {
    const { graph, cache, coords, changed } = contracted();
    const partial = reweightWaveGraph(graph, { coords, cache }, { sigma, changed });
    for (let a = 0; a < graph.nodeCount; a++) {
      for (let e = graph.rowStart[a]!; e < graph.rowStart[a + 1]!; e++) {
        const b = graph.neighbour[e]!;
        if (!changed.includes(a) && !changed.includes(b)) expect(partial.weight[e]).toBe(graph.weight[e]);
      }
    }
    expect(partial.rowStart).toBe(graph.rowStart);
  });

  test('reweightWaveGraph() keeps the weights symmetric and the degrees equal to row sums', () => {
    const { graph, cache, coords, changed } = contracted();
    const partial = reweightWaveGraph(graph, { coords, cache }, { sigma, changed });
    for (let a = 0; a < graph.nodeCount; a++) {
      let sum = 0;
      for (let e = graph.rowStart[a]!; e < graph.rowStart[a + 1]!; e++) {
        sum += partial.weight[e]!;
        expect(weightOf(partial, graph.neighbour[e]!, a)).toBe(partial.weight[e]);
      }
      expect(partial.degree[a]).toBeCloseTo(sum, 12);
    }
  });

  test('reweightWaveGraph() makes a contracted pair\'s edge heavier, at exp(−d²/σ²) of the mean distance', () => {
    const { graph, cache, coords, changed, pair: [a, b] } = contracted();
    const partial = reweightWaveGraph(graph, { coords, cache }, { sigma, changed });
    expect(weightOf(partial, a, b)).toBeGreaterThan(weightOf(graph, a, b));
    const d = 0.5 * (cache.effectiveDistance(a, coords[a]!, coords[b]!) + cache.effectiveDistance(b, coords[a]!, coords[b]!));
    expect(metricEdgeDistance({ coords, cache }, { a, b })).toBe(d);
    expect(weightOf(partial, a, b)).toBe(edgeWeight(d, sigma));
  });
});
