import { describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../core/index.ts';
import { planReplays, replayBeta, replayExperiences } from './replay-plan.ts';

describe('replayBeta()', () => {
  test('replayBeta() is 0.5 at the baselines, 0.8 in flow, 0.2 under stress, and linear between', () => {
    expect(replayBeta({ dopamine: 0.5, norepinephrine: 0 })).toBeCloseTo(0.5, 12);
    expect(replayBeta({ dopamine: 0.7, norepinephrine: 0.5 })).toBeCloseTo(0.8, 12);
    expect(replayBeta({ dopamine: 1, norepinephrine: 0.7 })).toBeCloseTo(0.2, 12);
    expect(replayBeta({ dopamine: 0.1, norepinephrine: 1 })).toBeCloseTo(0.2, 12);
    expect(replayBeta({ dopamine: 0.6, norepinephrine: 0 })).toBeCloseTo(0.65, 12);
    expect(replayBeta({ dopamine: 0.5, norepinephrine: 0.6 })).toBeCloseTo(0.35, 12);
  });
});

describe('replayExperiences()', () => {
  test('replayExperiences() gives each fed-back result the share of its feedback that was −1, dropping error 0', () => {
    const out = replayExperiences([
      { id: 'a', signal: -1 }, { id: 'b', signal: 1 }, { id: 'c', signal: -1 }, { id: 'c', signal: 1 }, { id: 'a', signal: -1 },
    ]);
    expect(out).toEqual([{ id: 'a', error: 1 }, { id: 'c', error: 0.5 }]);
  });
});

describe('planReplays()', () => {
  test('planReplays() draws the requested count, only from the experiences, none without any', () => {
    const rng = Xoshiro256pp.fromSeed(5);
    expect(planReplays([], { drives: { dopamine: 0.5, norepinephrine: 0 }, count: 4, rng })).toEqual([]);
    const experiences = Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, error: i === 0 ? 1 : 0.1, coord: new Uint16Array(9).fill(i * 3000) }));
    const order = planReplays(experiences, { drives: { dopamine: 0.5, norepinephrine: 0 }, count: 20, rng });
    expect(order).toHaveLength(20);
    expect(order.every((i) => i >= 0 && i < 5)).toBe(true);
    // Priority halves after each replay: the worst query cannot take every replay.
    expect(order.filter((i) => i === 0).length).toBeLessThan(20);
  });
});
