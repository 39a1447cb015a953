import { describe, expect, test } from 'vitest';
import { fft, inverseFft, isPowerOfTwo, type ComplexSignal } from './fft.ts';
import { Xoshiro256pp } from './rng.ts';

function randomSignal(n: number, seed: number): ComplexSignal {
  const rng = Xoshiro256pp.fromSeed(seed);
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let i = 0; i < n; i++) { re[i] = rng.nextGaussian(); im[i] = rng.nextGaussian(); }
  return { re, im };
}

function naiveDft(x: ComplexSignal): ComplexSignal {
  const n = x.re.length;
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * ((k * t) % n)) / n;
      re[k] = re[k]! + x.re[t]! * Math.cos(angle) - x.im[t]! * Math.sin(angle);
      im[k] = im[k]! + x.re[t]! * Math.sin(angle) + x.im[t]! * Math.cos(angle);
    }
  }
  return { re, im };
}

function maxError(a: ComplexSignal, b: ComplexSignal): number {
  let error = 0;
  for (let i = 0; i < a.re.length; i++) {
    error = Math.max(error, Math.abs(a.re[i]! - b.re[i]!), Math.abs(a.im[i]! - b.im[i]!));
  }
  return error;
}

const sizes = [...Array.from({ length: 64 }, (_, i) => i + 1), 97, 101, 127, 251, 257, 509, 1000, 1024];

describe('fft', () => {
  test('fft() matches a naive DFT to 1e-9 for sizes 1..64 and some primes', () => {
    for (const n of sizes) {
      const x = randomSignal(n, n);
      expect(maxError(fft(x), naiveDft(x)), `n = ${n}`).toBeLessThan(1e-9);
    }
  });

  test('inverseFft() undoes fft() to 1e-12 for every size', () => {
    for (const n of sizes) {
      const x = randomSignal(n, 1000 + n);
      expect(maxError(inverseFft(fft(x)), x), `n = ${n}`).toBeLessThan(1e-12);
    }
  });

  test('fft() leaves its input unchanged and handles the empty signal', () => {
    const x = randomSignal(12, 5);
    const copy = { re: x.re.slice(), im: x.im.slice() };
    fft(x);
    expect(x).toEqual(copy);
    expect(fft({ re: new Float64Array(0), im: new Float64Array(0) }).re.length).toBe(0);
  });

  test('fft() of a pure tone puts all energy in one bin', () => {
    const n = 30, bin = 7;
    const re = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * bin * t) / n));
    const spectrum = fft({ re, im: new Float64Array(n) });
    expect(spectrum.re[bin]).toBeCloseTo(n / 2, 9);
    expect(spectrum.re[n - bin]).toBeCloseTo(n / 2, 9);
    expect(Math.abs(spectrum.re[1]!)).toBeLessThan(1e-9);
  });

  test('isPowerOfTwo() accepts 1, 2, 64 and rejects 0, 3, 96', () => {
    expect([1, 2, 64].every(isPowerOfTwo)).toBe(true);
    expect([0, 3, 96].some(isPowerOfTwo)).toBe(false);
  });
});
