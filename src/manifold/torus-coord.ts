/**
 * Points of the memory manifold: the 9-torus T⁹ as a grid of 2^14 cells per dimension
 * (D1, spec §5.3.7), and the 12-byte Hilbert key of a point (top 10 bits per dimension).
 */
import { assert, hilbertCoords, hilbertIndex } from '../core/index.ts';

/** Dimensions of the torus. */
export const torusDims = 9;
/** Bits of one coordinate. */
export const coordBits = 14;
/** Cells per dimension: coordinates are integers in [0, coordCells). */
export const coordCells = 1 << coordBits;
/** Bits per dimension that enter the Hilbert key (the coarse cell). */
export const hilbertBitsPerDim = 10;
/** Bytes of a Hilbert key: ⌈9·10/8⌉. */
export const hilbertKeyBytes = 12;

/**
 * A point on T⁹: 9 unsigned 14-bit integers. Coordinate c stands for the angle 2π·c/16384,
 * or the position c/16384 on the unit circle.
 */
export type TorusCoord = Uint16Array;

/**
 * True when `value` is a valid {@link TorusCoord}.
 * @param value - anything
 */
export function isTorusCoord(value: unknown): value is TorusCoord {
  return value instanceof Uint16Array && value.length === torusDims && value.every((c) => c < coordCells);
}

/**
 * The Hilbert key of a point: the 9-d Hilbert index of its top 10 bits per dimension, as
 * 12 big-endian bytes. Points in one key share a 16⁹-cell block; nearby keys are nearby blocks.
 * @param coord - a valid point
 * @returns 12 bytes
 */
export function hilbertKeyOf(coord: TorusCoord): Uint8Array {
  assert(isTorusCoord(coord), 'hilbertKeyOf() needs a 9 × uint14 point');
  const coarse = coarseScratch; // hilbertIndex() only reads it, so one array serves every call
  for (let i = 0; i < torusDims; i++) coarse[i] = coord[i]! >>> (coordBits - hilbertBitsPerDim);
  return hilbertIndex(coarse, hilbertBitsPerDim);
}

/** The coarse cell of the point {@link hilbertKeyOf} is keying; reused to spare an allocation. */
const coarseScratch = new Uint32Array(torusDims);

/**
 * The corner of a Hilbert key's block: the smallest point whose key it is.
 * @param hilbertKey - 12 bytes
 * @returns the point with the low 4 bits of every coordinate zero
 */
export function blockCornerOf(hilbertKey: Uint8Array): TorusCoord {
  assert(hilbertKey.length === hilbertKeyBytes, 'a Hilbert key is 12 bytes');
  const coarse = hilbertCoords(hilbertKey, { dims: torusDims, bitsPerDim: hilbertBitsPerDim });
  return Uint16Array.from(coarse, (c) => c << (coordBits - hilbertBitsPerDim));
}
