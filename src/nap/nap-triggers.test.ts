import { describe, expect, test } from 'vitest';
import { napTriggers, napTriggerThresholds, type NapTriggerInput } from './nap-triggers.ts';

const calm: NapTriggerInput = { dopamine: 0.5, dirtyNodes: 0, manual: false, sinceLastNapMs: 0, atpFraction: 1 };

describe('napTriggers()', () => {
  test('napTriggers() fires nothing for a calm, fresh home', () => {
    expect(napTriggers(calm)).toEqual([]);
    expect(napTriggers({ ...calm, sinceLastNapMs: undefined })).toEqual([]);
  });

  test('napTriggers() fires each trigger just past its threshold and not at it', () => {
    expect(napTriggers({ ...calm, dopamine: 0.2 })).toEqual([]);
    expect(napTriggers({ ...calm, dopamine: 0.19999 })).toEqual(['dopamine-low']);
    expect(napTriggers({ ...calm, dirtyNodes: 10_000 })).toEqual([]);
    expect(napTriggers({ ...calm, dirtyNodes: 10_001 })).toEqual(['dirty-nodes']);
    expect(napTriggers({ ...calm, sinceLastNapMs: napTriggerThresholds.scheduleIntervalMs - 1 })).toEqual([]);
    expect(napTriggers({ ...calm, sinceLastNapMs: 6 * 3600 * 1000 })).toEqual(['scheduled']);
    expect(napTriggers({ ...calm, atpFraction: 0.05 })).toEqual([]);
    expect(napTriggers({ ...calm, atpFraction: 0.0499 })).toEqual(['atp-low']);
    expect(napTriggers({ ...calm, manual: true })).toEqual(['manual']);
  });

  test('napTriggers() lists every firing trigger in spec order', () => {
    expect(napTriggers({ dopamine: 0, dirtyNodes: 20_000, manual: true, sinceLastNapMs: 1e9, atpFraction: 0 }))
      .toEqual(['dopamine-low', 'dirty-nodes', 'manual', 'scheduled', 'atp-low']);
  });
});
