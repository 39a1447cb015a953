/**
 * Goal: each drive event moves exactly the levels its table row names, by the documented
 * amounts, and never touches ATP. Method: one event at a time from the initial state.
 */
import { describe, expect, test } from 'vitest';
import { applyDriveEvent } from './drive-event.ts';
import { initialDriveState } from './drive-state.ts';

const start = { ...initialDriveState, norepinephrine: 0.2, atpFraction: 0.4 };

describe('drive events', () => {
  test('applyDriveEvent() answer-feedback moves only dopamine, up when helpful and down when not', () => {
    const up = applyDriveEvent(start, { kind: 'answer-feedback', helpful: true, value: 0.5, nextValue: 0.5 });
    const down = applyDriveEvent(start, { kind: 'answer-feedback', helpful: false, value: 0.5, nextValue: 0.5 });
    expect(up).toEqual({ ...start, dopamine: 0.5 + 0.1 * (1 + 0.95 * 0.5 - 0.5) });
    expect(down.dopamine).toBeCloseTo(0.5 + 0.1 * (-1 + 0.95 * 0.5 - 0.5), 15);
    expect({ ...down, dopamine: 0 }).toEqual({ ...start, dopamine: 0 });
  });

  test('applyDriveEvent() goal-completed rewards dopamine and adds 0.05 serotonin', () => {
    const next = applyDriveEvent(start, { kind: 'goal-completed', value: 0.2, nextValue: 0.3 });
    expect(next.dopamine).toBeCloseTo(0.5 + 0.1 * (1 + 0.95 * 0.3 - 0.2), 15);
    expect(next.serotonin).toBeCloseTo(0.55, 15);
    expect(next.norepinephrine).toBe(start.norepinephrine);
  });

  test('applyDriveEvent() nap-completed adds 0.2 serotonin only', () => {
    expect(applyDriveEvent(start, { kind: 'nap-completed' })).toEqual({ ...start, serotonin: 0.7 });
  });

  test('applyDriveEvent() security-alert drops serotonin 0.5 and raises norepinephrine 0.5', () => {
    expect(applyDriveEvent(start, { kind: 'security-alert' })).toEqual({ ...start, serotonin: 0, norepinephrine: 0.7 });
  });

  test('applyDriveEvent() novelty raises norepinephrine by 0.3 × novelty', () => {
    expect(applyDriveEvent(start, { kind: 'novelty', novelty: 1 }).norepinephrine).toBeCloseTo(0.5, 15);
  });
});
