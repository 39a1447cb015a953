/**
 * Goal: the drive state starts at the baselines and parseDriveState() accepts exactly the
 * four levels in [0, 1]. Method: good and bad records, checking error codes.
 */
import { describe, expect, test } from 'vitest';
import { NoctemError } from '../core/index.ts';
import { clampUnit, driveBaselines, driveKeys, initialDriveState, parseDriveState } from './drive-state.ts';

const codeOf = (value: unknown): string | undefined => {
  try { parseDriveState(value); return undefined; } catch (error) { return error instanceof NoctemError ? error.code : 'not a NoctemError'; }
};

describe('drive state', () => {
  test('initialDriveState is every chemical at its baseline with a full ATP reserve', () => {
    expect(initialDriveState).toEqual({ dopamine: 0.5, serotonin: 0.5, norepinephrine: 0, atpFraction: 1 });
    expect(driveBaselines).toEqual({ dopamine: 0.5, serotonin: 0.5, norepinephrine: 0 });
    expect(driveKeys).toEqual(['dopamine', 'serotonin', 'norepinephrine', 'atpFraction']);
  });

  test('parseDriveState() returns the four levels and drops other keys', () => {
    expect(parseDriveState({ dopamine: 0, serotonin: 1, norepinephrine: 0.25, atpFraction: 0.5, extra: 'x' }))
      .toEqual({ dopamine: 0, serotonin: 1, norepinephrine: 0.25, atpFraction: 0.5 });
  });

  test('parseDriveState() refuses a missing, non-numeric or out-of-range level with AUTONOMY_DRIVES_INVALID', () => {
    expect(codeOf(null)).toBe('AUTONOMY_DRIVES_INVALID');
    expect(codeOf('0.5')).toBe('AUTONOMY_DRIVES_INVALID');
    expect(codeOf({ dopamine: 0.5, serotonin: 0.5, norepinephrine: 0 })).toBe('AUTONOMY_DRIVES_INVALID');
    expect(codeOf({ ...initialDriveState, dopamine: '0.5' })).toBe('AUTONOMY_DRIVES_INVALID');
    expect(codeOf({ ...initialDriveState, serotonin: 1.01 })).toBe('AUTONOMY_DRIVES_INVALID');
    expect(codeOf({ ...initialDriveState, atpFraction: Number.NaN })).toBe('AUTONOMY_DRIVES_INVALID');
    expect(codeOf(initialDriveState)).toBeUndefined();
  });

  test('clampUnit() clamps into [0, 1]', () => {
    expect([-0.5, 0.25, 7].map(clampUnit)).toEqual([0, 0.25, 1]);
  });
});
