/**
 * The n-dimensional Hilbert curve, after J. Skilling, "Programming the Hilbert curve",
 * AIP Conf. Proc. 707 (2004): coordinates are converted in place to the "transposed" index
 * and back, and the transposed bits are interleaved into one big-endian number.
 *
 * D1 uses 9 dimensions × 10 bits: a 90-bit index in a 12-byte key whose six leading bits are
 * zero, so byte order equals numeric order and an LMDB key range is a stretch of the curve.
 */
import { assert } from './assert.ts';

/** The size of a Hilbert space: `dims` coordinates of `bitsPerDim` bits each. */
export interface HilbertShape {
  /** Number of dimensions, ≥ 1. */
  readonly dims: number;
  /** Bits per coordinate, 1..31; each coordinate is in [0, 2^bitsPerDim). */
  readonly bitsPerDim: number;
}

/**
 * Bytes of an index for `shape`: ⌈dims·bitsPerDim / 8⌉.
 * @param shape - the space
 */
export function hilbertIndexBytes(shape: HilbertShape): number {
  return Math.ceil((shape.dims * shape.bitsPerDim) / 8);
}

/**
 * The Hilbert index of a point, as big-endian bytes with the index right-aligned.
 * Consecutive indices are points that differ by 1 in exactly one coordinate.
 * @param coords - `dims` integers, each in [0, 2^bitsPerDim)
 * @param bitsPerDim - bits per coordinate, 1..31
 * @returns {@link hilbertIndexBytes} bytes
 */
export function hilbertIndex(coords: ArrayLike<number>, bitsPerDim: number): Uint8Array {
  const shape = { dims: coords.length, bitsPerDim };
  checkShape(shape);
  const x = new Uint32Array(coords.length);
  const top = 2 ** bitsPerDim;
  for (let i = 0; i < x.length; i++) {
    const value = coords[i]!;
    if (!(Number.isInteger(value) && value >= 0 && value < top)) assert(false, 'a coordinate fits bitsPerDim');
    x[i] = value;
  }
  axesToTranspose(x, bitsPerDim);
  return interleave(x, shape);
}

/**
 * The point at a Hilbert index: the inverse of {@link hilbertIndex}.
 * @param index - {@link hilbertIndexBytes} bytes, big-endian, unused leading bits zero
 * @param shape - the space the index belongs to
 * @returns `dims` coordinates
 */
export function hilbertCoords(index: Uint8Array, shape: HilbertShape): Uint32Array {
  checkShape(shape);
  assert(index.length === hilbertIndexBytes(shape), 'index length matches the shape');
  const x = deinterleave(index, shape);
  transposeToAxes(x, shape.bitsPerDim);
  return x;
}

function checkShape(shape: HilbertShape): void {
  assert(Number.isInteger(shape.dims) && shape.dims >= 1, 'dims ≥ 1');
  assert(Number.isInteger(shape.bitsPerDim) && shape.bitsPerDim >= 1 && shape.bitsPerDim <= 31, 'bitsPerDim in 1..31');
}

/** Skilling's AxestoTranspose: coordinates to the transposed index, in place. */
function axesToTranspose(x: Uint32Array, bits: number): void {
  const n = x.length;
  const m = 1 << (bits - 1);
  // Inverse undo.
  for (let q = m; q > 1; q >>>= 1) {
    const p = q - 1;
    for (let i = 0; i < n; i++) {
      if (x[i]! & q) {
        x[0] = x[0]! ^ p;
      } else {
        const t = (x[0]! ^ x[i]!) & p;
        x[0] = x[0]! ^ t;
        x[i] = x[i]! ^ t;
      }
    }
  }
  // Gray encode.
  for (let i = 1; i < n; i++) x[i] = x[i]! ^ x[i - 1]!;
  let t = 0;
  for (let q = m; q > 1; q >>>= 1) if (x[n - 1]! & q) t ^= q - 1;
  for (let i = 0; i < n; i++) x[i] = x[i]! ^ t;
}

/** Skilling's TransposetoAxes: the transposed index to coordinates, in place. */
function transposeToAxes(x: Uint32Array, bits: number): void {
  const n = x.length;
  const top = 2 ** bits;
  // Gray decode by H ^ (H / 2).
  const t = x[n - 1]! >>> 1;
  for (let i = n - 1; i > 0; i--) x[i] = x[i]! ^ x[i - 1]!;
  x[0] = x[0]! ^ t;
  // Undo excess work.
  for (let q = 2; q !== top; q *= 2) {
    const p = q - 1;
    for (let i = n - 1; i >= 0; i--) {
      if (x[i]! & q) {
        x[0] = x[0]! ^ p;
      } else {
        const s: number = (x[0]! ^ x[i]!) & p;
        x[0] = x[0]! ^ s;
        x[i] = x[i]! ^ s;
      }
    }
  }
}

/** Interleaves transposed bits: bit j of x[i] lands at index bit j·n + (n − 1 − i). */
function interleave(x: Uint32Array, shape: HilbertShape): Uint8Array {
  const { dims: n, bitsPerDim: bits } = shape;
  const out = new Uint8Array(hilbertIndexBytes(shape));
  const last = out.length - 1;
  let position = n * bits - 1;
  for (let j = bits - 1; j >= 0; j--) {
    for (let i = 0; i < n; i++, position--) {
      if ((x[i]! >>> j) & 1) out[last - (position >>> 3)]! |= 1 << (position & 7);
    }
  }
  return out;
}

/** The inverse of {@link interleave}. */
function deinterleave(index: Uint8Array, shape: HilbertShape): Uint32Array {
  const { dims: n, bitsPerDim: bits } = shape;
  const x = new Uint32Array(n);
  const last = index.length - 1;
  let position = n * bits - 1;
  for (let j = bits - 1; j >= 0; j--) {
    for (let i = 0; i < n; i++, position--) {
      if ((index[last - (position >>> 3)]! >>> (position & 7)) & 1) x[i] = x[i]! | (1 << j);
    }
  }
  return x;
}
