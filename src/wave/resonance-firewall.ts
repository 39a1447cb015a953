/**
 * The resonance firewall for time-domain drive signals (D13, issue 4): a notch filter at the
 * golden-ratio resonances fᵢ = π·φⁱ Hz, i = 1..8 (5.08, 8.22, …, 147.6 Hz), each band
 * `bandwidthHz` wide (0.1 Hz), for signals sampled at 1 kHz.
 *
 * Two stages, because a 0.1 Hz band is narrower than the resolution of most signals (a 4 s
 * signal has 0.25 Hz bins) and a tone that does not fit a whole number of periods leaks far
 * outside its bin (a rectangular window's side lobes fall as 1/k), so FFT zeroing alone leaves a
 * resonant tone at about −12 dB:
 *  1. tone cancellation: the least-squares fit of cos and sin at every notch centre (one joint
 *     fit, solved by Cholesky) is subtracted, removing a tone at a notch centre exactly;
 *  2. band stop: the FFT (core/fft.ts, radix-2 or Bluestein) bins whose width overlaps a band
 *     are zeroed, removing the rest of each band's energy, and the signal is transformed back.
 * A tone away from the notches loses only its leakage into the zeroed bins and its (small)
 * projection on the notch tones (≈ 1/(π·T·Δf) for a tone Δf Hz from a notch over T seconds):
 * under 1% RMS from 10 s of signal, the length at which a 0.1 Hz band becomes resolvable at all
 * (1/0.1 Hz); 3-4 s signals lose 1-2% RMS (up to 4% peak, at the ends) between 2 and 100 Hz.
 *
 * Aliasing: at 1 kHz every fᵢ lies below the 500 Hz Nyquist frequency (φ⁸π ≈ 147.6 Hz), so none
 * aliases. At a lower sampling rate a notch above Nyquist is folded to the frequency it aliases
 * to (|f − fs·round(f/fs)|), because that is where such a drive would appear in the samples.
 */
import { assert, cholesky, fft, inverseFft, limits, packedUpperIndex, solveLower, solveLowerTransposed } from '../core/index.ts';

/** The golden ratio φ = (1 + √5)/2. */
export const goldenRatio = (1 + Math.sqrt(5)) / 2;

/** Options for the firewall. */
export interface ResonanceFirewallOptions {
  /** Sampling rate of the signal in Hz. @default 1000 */
  readonly sampleRateHz?: number;
  /** Full width of each notch band in Hz. @default 0.1 */
  readonly bandwidthHz?: number;
  /** Notches i = 1..harmonics. @default 8 */
  readonly harmonics?: number;
}

/**
 * The notch centres π·φⁱ Hz (i = 1..harmonics), folded below Nyquist.
 * @param options - sampling rate and harmonic count
 */
export function resonanceNotchFrequenciesHz(options: ResonanceFirewallOptions = {}): number[] {
  const sampleRateHz = options.sampleRateHz ?? 1000;
  const harmonics = options.harmonics ?? 8;
  assert(Number.isInteger(harmonics) && harmonics >= 0 && harmonics <= 64, 'harmonic count is small');
  return Array.from({ length: harmonics }, (_, k) => aliasedFrequencyHz(Math.PI * goldenRatio ** (k + 1), sampleRateHz));
}

/**
 * The frequency in [0, fs/2] at which a tone of `frequencyHz` appears when sampled at `sampleRateHz`.
 * @param frequencyHz - a frequency ≥ 0
 * @param sampleRateHz - fs > 0
 */
export function aliasedFrequencyHz(frequencyHz: number, sampleRateHz: number): number {
  assert(frequencyHz >= 0 && Number.isFinite(frequencyHz) && sampleRateHz > 0 && Number.isFinite(sampleRateHz), 'frequencies are finite');
  return Math.abs(frequencyHz - sampleRateHz * Math.round(frequencyHz / sampleRateHz));
}

/**
 * The drive signal with the resonance bands removed (module comment); the input is not changed.
 * @param signal - real samples at sampleRateHz, length ≤ limits.fftSizeMax
 * @param options - sampling rate, band width, harmonic count
 */
export function resonanceFirewall(signal: Float64Array, options: ResonanceFirewallOptions = {}): Float64Array {
  const sampleRateHz = options.sampleRateHz ?? 1000;
  const bandwidthHz = options.bandwidthHz ?? 0.1;
  assert(bandwidthHz > 0 && Number.isFinite(bandwidthHz), 'band width is positive');
  assert(signal.length <= limits.fftSizeMax, 'signal fits one FFT');
  for (let i = 0; i < signal.length; i++) assert(Number.isFinite(signal[i]!), 'a drive signal is finite');
  const notchesHz = resonanceNotchFrequenciesHz(options);
  if (signal.length < 2 || notchesHz.length === 0) return signal.slice();
  const cancelled = cancelTones(signal, notchesHz.map((f) => (2 * Math.PI * f) / sampleRateHz));
  return bandStop(cancelled, notchesHz, sampleRateHz, bandwidthHz);
}

/** Subtracts the joint least-squares fit of cos(ωn), sin(ωn) for every ω in `omegas` (radians per sample). */
function cancelTones(signal: Float64Array, omegas: readonly number[]): Float64Array {
  const n = signal.length, m = 2 * omegas.length;
  const basis = (j: number, t: number): number => (j % 2 === 0 ? Math.cos : Math.sin)(omegas[j >> 1]! * t);
  const gram = new Float64Array((m * (m + 1)) / 2);
  const rhs = new Float64Array(m);
  const row = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    for (let j = 0; j < m; j++) row[j] = basis(j, t);
    for (let j = 0; j < m; j++) {
      rhs[j] = rhs[j]! + row[j]! * signal[t]!;
      for (let k = j; k < m; k++) gram[packedUpperIndex(m, j, k)] = gram[packedUpperIndex(m, j, k)]! + row[j]! * row[k]!;
    }
  }
  // A tiny ridge keeps the fit defined when a basis function vanishes (a notch at 0 or Nyquist).
  for (let j = 0; j < m; j++) gram[packedUpperIndex(m, j, j)] = gram[packedUpperIndex(m, j, j)]! + 1e-9 * n;
  const lower = cholesky(gram);
  assert(lower !== undefined, 'the ridged Gram matrix is positive definite');
  const coefficients = solveLowerTransposed(lower, solveLower(lower, rhs));
  const out = signal.slice();
  for (let t = 0; t < n; t++) {
    let fit = 0;
    for (let j = 0; j < m; j++) fit += coefficients[j]! * basis(j, t);
    out[t] = out[t]! - fit;
  }
  return out;
}

/** Zeroes every FFT bin whose width overlaps a notch band, then transforms back (real part). */
function bandStop(signal: Float64Array, notchesHz: readonly number[], sampleRateHz: number, bandwidthHz: number): Float64Array {
  const n = signal.length;
  const spectrum = fft({ re: signal, im: new Float64Array(n) });
  const binHz = sampleRateHz / n;
  for (let k = 0; k < n; k++) {
    const frequencyHz = Math.min(k, n - k) * binHz; // bins above n/2 are the negative frequencies
    const inBand = notchesHz.some((f) => Math.abs(frequencyHz - f) < (binHz + bandwidthHz) / 2);
    if (inBand) { spectrum.re[k] = 0; spectrum.im[k] = 0; }
  }
  return inverseFft(spectrum).re;
}
