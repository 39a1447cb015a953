/**
 * The projective locality mapper (D1, spec §5.3.7): embeddings to points on T⁹ by a
 * Johnson–Lindenstrauss random projection, so that nearby meanings land on nearby points.
 *
 * The 9×D matrix has N(0,1) entries drawn row by row from xoshiro256++ seeded by the home's
 * projection seed, so every machine that opens the home computes the same points. The
 * embedding is normalized first: for a unit vector e and a row r of N(0,1) entries, r·e is
 * N(0,1) over the draw of r whatever D is (the spec divides by √D instead because its
 * embeddings are not unit length). The Gaussian CDF Φ then maps each projected value to
 * [0,1), which is quantized to 14 bits.
 */
import { NoctemError, assert, dot, limits, normalCdf, norm, rngFromSeedHex } from '../core/index.ts';
import { coordCells, hilbertKeyOf, torusDims, type TorusCoord } from './torus-coord.ts';

/** Where an embedding lands on the torus. */
export interface TorusPlacement {
  /** The 14-bit grid point. */
  readonly coord: TorusCoord;
  /** The point's 12-byte Hilbert key ({@link hilbertKeyOf}). */
  readonly hilbertKey: Uint8Array;
}

/** A projection for one home and one embedding width. */
export interface Projection {
  /** The embedding width D this projection accepts. */
  readonly dimensions: number;
  /** The 9×D matrix, row-major, N(0,1) entries. */
  readonly matrix: Float64Array;
  /**
   * Places an embedding on the torus. The zero vector lands at the centre of every axis (8192).
   * @param embedding - D numbers; only its direction matters
   */
  place(embedding: ArrayLike<number>): TorusPlacement;
}

/**
 * Builds the projection for a home's seed.
 * @param seedHex - the home's projection seed: 16 hex digits (a 64-bit seed) or 64 (a 32-byte state)
 * @param dimensions - the embedder's width D, 1..limits.embeddingDimensionsMax
 * @throws {NoctemError} CONFIG_INVALID when the seed is not 16 or 64 hex digits
 */
export function createProjection(seedHex: string, dimensions: number): Projection {
  const wellFormed = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{64})$/.test(seedHex);
  // A 64-digit seed is the generator state itself, which must not be all zero.
  if (!wellFormed || (seedHex.length === 64 && /^0+$/.test(seedHex))) {
    throw new NoctemError('CONFIG_INVALID', `Cannot use projection seed "${seedHex}": it must be 16 or 64 hex digits, not all zero`, {
      details: { field: 'projectionSeed' },
    });
  }
  assert(Number.isInteger(dimensions) && dimensions >= 1 && dimensions <= limits.embeddingDimensionsMax, 'embedding width in range');
  const rng = rngFromSeedHex(seedHex);
  const matrix = new Float64Array(torusDims * dimensions);
  for (let k = 0; k < matrix.length; k++) matrix[k] = rng.nextGaussian();
  return {
    dimensions,
    matrix,
    place: (embedding) => placeWith(matrix, dimensions, embedding),
  };
}

/**
 * The quantized grid coordinate of a uniform value: ⌊u·16384⌋ clamped to 16383.
 * @param uniform - a value in [0, 1]
 */
export function quantizeUnit(uniform: number): number {
  return Math.min(coordCells - 1, Math.max(0, Math.floor(uniform * coordCells)));
}

function placeWith(matrix: Float64Array, dimensions: number, embedding: ArrayLike<number>): TorusPlacement {
  assert(embedding.length === dimensions, 'the embedding width matches the projection');
  const length = norm(embedding);
  const coord = new Uint16Array(torusDims);
  for (let i = 0; i < torusDims; i++) {
    const projected = length > 0 ? dot(matrix.subarray(i * dimensions, (i + 1) * dimensions), embedding) / length : 0;
    coord[i] = quantizeUnit(normalCdf(projected));
  }
  return { coord, hilbertKey: hilbertKeyOf(coord) };
}
