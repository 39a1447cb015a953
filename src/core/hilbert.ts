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
  const n = coords.length;
  checkShape({ dims: n, bitsPerDim });
  // One scratch array for every call: hilbertIndex() never re-enters itself and never hands
  // `x` out, and typed-array allocation is a large share of the cost of a 12-byte key.
  if (scratch.length < n) scratch = new Uint32Array(n);
  const x = scratch;
  const top = 2 ** bitsPerDim;
  for (let i = 0; i < n; i++) {
    const value = coords[i]!;
    if (!(Number.isInteger(value) && value >= 0 && value < top)) assert(false, 'a coordinate fits bitsPerDim');
    x[i] = value;
  }
  axesToTranspose(x, n, bitsPerDim);
  return n <= groupBitsMax ? interleaveGroups(x, n, bitsPerDim) : interleave(x, n, bitsPerDim);
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

/** Dims up to which a group of n bits plus 7 pending bits fits a non-negative int32. */
const groupBitsMax = 24;
/** Transposed-index scratch reused by {@link hilbertIndex}; grows to the widest point seen. */
let scratch = new Uint32Array(16);

function checkShape(shape: HilbertShape): void {
  assert(Number.isInteger(shape.dims) && shape.dims >= 1, 'dims ≥ 1');
  assert(Number.isInteger(shape.bitsPerDim) && shape.bitsPerDim >= 1 && shape.bitsPerDim <= 31, 'bitsPerDim in 1..31');
}

/**
 * Skilling's AxestoTranspose: coordinates to the transposed index, in place. The inverse undo
 * is written without branches (a mask from bit k of x[i] picks "flip x[0]" or "swap the low
 * bits"), since on scattered points the branch is a coin toss the CPU keeps mispredicting.
 */
function axesToTranspose(x: Uint32Array, n: number, bits: number): void {
  // Inverse undo, for q = 2^k from the top bit down to 2.
  for (let k = bits - 1; k >= 1; k--) {
    const p = (1 << k) - 1;
    let x0 = x[0]! ^ (p & -((x[0]! >>> k) & 1)); // i = 0: swapping x[0] with itself is a no-op
    for (let i = 1; i < n; i++) {
      const xi = x[i]!;
      const set = -((xi >>> k) & 1); // all ones when bit k of x[i] is set
      const t = (x0 ^ xi) & p & ~set;
      x0 ^= t ^ (p & set);
      x[i] = xi ^ t;
    }
    x[0] = x0;
  }
  // Gray encode.
  for (let i = 1; i < n; i++) x[i] = x[i]! ^ x[i - 1]!;
  let t = 0;
  for (let k = bits - 1; k >= 1; k--) if ((x[n - 1]! >>> k) & 1) t ^= (1 << k) - 1;
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

/**
 * Interleaves transposed bits: bit j of x[i] lands at index bit j·n + (n − 1 − i). Gathers the
 * n bits of each j into one group and streams groups, most significant first, into bytes.
 */
function interleaveGroups(x: Uint32Array, n: number, bits: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((n * bits) / 8));
  let pending = 0; // the low `pendingBits` bits not yet written, so below 2^7 between groups
  let pendingBits = out.length * 8 - n * bits; // the index's unused leading zero bits
  let k = 0;
  for (let j = bits - 1; j >= 0; j--) {
    let group = 0;
    for (let i = 0; i < n; i++) group = (group << 1) | ((x[i]! >>> j) & 1);
    pending = (pending << n) | group;
    pendingBits += n;
    while (pendingBits >= 8) {
      pendingBits -= 8;
      out[k++] = (pending >>> pendingBits) & 0xff;
    }
    pending &= (1 << pendingBits) - 1;
  }
  return out;
}

/** {@link interleaveGroups} bit by bit, for dims too many for a group to fit an int32. */
function interleave(x: Uint32Array, n: number, bits: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((n * bits) / 8));
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
