/**
 * IEEE 754 binary16 ("half") conversion, for GGUF F16 tensors (spec §6.2: the phase tensor).
 * Node 20 has neither `Float16Array` nor `Math.f16round`, so the bits are computed here from
 * the float32 bits: round to nearest, ties to even; overflow gives ±Infinity; values below
 * the smallest normal become subnormals or ±0; NaN stays NaN (a quiet NaN keeping the top
 * payload bits).
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The binary16 bits nearest to `x` (first rounded to float32, as a C cast does).
 * @param x - any number
 * @returns an integer in 0..0xffff
 */
export function float32ToFloat16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  // Unbiased exponent e; a half normal has e in −14..15.
  const e = exponent - 127;
  if (e > 15) return sign | 0x7c00;
  if (e >= -14) {
    const half = ((e + 15) << 10) | (mantissa >>> 13);
    // Adding the rounding carry may step into the next exponent or Infinity, which is right.
    return sign | (half + roundUp(mantissa, 13));
  }
  if (e < -25) return sign;
  // Subnormal: the significand with its hidden bit, shifted so its unit is 2^−24.
  const significand = mantissa | 0x800000;
  const shift = -e - 1; // 14..24 bits dropped
  return sign | ((significand >>> shift) + roundUp(significand, shift));
}

/**
 * The value of the binary16 `bits`, exactly (every half is a float32).
 * @param bits - an integer in 0..0xffff
 */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/**
 * Converts each float32 to binary16 bits.
 * @param src - the values
 * @returns one uint16 per value
 */
export function toFloat16Array(src: Float32Array): Uint16Array {
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = float32ToFloat16Bits(src[i]!);
  return out;
}

/**
 * Converts binary16 bits to float32 values.
 * @param src - binary16 bit patterns
 * @returns one float32 per pattern
 */
export function fromFloat16Array(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = float16BitsToFloat32(src[i]!);
  return out;
}

/** 1 when dropping the low `shift` bits of `value` must round up (nearest, ties to even). */
function roundUp(value: number, shift: number): number {
  const dropped = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (dropped > halfway) return 1;
  if (dropped < halfway) return 0;
  return (value >>> shift) & 1;
}
