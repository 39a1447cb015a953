/**
 * Goal: dopamine follows the spec's TD and phasic formulas, and plasticityRate() is the spec's
 * η(D) above the lock level and 0 at D = 0. Method: hand-computed values.
 */
import { describe, expect, test } from 'vitest';
import { learningRate } from '../wave/index.ts';
import { dopamineRewards, phasicDopamine, plasticityRate, temporalDifferenceError } from './dopamine.ts';

describe('dopamine', () => {
  test('temporalDifferenceError() is r + γ·V(s\') − V(s) with γ = 0.95', () => {
    expect(temporalDifferenceError({ reward: 1, value: 0.4, nextValue: 0.6 })).toBeCloseTo(1 + 0.95 * 0.6 - 0.4, 15);
    expect(temporalDifferenceError({ reward: dopamineRewards.answerUnhelpful, value: 0.5, nextValue: 0.5 }, 1)).toBe(-1);
  });

  test('phasicDopamine() is clamp(D + 0.1·δ − 0.01·(D − 0.5), 0, 1)', () => {
    expect(phasicDopamine(0.7, 0.975)).toBeCloseTo(0.7 + 0.0975 - 0.002, 15);
    expect(phasicDopamine(0.99, 5)).toBe(1);
    expect(phasicDopamine(0.01, -5)).toBe(0);
  });

  test('phasicDopamine() spikes on an unexpected reward and dips on a disappointment', () => {
    const rewarded = phasicDopamine(0.5, temporalDifferenceError({ reward: dopamineRewards.answerHelpful, value: 0.5, nextValue: 0.5 }));
    const punished = phasicDopamine(0.5, temporalDifferenceError({ reward: dopamineRewards.answerUnhelpful, value: 0.5, nextValue: 0.5 }));
    expect(rewarded).toBeGreaterThan(0.5);
    expect(punished).toBeLessThan(0.5);
  });

  test('plasticityRate() equals the spec\'s η(D) for D ≥ 0.1 and ramps to 0 at D = 0', () => {
    for (const d of [0.1, 0.3, 0.5, 1]) expect(plasticityRate(d, 0.2)).toBe(learningRate(d, 0.2));
    expect(plasticityRate(0.05, 1)).toBeCloseTo(0.5 * learningRate(0.05, 1), 15);
    expect(plasticityRate(0, 1)).toBe(0);
  });

  test('temporalDifferenceError() asserts finite inputs (a NaN value is a bug)', () => {
    expect(() => temporalDifferenceError({ reward: 1, value: Number.NaN, nextValue: 0 })).toThrow(/finite/);
  });
});
