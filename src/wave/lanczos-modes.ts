/**
 * The lowest eigenmodes of a wave graph's Laplacian by the Lanczos method (D13, issue 4): the
 * fast path for the injection firewall, which needs a handful of the smoothest modes of every
 * recall neighbourhood (power iteration, laplacian-modes.ts, took seconds on 1,024 nodes because
 * it converges at the ratio of neighbouring eigenvalues, and those cluster near 0).
 *
 * Lanczos builds an orthonormal basis Q of the Krylov space {q, Lq, L²q, …} of size m, in which
 * L is the tridiagonal T = QᵀLQ; the eigenpairs (θ, y) of T give Ritz pairs (θ, Qy) that
 * converge first at the ends of the spectrum. We keep full reorthogonalization (each new basis
 * vector is orthogonalized twice against all earlier ones: m²·n work, negligible at m ≤ 128),
 * which prevents the ghost eigenvalues plain Lanczos produces in floating point. When the
 * Krylov space closes early (an invariant subspace: at once from the constant start vector, or
 * on a disconnected graph), the next basis
 * vector is a fresh random vector orthogonal to Q, so the basis always reaches m vectors.
 * With m = n the result is exact; with m < n the returned vectors are orthonormal and smooth,
 * with Ritz values that are upper bounds on the true lowest eigenvalues. The tridiagonal
 * eigenproblem is solved by core's Jacobi method. Pure: the start vectors come from a seed.
 */
import { assert, limits, packedUpperIndex, symmetricEigen, Xoshiro256pp } from '../core/index.ts';
import { laplacianTimes, type LaplacianMode } from './laplacian-modes.ts';
import type { WaveGraph } from './wave-graph.ts';

/** Options for {@link lanczosLowestModes}. */
export interface LanczosOptions {
  /** Krylov basis size m, count..limits.lanczosBasisMax. @default min(n, max(3·count, 24), lanczosBasisMax): about 5 ms for 8 modes of 1,024 nodes */
  readonly basisSize?: number;
  /** Seed of the start vectors. @default 1 */
  readonly seed?: number;
}

/**
 * The `count` lowest Ritz pairs of the graph's Laplacian, ascending by value, unit vectors.
 * @param graph - the graph (≥ count nodes)
 * @param count - modes wanted, ≤ limits.firewallModesMax
 * @param options - basis size and seed
 */
export function lanczosLowestModes(graph: WaveGraph, count: number, options: LanczosOptions = {}): LaplacianMode[] {
  const n = graph.nodeCount;
  assert(Number.isInteger(count) && count >= 0 && count <= limits.firewallModesMax && count <= n, 'mode count within limits');
  if (count === 0) return [];
  const m = options.basisSize ?? Math.min(n, Math.max(3 * count, 24), limits.lanczosBasisMax);
  assert(Number.isInteger(m) && m >= count && m <= n && m <= limits.lanczosBasisMax, 'basis size within limits');
  const rng = Xoshiro256pp.fromSeed(options.seed ?? 1);
  const basis: Float64Array[] = [];
  const diagonal = new Float64Array(m);
  const offDiagonal = new Float64Array(m); // offDiagonal[j] couples basis j and j + 1
  // The constant field is an exact null mode of every graph Laplacian: starting there makes the
  // constant mode exact (the Krylov space closes at once and restarts in its complement).
  let next: Float64Array = new Float64Array(n).fill(1 / Math.sqrt(n));
  for (let j = 0; j < m; j++) {
    basis.push(next);
    const w = laplacianTimes(graph, next);
    diagonal[j] = dot(next, w);
    orthogonalizeTwice(w, basis);
    if (j === m - 1) break;
    const norm = Math.sqrt(dot(w, w));
    if (norm > 1e-10 * (Math.abs(diagonal[j]!) + 1)) {
      offDiagonal[j] = norm;
      next = w.map((x) => x / norm);
    } else {
      offDiagonal[j] = 0; // the Krylov space closed: restart in its complement
      next = randomUnitOrthogonal(n, basis, rng);
    }
  }
  return ritzPairs(graph, { basis, diagonal, offDiagonal }, count);
}

/** The Lanczos basis Q and the tridiagonal T = QᵀLQ. */
interface KrylovBasis {
  readonly basis: readonly Float64Array[];
  readonly diagonal: Float64Array;
  readonly offDiagonal: Float64Array;
}

/** The `count` smallest eigenpairs of the tridiagonal T, lifted back through the basis. */
function ritzPairs(graph: WaveGraph, krylov: KrylovBasis, count: number): LaplacianMode[] {
  const { basis, diagonal, offDiagonal } = krylov;
  const m = basis.length;
  const packed = new Float64Array((m * (m + 1)) / 2);
  for (let j = 0; j < m; j++) {
    packed[packedUpperIndex(m, j, j)] = diagonal[j]!;
    if (j + 1 < m) packed[packedUpperIndex(m, j, j + 1)] = offDiagonal[j]!;
  }
  const { vectors } = symmetricEigen(packed);
  const n = basis[0]!.length;
  const modes: LaplacianMode[] = [];
  for (let k = 0; k < count; k++) {
    const vector = new Float64Array(n);
    for (let j = 0; j < m; j++) {
      const y = vectors[j * m + k]!;
      const q = basis[j]!;
      for (let i = 0; i < n; i++) vector[i] = vector[i]! + y * q[i]!;
    }
    const norm = Math.sqrt(dot(vector, vector));
    for (let i = 0; i < n; i++) vector[i] = vector[i]! / norm;
    modes.push({ value: dot(vector, laplacianTimes(graph, vector)), vector });
  }
  return modes;
}

function randomUnitOrthogonal(n: number, basis: readonly Float64Array[], rng: Xoshiro256pp): Float64Array {
  // A random vector has a component outside any proper subspace with probability 1; the
  // attempts limit turns the impossible case into a failed assertion instead of a hang.
  for (let attempt = 0; attempt < limits.lanczosRestartsMax; attempt++) {
    const x = Float64Array.from({ length: n }, () => rng.nextFloat64() - 0.5);
    orthogonalizeTwice(x, basis);
    const norm = Math.sqrt(dot(x, x));
    if (norm > 1e-8) return x.map((v) => v / norm);
  }
  assert(false, 'a random vector leaves the Krylov basis');
}

/** Classical Gram–Schmidt against every basis vector, done twice ("twice is enough"). */
function orthogonalizeTwice(x: Float64Array, basis: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      const projection = dot(x, q);
      for (let i = 0; i < x.length; i++) x[i] = x[i]! - projection * q[i]!;
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
