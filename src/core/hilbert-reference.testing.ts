/**
 * A frozen copy of the original {@link hilbertIndex} (Skilling's transform with a generic bit
 * interleave), kept only so tests can prove the optimised version bit-identical: stored homes
 * and `.nik` files hold these keys, so the output must never change. Do not optimise this file.
 */
import { assert } from './assert.ts';

/**
 * The Hilbert index of a point exactly as first shipped, big-endian with the index right-aligned.
 * @param coords - `dims` integers, each in [0, 2^bitsPerDim)
 * @param bitsPerDim - bits per coordinate, 1..31
 * @returns ⌈dims·bitsPerDim / 8⌉ bytes
 */
export function referenceHilbertIndex(coords: ArrayLike<number>, bitsPerDim: number): Uint8Array {
  const n = coords.length;
  assert(Number.isInteger(n) && n >= 1, 'dims ≥ 1');
  assert(Number.isInteger(bitsPerDim) && bitsPerDim >= 1 && bitsPerDim <= 31, 'bitsPerDim in 1..31');
  const x = new Uint32Array(n);
  const top = 2 ** bitsPerDim;
  for (let i = 0; i < x.length; i++) {
    const value = coords[i]!;
    if (!(Number.isInteger(value) && value >= 0 && value < top)) assert(false, 'a coordinate fits bitsPerDim');
    x[i] = value;
  }
  axesToTranspose(x, bitsPerDim);
  return interleave(x, n, bitsPerDim);
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

/** Interleaves transposed bits: bit j of x[i] lands at index bit j·n + (n − 1 − i). */
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
