/**
 * The manifold as a k-nearest-neighbour graph (D2): each node keeps its k nearest nodes by
 * torus geodesic distance under its own metric (so the relation is directed: a's list uses
 * g_a, b's list uses g_b). Maintenance is incremental and pure: the caller gathers candidate
 * nodes (a Hilbert-key range scan around the new node plus dense-search hits) and writes back
 * the lists these functions return. Lists are sorted by distance, ties by id, so the graph is
 * the same whatever order the candidates come in.
 */
import { assert, limits, type NodeId } from '../core/index.ts';
import { torusDistance } from './torus-distance.ts';
import type { NodeMetric } from './node-metric.ts';
import type { TorusCoord } from './torus-coord.ts';

/** The default number of neighbours per node: the spec's 18 axial neighbours. */
export const knnNeighboursDefault = 18;

/** A node as the graph sees it. */
export interface KnnPoint {
  readonly id: NodeId;
  readonly coord: TorusCoord;
  /** The node's metric; omitted means the identity. */
  readonly metric?: NodeMetric;
}

/** One edge of a neighbour list. */
export interface Neighbour {
  readonly id: NodeId;
  /** Geodesic distance under the list owner's metric. */
  readonly distance: number;
}

/** A node with its current neighbour list (sorted, at most k entries). */
export interface KnnNode extends KnnPoint {
  readonly neighbours: readonly Neighbour[];
}

/** A changed neighbour list to write back. */
export interface NeighbourListUpdate {
  readonly id: NodeId;
  /** The new list, sorted, at most k entries. */
  readonly neighbours: readonly Neighbour[];
  readonly added: readonly NodeId[];
  readonly dropped: readonly NodeId[];
}

/** Options for the graph functions. */
export interface KnnOptions {
  /** Neighbours per node, 1..limits.knnNeighboursMax. @default 18 */
  readonly k?: number;
}

/**
 * The k nearest candidates of `point` under its metric, excluding itself and duplicate ids.
 * @param point - the node whose list is built
 * @param candidates - any nodes; order does not matter
 * @param options - k
 * @returns at most k neighbours, nearest first
 */
export function nearestNeighbours(point: KnnPoint, candidates: readonly KnnPoint[], options: KnnOptions = {}): Neighbour[] {
  const k = neighbourCount(options);
  const seen = new Set<NodeId>([point.id]);
  const all: Neighbour[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    all.push({ id: candidate.id, distance: torusDistance(point.coord, candidate.coord, point.metric) });
  }
  return all.sort(compareNeighbours).slice(0, k);
}

/**
 * Adds a node to the graph: its own list, and the lists of candidates it enters.
 * @param node - the new node
 * @param candidates - existing nodes with their lists (the new node's would-be neighbours)
 * @param options - k
 * @returns the new node's list and one update per candidate whose list changed
 */
export function insertNode(
  node: KnnPoint,
  candidates: readonly KnnNode[],
  options: KnnOptions = {},
): { neighbours: Neighbour[]; updates: NeighbourListUpdate[] } {
  const k = neighbourCount(options);
  const neighbours = nearestNeighbours(node, candidates, { k });
  const updates: NeighbourListUpdate[] = [];
  const done = new Set<NodeId>([node.id]);
  for (const candidate of candidates) {
    if (done.has(candidate.id)) continue;
    done.add(candidate.id);
    const entry = { id: node.id, distance: torusDistance(candidate.coord, node.coord, candidate.metric) };
    const kept = candidate.neighbours.filter((n) => n.id !== node.id);
    const merged = [...kept, entry].sort(compareNeighbours).slice(0, k);
    if (!merged.includes(entry)) continue;
    const dropped = kept.filter((n) => !merged.includes(n)).map((n) => n.id);
    updates.push({ id: candidate.id, neighbours: merged, added: [node.id], dropped });
  }
  return { neighbours, updates };
}

/**
 * Removes a node: every holder (a node listing it) drops it and refills from `replacements`.
 * A good replacement pool is the removed node's own neighbours plus the holders themselves.
 * @param removedId - the node leaving the graph
 * @param holders - nodes whose lists may contain it (others are ignored)
 * @param options - k and the replacement candidates
 * @returns one update per holder whose list changed
 */
export function removeNode(
  removedId: NodeId,
  holders: readonly KnnNode[],
  options: KnnOptions & { readonly replacements: readonly KnnPoint[] },
): NeighbourListUpdate[] {
  const k = neighbourCount(options);
  const updates: NeighbourListUpdate[] = [];
  for (const holder of holders) {
    if (holder.id === removedId || !holder.neighbours.some((n) => n.id === removedId)) continue;
    const kept = holder.neighbours.filter((n) => n.id !== removedId);
    const present = new Set<NodeId>([holder.id, removedId, ...kept.map((n) => n.id)]);
    const pool = options.replacements.filter((p) => !present.has(p.id));
    const fill = nearestNeighbours(holder, pool, { k: k - Math.min(k, kept.length) });
    const neighbours = [...kept, ...fill].sort(compareNeighbours).slice(0, k);
    updates.push({ id: holder.id, neighbours, added: fill.map((n) => n.id), dropped: [removedId] });
  }
  return updates;
}

/**
 * The undirected edges of a graph, for the Laplacian: a–b is an edge when either lists the
 * other, with the shorter of the two recorded distances.
 * @param nodes - nodes with their lists
 * @returns one entry per edge, `a < b`, sorted by (a, b)
 */
export function undirectedEdges(nodes: readonly KnnNode[]): { a: NodeId; b: NodeId; distance: number }[] {
  const edges = new Map<string, { a: NodeId; b: NodeId; distance: number }>();
  for (const node of nodes) {
    for (const neighbour of node.neighbours) {
      const [a, b] = node.id < neighbour.id ? [node.id, neighbour.id] : [neighbour.id, node.id];
      const key = `${a}\u0000${b}`;
      const known = edges.get(key);
      if (known === undefined || neighbour.distance < known.distance) edges.set(key, { a, b, distance: neighbour.distance });
    }
  }
  return [...edges.values()].sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
}

/** Orders neighbours by distance, then id, so lists never depend on input order. */
export function compareNeighbours(x: Neighbour, y: Neighbour): number {
  if (x.distance !== y.distance) return x.distance - y.distance;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

function neighbourCount(options: KnnOptions): number {
  const k = options.k ?? knnNeighboursDefault;
  assert(Number.isInteger(k) && k >= 0 && k <= limits.knnNeighboursMax, 'k in 0..knnNeighboursMax');
  return k;
}
