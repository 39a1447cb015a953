/**
 * Exact dense retrieval: cosine similarity of a query embedding against every row of a packed
 * matrix, then top-k. Rows are stored unit-length, so cosine is one dot product per row.
 * Exact search is fast enough for a personal memory (see the benchmark figures in
 * docs/benchmarks.md) and has no recall loss to explain.
 */
import { assert, limits, norm } from '../core/index.ts';
import { topKIndices, type Scored } from './top-k.ts';

/** Unit-length embeddings packed row-major, with their ids. */
export interface DenseMatrix {
  /** Row ids, one per row. */
  readonly ids: readonly string[];
  /** rows × dimensions float32, each row unit length (or zero). */
  readonly vectors: Float32Array;
  /** The embedding width. */
  readonly dimensions: number;
}

/** Options for {@link denseSearch}. */
export interface DenseSearchOptions {
  /** Results to return, 1..limits.recallResultsMax. @default 10 */
  readonly limit?: number;
}

/**
 * Packs embeddings into a {@link DenseMatrix}, normalizing each row.
 * @param rows - id and embedding pairs, all of one width
 */
export function packDenseMatrix(rows: readonly { readonly id: string; readonly embedding: ArrayLike<number> }[]): DenseMatrix {
  const dimensions = rows[0]?.embedding.length ?? 0;
  const vectors = new Float32Array(rows.length * dimensions);
  rows.forEach((row, r) => {
    assert(row.embedding.length === dimensions, 'every row has the same width');
    const length = norm(row.embedding);
    for (let d = 0; d < dimensions; d++) vectors[r * dimensions + d] = length > 0 ? row.embedding[d]! / length : 0;
  });
  return { ids: rows.map((row) => row.id), vectors, dimensions };
}

/**
 * The rows most similar to `query` by cosine.
 * @param query - an embedding of the matrix's width (any length)
 * @param matrix - the packed rows
 * @param options - the result count
 * @returns up to `limit` rows, best first, with cosine scores in [−1, 1]
 */
export function denseSearch(query: ArrayLike<number>, matrix: DenseMatrix, options: DenseSearchOptions = {}): Scored[] {
  const limit = options.limit ?? 10;
  assert(Number.isInteger(limit) && limit >= 1 && limit <= limits.recallResultsMax, 'limit in range');
  assert(query.length === matrix.dimensions, 'the query width matches the matrix');
  const rows = matrix.ids.length;
  const length = norm(query);
  if (rows === 0 || length === 0) return [];
  const unit = Float32Array.from(query, (x) => x / length);
  const scores = scoreRows(matrix.vectors, unit, rows);
  return topKIndices(scores, matrix.ids, limit).map((r) => ({ id: matrix.ids[r]!, score: scores[r]! }));
}

/**
 * Every row's dot product with `unit`. Monomorphic on Float32Array and unrolled by four:
 * this loop is the whole cost of a dense query.
 */
function scoreRows(vectors: Float32Array, unit: Float32Array, rows: number): Float64Array {
  const d = unit.length;
  const scores = new Float64Array(rows);
  for (let r = 0, offset = 0; r < rows; r++, offset += d) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k + 3 < d; k += 4) {
      s0 += vectors[offset + k]! * unit[k]!;
      s1 += vectors[offset + k + 1]! * unit[k + 1]!;
      s2 += vectors[offset + k + 2]! * unit[k + 2]!;
      s3 += vectors[offset + k + 3]! * unit[k + 3]!;
    }
    for (; k < d; k++) s0 += vectors[offset + k]! * unit[k]!;
    scores[r] = s0 + s1 + s2 + s3;
  }
  return scores;
}
