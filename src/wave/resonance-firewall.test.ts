import { describe, expect, test } from 'vitest';
import { aliasedFrequencyHz, resonanceFirewall, resonanceNotchFrequenciesHz } from './resonance-firewall.ts';

const sampleRateHz = 1000;

function sine(frequencyHz: number, samples: number, phase = 0.7): Float64Array {
  return Float64Array.from({ length: samples }, (_, t) => Math.sin((2 * Math.PI * frequencyHz * t) / sampleRateHz + phase));
}

function rms(values: Float64Array): number {
  return Math.sqrt(values.reduce((sum, x) => sum + x * x, 0) / values.length);
}

describe('resonanceNotchFrequenciesHz', () => {
  test('resonanceNotchFrequenciesHz() gives π·φ^i for i = 1..8, all below the 500 Hz Nyquist', () => {
    const notches = resonanceNotchFrequenciesHz();
    expect(notches).toHaveLength(8);
    expect(notches[0]).toBeCloseTo(Math.PI * 1.618033988749895, 12);
    expect(notches[7]).toBeCloseTo(147.588, 3);
    expect(Math.max(...notches)).toBeLessThan(500);
  });
});

describe('aliasedFrequencyHz', () => {
  test('aliasedFrequencyHz() folds a tone above Nyquist to where it appears in the samples', () => {
    expect(aliasedFrequencyHz(600, 1000)).toBeCloseTo(400, 12);
    expect(aliasedFrequencyHz(1010, 1000)).toBeCloseTo(10, 12);
    expect(aliasedFrequencyHz(147, 1000)).toBe(147);
  });
});

describe('resonanceFirewall', () => {
  // 10 s or more: a 0.1 Hz band is only resolvable from at least 1/0.1 Hz = 10 s of signal.
  for (const [samples, label] of [[16384, 'radix-2'], [10000, 'Bluestein']] as const) {
    test(`resonanceFirewall() attenuates a sine at every notch by more than 40 dB (${label} length)`, () => {
      for (const notchHz of resonanceNotchFrequenciesHz()) {
        const input = sine(notchHz, samples);
        const attenuationDb = 20 * Math.log10(rms(resonanceFirewall(input)) / rms(input));
        expect(attenuationDb).toBeLessThan(-40);
      }
    });
  }

  test(`resonanceFirewall() passes a sine away from the notches within 1% RMS (10 s, Bluestein length)`, () => {
    for (const frequencyHz of [2, 30, 100, 250, 420]) {
      const input = sine(frequencyHz, 10000);
      const output = resonanceFirewall(input);
      const error = output.map((y, t) => y - input[t]!);
      expect(rms(error) / rms(input)).toBeLessThan(0.01);
    }
  });

  test('resonanceFirewall() leaves its input unchanged', () => {
    const input = sine(13.3, 1024);
    const copy = input.slice();
    resonanceFirewall(input);
    expect(input).toEqual(copy);
  });
});
