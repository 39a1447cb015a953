/**
 * The error function and the standard normal CDF, built from two textbook expansions with no
 * fitted constants, so every platform that rounds IEEE doubles and `Math.exp` alike gives the
 * same bits (D1 quantizes these values into torus coordinates, so they must be reproducible):
 * - |x| < 2.5: erf(x) = (2/√π)·e^{−x²}·Σₙ (2x²)ⁿ·x / (1·3·…·(2n+1)), a series of positive terms;
 * - |x| ≥ 2.5: erfc(x) = (e^{−x²}/√π) / (x + ½/(x + 1/(x + 3⁄2/(x + …)))), Lentz's method.
 * Both are accurate to a few units in the 13th significant digit or better.
 */

const twoOverSqrtPi = 1.1283791670955126;
const oneOverSqrtPi = 0.5641895835477563;
const seriesBelow = 2.5;
/** Terms of the series at most; |x| < 2.5 converges in under 60. */
const seriesTermsMax = 200;
/** Continued-fraction levels at most; x ≥ 2.5 converges in under 120. */
const fractionTermsMax = 500;
const tiny = 1e-300;

/**
 * The error function erf(x) = (2/√π)∫₀ˣ e^{−t²} dt, in [−1, 1]; odd in x.
 * @param x - any number; NaN gives NaN
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const magnitude = Math.abs(x);
  const value = magnitude < seriesBelow ? erfSeries(magnitude) : 1 - erfcFraction(magnitude);
  return x < 0 ? -value : value;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), in [0, 2], with full relative
 * accuracy in the far right tail (erfc(10) ≈ 2.09e-45).
 * @param x - any number; NaN gives NaN
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= seriesBelow) return erfcFraction(x);
  if (x <= -seriesBelow) return 2 - erfcFraction(-x);
  return 1 - (x < 0 ? -erfSeries(-x) : erfSeries(x));
}

/**
 * The standard normal cumulative distribution Φ(x) = ½·erfc(−x/√2), in [0, 1].
 * @param x - a standard score
 */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** erf(x) for 0 ≤ x < 2.5 by the positive-term series. */
function erfSeries(x: number): number {
  const twoXSquared = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < seriesTermsMax; n++) {
    term *= twoXSquared / (2 * n + 1);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return twoOverSqrtPi * Math.exp(-x * x) * sum;
}

/** erfc(x) for x ≥ 2.5 by the continued fraction, evaluated with the modified Lentz method. */
function erfcFraction(x: number): number {
  if (x > 27) return 0; // erfc(27) < 1e-318: below the smallest normal double.
  // f = x + a₁/(x + a₂/(x + …)) with aₙ = n/2.
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < fractionTermsMax; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (oneOverSqrtPi * Math.exp(-x * x)) / f;
}
