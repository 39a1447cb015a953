/**
 * The graph waves propagate on (D2): the undirected k-NN graph of the manifold in compressed
 * sparse row form, with Laplacian weights from torus geodesic distance. L = D − W, so
 * (Lψ)ᵢ = Σⱼ wᵢⱼ(ψᵢ − ψⱼ) and ⟨ψ, Lψ⟩ = Σ_{edges} wᵢⱼ|ψᵢ − ψⱼ|² ≥ 0.
 *
 * Weight function: wᵢⱼ = exp(−dᵢⱼ²/σ²), with σ the RMS edge length of the graph unless given.
 * Chosen over 1/d² because it is bounded (0 < w ≤ 1): two colliding nodes (d → 0) cannot make
 * the Laplacian arbitrarily stiff, so the stable time step depends on node degree only
 * (λ_max(L) ≤ 2·maxᵢ Σⱼ wᵢⱼ ≤ 2·max degree, Gershgorin), and a scale-free σ makes the weights
 * independent of how densely the torus is populated.
 */
import { assert, limits, type NodeId } from '../core/index.ts';
import { undirectedEdges, type KnnNode } from '../manifold/index.ts';

/** One undirected edge between node indices with its geodesic distance. */
export interface WaveEdge {
  readonly a: number;
  readonly b: number;
  /** Torus geodesic distance (unit torus, ≥ 0). */
  readonly distance: number;
}

/** The weighted graph in CSR form. Invariant: symmetric, no self-loops, weights in (0, 1]. */
export interface WaveGraph {
  readonly nodeCount: number;
  /** Row i's edges are rowStart[i] .. rowStart[i+1]−1 (nodeCount + 1 entries). */
  readonly rowStart: Int32Array;
  /** Neighbour index of each directed edge. */
  readonly neighbour: Int32Array;
  /** Laplacian weight of each directed edge. */
  readonly weight: Float64Array;
  /** Weighted degree Σⱼ wᵢⱼ of each node (the Laplacian's diagonal). */
  readonly degree: Float64Array;
}

/** Options for building a graph. */
export interface WaveGraphOptions {
  /** Length scale σ of the weight function; @default the RMS edge distance (1 with no edges) */
  readonly sigma?: number;
}

/**
 * The Laplacian weight of an edge: exp(−d²/σ²).
 * @param distance - geodesic distance d ≥ 0
 * @param sigma - length scale σ > 0
 */
export function edgeWeight(distance: number, sigma: number): number {
  return Math.exp(-(distance * distance) / (sigma * sigma));
}

/** Undirected edges as parallel typed arrays: large graphs without one object per edge. */
export interface WaveEdgeArrays {
  /** First end of each edge (node index). */
  readonly a: Int32Array;
  /** Second end of each edge (node index), ≠ a. */
  readonly b: Int32Array;
  /** Torus geodesic distance of each edge (unit torus, ≥ 0). */
  readonly distance: Float64Array;
}

/**
 * Builds the CSR graph from undirected edges between indices 0..nodeCount−1.
 * @param nodeCount - nodes, ≤ limits.waveNodesMax
 * @param edges - each pair once, a ≠ b
 * @param options - sigma
 */
export function waveGraph(nodeCount: number, edges: readonly WaveEdge[], options: WaveGraphOptions = {}): WaveGraph {
  assert(2 * edges.length <= limits.waveEdgesMax, 'edge count within limits');
  const arrays: WaveEdgeArrays = { a: new Int32Array(edges.length), b: new Int32Array(edges.length), distance: new Float64Array(edges.length) };
  edges.forEach(({ a, b, distance }, e) => {
    arrays.a[e] = a; arrays.b[e] = b; arrays.distance[e] = distance;
    assert(arrays.a[e] === a && arrays.b[e] === b, 'edge ends are node indices');
  });
  return waveGraphFromEdgeArrays(nodeCount, arrays, options);
}

/**
 * Builds the CSR graph from edges held in typed arrays (the same graph {@link waveGraph}
 * builds from the same edges in the same order, bit for bit).
 * @param nodeCount - nodes, ≤ limits.waveNodesMax
 * @param edges - each pair once, a ≠ b; the three arrays have one entry per edge
 * @param options - sigma
 */
export function waveGraphFromEdgeArrays(nodeCount: number, edges: WaveEdgeArrays, options: WaveGraphOptions = {}): WaveGraph {
  const edgeCount = edges.a.length;
  assert(Number.isInteger(nodeCount) && nodeCount >= 0 && nodeCount <= limits.waveNodesMax, 'node count within limits');
  assert(2 * edgeCount <= limits.waveEdgesMax, 'edge count within limits');
  assert(edges.b.length === edgeCount && edges.distance.length === edgeCount, 'one entry per edge in each array');
  const sigma = options.sigma ?? rmsDistance(edges.distance);
  assert(sigma > 0 && Number.isFinite(sigma), 'sigma is positive');
  const rowStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    const a = edges.a[e]!, b = edges.b[e]!;
    assert(a !== b && a >= 0 && b >= 0 && a < nodeCount && b < nodeCount, 'edge ends are distinct node indices');
    rowStart[a + 1]!++;
    rowStart[b + 1]!++;
  }
  for (let i = 0; i < nodeCount; i++) rowStart[i + 1] = rowStart[i + 1]! + rowStart[i]!;
  const fill = rowStart.slice(0, nodeCount);
  const neighbour = new Int32Array(2 * edgeCount);
  const weight = new Float64Array(2 * edgeCount);
  const degree = new Float64Array(nodeCount);
  for (let e = 0; e < edgeCount; e++) {
    const a = edges.a[e]!, b = edges.b[e]!;
    const w = edgeWeight(edges.distance[e]!, sigma);
    neighbour[fill[a]!] = b; weight[fill[a]!++] = w;
    neighbour[fill[b]!] = a; weight[fill[b]!++] = w;
    degree[a] = degree[a]! + w;
    degree[b] = degree[b]! + w;
  }
  return { nodeCount, rowStart, neighbour, weight, degree };
}

/**
 * Builds the graph of manifold nodes from their k-NN lists (an edge when either lists the other).
 * @param nodes - nodes with neighbour lists; neighbours outside `nodes` are ignored
 * @param options - sigma
 * @returns the graph and the node id of each index
 */
export function waveGraphFromKnn(nodes: readonly KnnNode[], options: WaveGraphOptions = {}): { graph: WaveGraph; ids: NodeId[] } {
  const ids = nodes.map((node) => node.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges: WaveEdge[] = [];
  for (const edge of undirectedEdges(nodes)) {
    const a = index.get(edge.a), b = index.get(edge.b);
    if (a !== undefined && b !== undefined) edges.push({ a, b, distance: edge.distance });
  }
  return { graph: waveGraph(nodes.length, edges, options), ids };
}

/**
 * Gershgorin bound on the Laplacian's largest eigenvalue: 2·maxᵢ degreeᵢ.
 * @param graph - the graph
 */
export function laplacianBound(graph: WaveGraph): number {
  let max = 0;
  for (let i = 0; i < graph.nodeCount; i++) max = Math.max(max, graph.degree[i]!);
  return 2 * max;
}

function rmsDistance(distances: Float64Array): number {
  if (distances.length === 0) return 1;
  let sum = 0;
  for (let e = 0; e < distances.length; e++) sum += distances[e]! * distances[e]!;
  return Math.sqrt(sum / distances.length) || 1;
}
