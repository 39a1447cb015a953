/**
 * Goal: incremental maintenance gives exactly the brute-force k-NN graph when the caller
 * supplies every node as a candidate. Method: fast-check inserts random points one by one
 * (some with warped diagonal metrics), then compares every list with a from-scratch build;
 * removal is checked the same way.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { NodeId } from '../core/index.ts';
import { insertNode, nearestNeighbours, removeNode, undirectedEdges, type KnnNode, type KnnPoint } from './knn-graph.ts';
import { identityMetric, metricIndex } from './node-metric.ts';

const coordArb = fc.array(fc.integer({ min: 0, max: 16383 }), { minLength: 9, maxLength: 9 }).map((c) => Uint16Array.from(c));
const metricArb = fc.option(fc.array(fc.double({ min: 0.25, max: 4, noNaN: true }), { minLength: 9, maxLength: 9 }).map((diagonal) => {
  const metric = identityMetric();
  diagonal.forEach((g, i) => { metric[metricIndex(i, i)] = g; });
  return metric;
}), { nil: undefined });
const pointsArb = fc.array(fc.tuple(coordArb, metricArb), { minLength: 1, maxLength: 40 }).map((rows) =>
  rows.map(([coord, metric], i): KnnPoint => ({ id: `${i.toString(16).padStart(4, '0')}` as NodeId, coord, ...(metric ? { metric } : {}) })));

function buildIncrementally(points: readonly KnnPoint[], k: number): Map<NodeId, KnnNode> {
  const graph = new Map<NodeId, KnnNode>();
  for (const point of points) {
    const { neighbours, updates } = insertNode(point, [...graph.values()], { k });
    for (const update of updates) graph.set(update.id, { ...graph.get(update.id)!, neighbours: update.neighbours });
    graph.set(point.id, { ...point, neighbours });
  }
  return graph;
}

function at(x: number): Uint16Array {
  return Uint16Array.of(x, 0, 0, 0, 0, 0, 0, 0, 0);
}

describe('knn-graph', () => {
  test('nearestNeighbours() returns the k closest, nearest first, without itself', () => {
    const point = { id: '00' as NodeId, coord: at(0) };
    const candidates = [10, 30, 20, 0, 40].map((x, i) => ({ id: `0${i + 1}` as NodeId, coord: at(x) }));
    expect(nearestNeighbours(point, [point, ...candidates], { k: 3 }).map((n) => n.id)).toEqual(['04', '01', '03']);
  });

  test('insertNode() builds the same graph as a brute-force build', () => {
    fc.assert(fc.property(pointsArb, fc.integer({ min: 1, max: 6 }), (points, k) => {
      const graph = buildIncrementally(points, k);
      for (const point of points) expect(graph.get(point.id)!.neighbours).toEqual(nearestNeighbours(point, points, { k }));
    }), { numRuns: 200 });
  });

  test('insertNode() does not depend on insertion order', () => {
    fc.assert(fc.property(pointsArb, (points) => {
      const forward = buildIncrementally(points, 4);
      const backward = buildIncrementally([...points].reverse(), 4);
      for (const point of points) expect(backward.get(point.id)!.neighbours).toEqual(forward.get(point.id)!.neighbours);
    }), { numRuns: 100 });
  });

  test('removeNode() with every remaining node as replacement restores the brute-force graph', () => {
    fc.assert(fc.property(pointsArb, fc.nat(), (points, pick) => {
      const graph = buildIncrementally(points, 3);
      const removed = points[pick % points.length]!;
      const rest = points.filter((p) => p.id !== removed.id);
      const updates = removeNode(removed.id, [...graph.values()], { k: 3, replacements: rest });
      for (const update of updates) graph.set(update.id, { ...graph.get(update.id)!, neighbours: update.neighbours });
      for (const point of rest) expect(graph.get(point.id)!.neighbours).toEqual(nearestNeighbours(point, rest, { k: 3 }));
    }), { numRuns: 200 });
  });

  test('insertNode() reports what each changed list added and dropped', () => {
    const a: KnnNode = { id: 'aa' as NodeId, coord: at(0), neighbours: [{ id: 'bb' as NodeId, distance: 100 / 16384 }] };
    const { updates } = insertNode({ id: 'cc' as NodeId, coord: at(10) }, [a], { k: 1 });
    expect(updates).toEqual([{ id: 'aa', neighbours: [{ id: 'cc', distance: 10 / 16384 }], added: ['cc'], dropped: ['bb'] }]);
  });

  test('undirectedEdges() joins both directions into one edge with the shorter distance', () => {
    const nodes: KnnNode[] = [
      { id: 'aa' as NodeId, coord: at(0), neighbours: [{ id: 'bb' as NodeId, distance: 2 }] },
      { id: 'bb' as NodeId, coord: at(1), neighbours: [{ id: 'aa' as NodeId, distance: 1 }, { id: 'cc' as NodeId, distance: 3 }] },
    ];
    expect(undirectedEdges(nodes)).toEqual([{ a: 'aa', b: 'bb', distance: 1 }, { a: 'bb', b: 'cc', distance: 3 }]);
  });
});
