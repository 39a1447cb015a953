/**
 * Q9_0: balanced-nonary block quantization (spec §6.2.6, DESIGN D9). Each block of 32
 * weights is 20 bytes, little-endian:
 *
 * | bytes  | field                                                                |
 * |--------|----------------------------------------------------------------------|
 * | 0..3   | `scale`, float32: the step between digits, max |w| / 4 (≥ 0, finite) |
 * | 4..17  | `data[7]`, uint16: 5 base-9 digits each, weight 5k + j in word k      |
 * | 18..19 | `padding`, uint16: always 0                                          |
 *
 * Word k holds weights 5k..5k+4 as Σ (dⱼ + 4)·9ʲ (the first weight is the least significant
 * base-9 digit; 9⁵ − 1 = 59048 fits a uint16). The last word has two weights (30, 31); its
 * three unused digits are 0 (stored as 4), so it reads 29484 + (d₀ + 4) + 9(d₁ + 4). A weight
 * dequantizes to d·scale. A final partial block is padded with zero weights.
 *
 * Storage is 20·8/32 = 5.0 bits per weight (D9: not the spec's 1.6). The decoder is strict:
 * a word above 59048, non-zero unused digits or padding, or a negative or non-finite scale is
 * `FORMAT_CORRUPT`.
 */
import { assert } from './assert.ts';
import { NoctemError } from './errors.ts';

/** Bytes of one Q9_0 block. */
export const q9BlockBytes = 20;
/** Weights in one Q9_0 block. */
export const q9BlockWeights = 32;
/** Storage cost: 20 bytes × 8 / 32 weights = 5.0 bits per weight (D9). */
export const q9BitsPerWeight = (q9BlockBytes * 8) / q9BlockWeights;

const wordsPerBlock = 7;
const digitsPerWord = 5;
const wordMax = 9 ** digitsPerWord - 1;
/** The last word's three unused digits, each 0 stored as 4: 4·81 + 4·729 + 4·6561. */
const lastWordUnused = 4 * (81 + 729 + 6561);
const dataOffset = 4;
const paddingOffset = dataOffset + 2 * wordsPerBlock;

/**
 * Quantizes weights to Q9_0 blocks: per block, scale = max |w| / 4 (as float32) and each
 * weight becomes the nearest digit round(w / scale), so |w − d·scale| ≤ scale / 2 up to
 * float32 rounding. A block of zeros has scale 0.
 * @param weights - finite float32 values
 * @returns ceil(n / 32) × 20 bytes
 */
export function quantizeQ9(weights: Float32Array): Uint8Array {
  const blocks = Math.ceil(weights.length / q9BlockWeights);
  const out = new Uint8Array(blocks * q9BlockBytes);
  const view = new DataView(out.buffer);
  const digits = new Int8Array(wordsPerBlock * digitsPerWord);
  for (let b = 0; b < blocks; b++) {
    const first = b * q9BlockWeights;
    const end = Math.min(first + q9BlockWeights, weights.length);
    let maxAbs = 0;
    for (let i = first; i < end; i++) {
      const w = weights[i]!;
      assert(Number.isFinite(w), 'Q9_0 weights are finite');
      maxAbs = Math.max(maxAbs, Math.abs(w));
    }
    const scale = Math.fround(maxAbs / 4);
    digits.fill(0);
    if (scale > 0) {
      for (let i = first; i < end; i++) {
        const ratio = weights[i]! / scale;
        // Round half away from zero, so the quantizer is odd-symmetric; clamp the float32
        // rounding of the scale, which can put max |w| / scale a hair above 4.
        digits[i - first] = Math.max(-4, Math.min(4, Math.sign(ratio) * Math.round(Math.abs(ratio))));
      }
    }
    const at = b * q9BlockBytes;
    view.setFloat32(at, scale, true);
    for (let k = 0; k < wordsPerBlock; k++) view.setUint16(at + dataOffset + 2 * k, packWord(digits, k * digitsPerWord), true);
  }
  return out;
}

/**
 * Dequantizes Q9_0 blocks written by {@link quantizeQ9}.
 * @param blocks - ceil(count / 32) × 20 bytes
 * @param count - the number of weights they hold
 * @returns `count` float32 weights, each digit × its block's scale
 * @throws {NoctemError} FORMAT_CORRUPT when the length does not match `count` or a block is malformed
 */
export function dequantizeQ9(blocks: Uint8Array, count: number): Float32Array {
  if (!Number.isSafeInteger(count) || count < 0 || blocks.length !== Math.ceil(count / q9BlockWeights) * q9BlockBytes) {
    corrupt(`${blocks.length} bytes do not hold ${count} weights`, 0);
  }
  const out = new Float32Array(count);
  const view = new DataView(blocks.buffer, blocks.byteOffset, blocks.byteLength);
  for (let at = 0, first = 0; at < blocks.length; at += q9BlockBytes, first += q9BlockWeights) {
    const scale = view.getFloat32(at, true);
    if (!(scale >= 0 && scale < Infinity)) corrupt(`a block scale is ${scale}`, at);
    if (view.getUint16(at + paddingOffset, true) !== 0) corrupt('a block padding is not 0', at);
    for (let k = 0; k < wordsPerBlock; k++) {
      let word = view.getUint16(at + dataOffset + 2 * k, true);
      if (word > wordMax) corrupt(`a word is ${word}, above ${wordMax}`, at);
      const isLast = k === wordsPerBlock - 1;
      if (isLast && word - (word % 81) !== lastWordUnused) corrupt('the unused digits of a block are not 0', at);
      const used = isLast ? q9BlockWeights - k * digitsPerWord : digitsPerWord;
      for (let j = 0; j < used; j++) {
        const index = first + k * digitsPerWord + j;
        if (index < count) out[index] = ((word % 9) - 4) * scale;
        word = Math.floor(word / 9);
      }
    }
  }
  return out;
}

/** Packs digits[from..from+5) (−4..4) as base-9, the first digit least significant. */
function packWord(digits: Int8Array, from: number): number {
  let word = 0;
  for (let j = digitsPerWord - 1; j >= 0; j--) word = word * 9 + digits[from + j]! + 4;
  return word;
}

function corrupt(reason: string, offsetBytes: number): never {
  throw new NoctemError('FORMAT_CORRUPT', `Cannot decode Q9_0 blocks: ${reason}`, { details: { offsetBytes } });
}
