/**
 * The discrete Fourier transform of complex signals of any length (D13: the resonance
 * firewall's notch filter). Powers of two use an iterative radix-2 Cooley–Tukey transform;
 * other lengths use Bluestein's chirp-z algorithm, which turns the DFT into a convolution of
 * power-of-two length. Conventions: forward X_k = Σ_n x_n·e^{−2πikn/N}; the inverse divides
 * by N, so `inverseFft(fft(x))` returns x.
 */
import { assert } from './assert.ts';
import { limits } from './limits.ts';

/** A complex signal as separate real and imaginary parts of equal length. */
export interface ComplexSignal {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/**
 * The forward DFT of `signal`; the input is not changed.
 * @param signal - N samples, 0 ≤ N ≤ limits.fftSizeMax
 * @returns the N-point spectrum (new arrays)
 */
export function fft(signal: ComplexSignal): ComplexSignal {
  const n = checkedLength(signal);
  const re = signal.re.slice();
  const im = signal.im.slice();
  if (n <= 1) return { re, im };
  if (isPowerOfTwo(n)) {
    radix2InPlace(re, im);
    return { re, im };
  }
  return bluestein(re, im);
}

/**
 * The inverse DFT (scaled by 1/N) of `spectrum`; the input is not changed.
 * @param spectrum - N bins, 0 ≤ N ≤ limits.fftSizeMax
 * @returns the N samples (new arrays)
 */
export function inverseFft(spectrum: ComplexSignal): ComplexSignal {
  // ifft(X) = conj(fft(conj(X))) / N.
  const n = checkedLength(spectrum);
  const conjugate = { re: spectrum.re, im: negated(spectrum.im) };
  const out = fft(conjugate);
  for (let k = 0; k < n; k++) {
    out.re[k] = out.re[k]! / n;
    out.im[k] = -out.im[k]! / n;
  }
  return out;
}

/**
 * True when `n` is a positive power of two.
 * @param n - a length
 */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

function checkedLength(signal: ComplexSignal): number {
  const n = signal.re.length;
  assert(signal.im.length === n, 'a complex signal has equal re and im lengths');
  assert(n <= limits.fftSizeMax, 'an FFT has at most limits.fftSizeMax points');
  return n;
}

function negated(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = -values[i]!;
  return out;
}

/** Iterative radix-2 decimation in time; `re.length` must be a power of two. */
function radix2InPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]!; re[i] = re[j]!; re[j] = tr;
      const ti = im[i]!; im[i] = im[j]!; im[j] = ti;
    }
  }
  // Twiddles from a table of the n-th roots, each computed directly (no recurrence drift).
  const half = n >> 1;
  const cosTable = new Float64Array(half);
  const sinTable = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cosTable[k] = Math.cos((2 * Math.PI * k) / n);
    sinTable[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  for (let size = 2; size <= n; size <<= 1) {
    const halfSize = size >> 1;
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < halfSize; k++) {
        const wr = cosTable[k * stride]!, wi = sinTable[k * stride]!;
        const p = start + k, q = p + halfSize;
        const xr = re[q]! * wr - im[q]! * wi;
        const xi = re[q]! * wi + im[q]! * wr;
        re[q] = re[p]! - xr; im[q] = im[p]! - xi;
        re[p] = re[p]! + xr; im[p] = im[p]! + xi;
      }
    }
  }
}

/** Bluestein: X_k = w_k · Σ_n (x_n w_n)·conj(w_{k−n}), with chirp w_k = e^{−iπk²/N}. */
function bluestein(re: Float64Array, im: Float64Array): ComplexSignal {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // k² mod 2N keeps the angle small, so large k lose no precision.
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = -Math.sin(angle);
  }
  const aRe = new Float64Array(m), aIm = new Float64Array(m);
  const bRe = new Float64Array(m), bIm = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    aRe[k] = re[k]! * chirpRe[k]! - im[k]! * chirpIm[k]!;
    aIm[k] = re[k]! * chirpIm[k]! + im[k]! * chirpRe[k]!;
    bRe[k] = chirpRe[k]!; bIm[k] = -chirpIm[k]!;
    if (k > 0) { bRe[m - k] = chirpRe[k]!; bIm[m - k] = -chirpIm[k]!; }
  }
  radix2InPlace(aRe, aIm);
  radix2InPlace(bRe, bIm);
  for (let k = 0; k < m; k++) {
    const pr = aRe[k]! * bRe[k]! - aIm[k]! * bIm[k]!;
    const pi = aRe[k]! * bIm[k]! + aIm[k]! * bRe[k]!;
    // Conjugate now so the forward transform below acts as the (unscaled) inverse.
    aRe[k] = pr; aIm[k] = -pi;
  }
  radix2InPlace(aRe, aIm);
  const outRe = new Float64Array(n), outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const cr = aRe[k]! / m, ci = -aIm[k]! / m;
    outRe[k] = cr * chirpRe[k]! - ci * chirpIm[k]!;
    outIm[k] = cr * chirpIm[k]! + ci * chirpRe[k]!;
  }
  return { re: outRe, im: outIm };
}
