/**
 * Goal: boredom follows ΔB = α(1 − tanh(kJ)) while idle, falls on new information, and its
 * calibration makes an idle Noctem cross θ = 0.8 after 600 s of subjective time at any tick
 * rate (GAP-036). Method: simulate idle ticks at 1 Hz and 10 Hz with a fixed evenness.
 */
import { describe, expect, test } from 'vitest';
import { AssertionError } from 'node:assert';
import { isNoctemError } from '../core/index.ts';
import { boredomTick, calibrateBoredom, isBored, secondsUntilBored, type BoredomParams } from './boredom.ts';

/** Idle ticks until B ≥ θ from 0 at a constant evenness. */
function simulatedCrossingTicks(params: BoredomParams, evenness: number): number {
  let level = 0;
  for (let tick = 1; tick <= 10_000_000; tick++) {
    level = boredomTick(level, { evenness }, params);
    if (isBored(level, params)) return tick;
  }
  throw new Error('never bored');
}

describe('calibrateBoredom()', () => {
  // Tolerance: one tick (1 s at 1 Hz, 0.1 s at 10 Hz); float rounding may add the last tick.
  test.each([1, 10])('calibrateBoredom() makes an idle field cross 0.8 after 600 s ± 1 tick at %i Hz', (tickRateHz) => {
    const params = calibrateBoredom({ tickRateHz, idleEvenness: 0.5 });
    expect(Math.abs(simulatedCrossingTicks(params, 0.5) - 600 * tickRateHz)).toBeLessThanOrEqual(1);
  });

  test('calibrateBoredom() scales α as 1 / tick rate', () => {
    const slow = calibrateBoredom({ tickRateHz: 1, idleEvenness: 0.3 });
    const fast = calibrateBoredom({ tickRateHz: 1000, idleEvenness: 0.3 });
    expect(slow.alphaPerTick / fast.alphaPerTick).toBeCloseTo(1000, 9);
  });

  test('calibrateBoredom() follows the closed form α = θ / (T·f·(1 − tanh(k·J₀)))', () => {
    const params = calibrateBoredom({ tickRateHz: 10, idleEvenness: 0.4, k: 3, threshold: 0.7, crossingSeconds: 300 });
    expect(params.alphaPerTick).toBeCloseTo(0.7 / (3000 * (1 - Math.tanh(1.2))), 15);
    expect(secondsUntilBored(0, 0.4, { params, tickRateHz: 10 })).toBeCloseTo(300, 6);
  });

  test('calibrateBoredom() rejects a zero tick rate and an evenness outside [0, 1]', () => {
    expect(() => calibrateBoredom({ tickRateHz: 0 })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    let caught: unknown;
    try {
      calibrateBoredom({ tickRateHz: 1, idleEvenness: 1.5 });
    } catch (error) {
      caught = error;
    }
    expect(isNoctemError(caught, 'CONFIG_INVALID')).toBe(true);
  });
});

describe('boredomTick()', () => {
  const params = calibrateBoredom({ tickRateHz: 1 });

  test('boredomTick() rises fastest, by α, when the field has zero evenness', () => {
    expect(boredomTick(0, { evenness: 0 }, params)).toBeCloseTo(params.alphaPerTick, 15);
    expect(boredomTick(0, { evenness: 1 }, params)).toBeLessThan(0.05 * params.alphaPerTick);
  });

  test('boredomTick() crosses sooner at lower evenness (fixation) and later at higher', () => {
    const focused = simulatedCrossingTicks(params, 0.2);
    const even = simulatedCrossingTicks(params, 0.8);
    expect(focused).toBeLessThan(600);
    expect(even).toBeGreaterThan(600);
  });

  test('boredomTick() halves boredom for every reliefHalfNodes new nodes and adds nothing that tick', () => {
    expect(boredomTick(0.8, { evenness: 0.5, newNodes: 8 }, params)).toBeCloseTo(0.4, 15);
    expect(boredomTick(0.8, { evenness: 0.5, newNodes: 16 }, params)).toBeCloseTo(0.2, 15);
  });

  test('boredomTick() never exceeds 1', () => {
    const steep = calibrateBoredom({ tickRateHz: 1, crossingSeconds: 1 });
    expect(boredomTick(0.99, { evenness: 0 }, steep)).toBe(1);
  });

  test('boredomTick() treats a level outside [0, 1] as a bug', () => {
    expect(() => boredomTick(1.2, { evenness: 0.5 }, params)).toThrow(AssertionError);
  });
});
