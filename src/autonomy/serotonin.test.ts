/**
 * Goal: serotonin's event jumps follow the issue (+0.2 nap, +0.05 goal, −0.5 alert, clamped)
 * and restoringRate() is the spec's λ(S) above the lock level and 0 at S = 0.
 * Method: hand-computed values.
 */
import { describe, expect, test } from 'vitest';
import { elasticity } from '../wave/index.ts';
import { restoringRate, serotoninAfter } from './serotonin.ts';

describe('serotonin', () => {
  test('serotoninAfter() adds 0.2 after a nap, 0.05 per goal, and removes 0.5 on a security alert', () => {
    expect(serotoninAfter(0.5, 'nap-completed')).toBeCloseTo(0.7, 15);
    expect(serotoninAfter(0.5, 'goal-completed')).toBeCloseTo(0.55, 15);
    expect(serotoninAfter(0.6, 'security-alert')).toBeCloseTo(0.1, 15);
  });

  test('serotoninAfter() clamps to [0, 1]', () => {
    expect(serotoninAfter(0.9, 'nap-completed')).toBe(1);
    expect(serotoninAfter(0.3, 'security-alert')).toBe(0);
  });

  test('restoringRate() equals the spec\'s λ(S) for S ≥ 0.1 and ramps to 0 at S = 0', () => {
    for (const s of [0.1, 0.5, 0.9]) expect(restoringRate(s, 0.4)).toBe(elasticity(s, 0.4));
    expect(restoringRate(0.02, 1)).toBeCloseTo(0.2 * elasticity(0.02, 1), 15);
    expect(restoringRate(0, 1)).toBe(0);
  });
});
