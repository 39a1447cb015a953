/**
 * Balanced nonary values of the field (issue 4): a node's value is a digit in −4..4.
 *
 * Rounding rule: clamp to [−4, 4], then round half away from zero (2.5 → 3, −2.5 → −3), so
 * the rule is symmetric under negation (q(−x) = −q(x)). A complex amplitude is first made a
 * signed real: its modulus |ψ|, negative when the phase points into the left half-plane
 * (Re ψ < 0, or Re ψ = 0 and Im ψ < 0). The mapping is decided here because the spec does not
 * say how a complex amplitude becomes a signed digit.
 */
import { assert } from '../core/index.ts';
import { nonaryAmplitudeMax } from './wave-params.ts';

/** A balanced nonary digit, −4..4. */
export type NonaryDigit = -4 | -3 | -2 | -1 | 0 | 1 | 2 | 3 | 4;

/**
 * Quantizes a real value to a balanced nonary digit.
 * @param value - a finite real
 * @returns the digit (see the module comment for the rule)
 */
export function nonaryDigit(value: number): NonaryDigit {
  assert(Number.isFinite(value), 'a nonary value comes from a finite number');
  const clamped = Math.min(nonaryAmplitudeMax, Math.max(-nonaryAmplitudeMax, value));
  const rounded = Math.sign(clamped) * Math.floor(Math.abs(clamped) + 0.5);
  return (rounded === 0 ? 0 : rounded) as NonaryDigit; // folds −0 into 0
}

/**
 * The signed amplitude of a complex value: ±|ψ|, negative in the left half-plane.
 * @param re - Re ψ
 * @param im - Im ψ
 */
export function signedAmplitude(re: number, im: number): number {
  const modulus = Math.hypot(re, im);
  return re < 0 || (re === 0 && im < 0) ? -modulus : modulus;
}

/**
 * The nonary digit of every node of a field.
 * @param psiRe - real parts
 * @param psiIm - imaginary parts (same length)
 * @returns one digit per node
 */
export function nonaryDigits(psiRe: Float64Array, psiIm: Float64Array): Int8Array {
  assert(psiRe.length === psiIm.length, 're and im have equal lengths');
  const digits = new Int8Array(psiRe.length);
  for (let i = 0; i < psiRe.length; i++) digits[i] = nonaryDigit(signedAmplitude(psiRe[i]!, psiIm[i]!));
  return digits;
}
