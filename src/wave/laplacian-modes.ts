/**
 * Eigenmodes of a wave graph's Laplacian L = D − W by power iteration (D13, issue 4): the top
 * mode (largest eigenvalue: the Dojo's resonance attack drives it) and the lowest modes (the
 * smoothest fields, which Laplacian coupling damps least: the injection firewall attenuates
 * along them). Lowest modes iterate on the shifted operator (b·I − L), b = the Gershgorin bound,
 * whose dominant eigenvectors are L's smallest, deflating (Gram–Schmidt) against modes already
 * found. Power iteration converges at the ratio of neighbouring eigenvalues, which is slow for
 * large graphs; Lanczos would be the upgrade, and the sweep count is capped by
 * limits.powerIterationsMax either way. Degenerate eigenvalues give some vector of the
 * eigenspace, which is all the callers need. Pure: the start vector comes from a seed.
 */
import { assert, limits, Xoshiro256pp } from '../core/index.ts';
import { laplacianBound, type WaveGraph } from './wave-graph.ts';

/** One eigenpair: L·vector ≈ value·vector, ‖vector‖₂ = 1. */
export interface LaplacianMode {
  readonly value: number;
  readonly vector: Float64Array;
}

/** Options for the mode finders. */
export interface LaplacianModeOptions {
  /** Seed of the start vector. @default 1 */
  readonly seed?: number;
  /** Sweeps per mode, ≤ limits.powerIterationsMax. @default limits.powerIterationsMax */
  readonly iterations?: number;
  /** Stop when the Rayleigh quotient moves less than this (relative to b). @default 1e-12 */
  readonly tolerance?: number;
}

/**
 * The Laplacian's top mode (largest eigenvalue).
 * @param graph - the graph (≥ 1 node)
 * @param options - seed, iteration cap, tolerance
 */
export function topLaplacianMode(graph: WaveGraph, options: LaplacianModeOptions = {}): LaplacianMode {
  return powerMode(graph, options, 0, []);
}

/**
 * The `count` lowest Laplacian modes, ascending by eigenvalue (the first is the constant field
 * of eigenvalue 0 on a connected graph).
 * @param graph - the graph (≥ count nodes)
 * @param count - modes wanted, ≤ limits.firewallModesMax
 * @param options - seed, iteration cap, tolerance
 */
export function lowestLaplacianModes(graph: WaveGraph, count: number, options: LaplacianModeOptions = {}): LaplacianMode[] {
  assert(Number.isInteger(count) && count >= 0 && count <= limits.firewallModesMax && count <= graph.nodeCount, 'mode count within limits');
  const shift = laplacianBound(graph) || 1;
  const modes: LaplacianMode[] = [];
  for (let k = 0; k < count; k++) modes.push(powerMode(graph, { ...options, seed: (options.seed ?? 1) + k }, shift, modes));
  return modes;
}

/**
 * y = L·x.
 * @param graph - the graph
 * @param x - a field, one entry per node
 */
export function laplacianTimes(graph: WaveGraph, x: Float64Array): Float64Array {
  const { rowStart, neighbour, weight, nodeCount } = graph;
  const y = new Float64Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    let sum = 0;
    for (let e = rowStart[i]!, end = rowStart[i + 1]!; e < end; e++) sum += weight[e]! * (x[i]! - x[neighbour[e]!]!);
    y[i] = sum;
  }
  return y;
}

/** Power iteration on (shift·I − L) if shift > 0, else on L, orthogonal to `found`. */
function powerMode(graph: WaveGraph, options: LaplacianModeOptions, shift: number, found: readonly LaplacianMode[]): LaplacianMode {
  assert(graph.nodeCount >= 1, 'a mode needs a node');
  const iterations = options.iterations ?? limits.powerIterationsMax;
  assert(Number.isInteger(iterations) && iterations >= 1 && iterations <= limits.powerIterationsMax, 'iterations within limits');
  const tolerance = (options.tolerance ?? 1e-12) * (shift || laplacianBound(graph) || 1);
  const rng = Xoshiro256pp.fromSeed(options.seed ?? 1);
  let x: Float64Array = Float64Array.from({ length: graph.nodeCount }, () => rng.nextFloat64() - 0.5);
  orthonormalize(x, found);
  let value = Number.NaN;
  for (let sweep = 0; sweep < iterations; sweep++) {
    const lx = laplacianTimes(graph, x);
    const rayleigh = dot(x, lx);
    const y = shift > 0 ? x.map((xi, i) => shift * xi - lx[i]!) : lx;
    if (!orthonormalize(y, found)) break; // x lies in the null space: it is already a mode
    x = y;
    if (Math.abs(rayleigh - value) < tolerance) { value = rayleigh; break; }
    value = rayleigh;
  }
  return { value: dot(x, laplacianTimes(graph, x)), vector: x };
}

/** Removes the components along `found`, then normalizes; false when nothing is left. */
function orthonormalize(x: Float64Array, found: readonly LaplacianMode[]): boolean {
  for (const mode of found) {
    const projection = dot(x, mode.vector);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! - projection * mode.vector[i]!;
  }
  const norm = Math.sqrt(dot(x, x));
  if (!(norm > 1e-300)) return false;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! / norm;
  return true;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
