/**
 * Goal: the autonomy state survives restarts, a corrupt saved value is an AUTONOMY_STATE_CORRUPT
 * error (never a crash), and norepinephrine's gate scales configured thresholds relative to
 * their calm value. Method: a real home (LMDB), written, closed, reopened and compared.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock } from '../core/index.ts';
import type { NodeId } from '../core/index.ts';
import type { GoalId } from '../autonomy/index.ts';
import { initHome } from '../../test/helpers/home.ts';
import { openNoctem } from './compose.ts';
import { autonomyStateKeys, initialAutonomyState, readAutonomyRevision, readAutonomyState, updateAutonomyState, writeAutonomyState, type AutonomyState } from './autonomy-state.ts';
import { gatedThreshold, relevanceGateScale } from './drive-gate.ts';

let dir: string;
let home: string;
const clock = new FakeClock();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-autonomy-state-'));
  home = await initHome(join(dir, 'home'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const sample: AutonomyState = {
  drives: { dopamine: 0.31, serotonin: 0.72, norepinephrine: 0.4, atpFraction: 0.55 },
  boredom: 0.42,
  metabolism: { atp: 550, napping: false, atMs: 1_767_225_600_000 },
  goals: [{ id: 'goal-0123456789abcdef' as GoalId, kind: 'question', description: 'How does "x" relate to "y"?', regionNodeIds: ['00000001' as NodeId], createdAtMs: 1_767_225_600_000, status: 'open' }],
  lastNapAtMs: 1_767_225_000_000,
  value: 0.01,
  nodes: 12,
  ticks: 345,
  savedAtMs: 1_767_225_600_000,
};

test('writeAutonomyState() persists a state that reads back equal after the home is reopened', async () => {
  const first = await openNoctem(home, { clock });
  first.store.write((writer) => writeAutonomyState(writer, sample));
  await first.close();
  const second = await openNoctem(home, { clock });
  try {
    expect(readAutonomyState(second.store, clock.nowMs())).toEqual(sample);
    expect(readAutonomyRevision(second.store)).toBeGreaterThanOrEqual(1);
  } finally {
    await second.close();
  }
});

test('readAutonomyState() gives the baseline when nothing was saved', async () => {
  const noctem = await openNoctem(home, { clock });
  try {
    noctem.store.write((writer) => writer.remove('meta', autonomyStateKeys.state));
    expect(readAutonomyState(noctem.store, 5)).toEqual(initialAutonomyState(5));
  } finally {
    await noctem.close();
  }
});

test('readAutonomyState() reports a corrupt saved value as AUTONOMY_STATE_CORRUPT', async () => {
  const noctem = await openNoctem(home, { clock });
  try {
    for (const bad of [42, { ...sample, drives: { ...sample.drives, dopamine: 2 } }, { ...sample, goals: [{ id: 1 }] }, { ...sample, metabolism: null }, { ...sample, boredom: Number.NaN }]) {
      noctem.store.write((writer) => writer.put('meta', autonomyStateKeys.state, bad));
      expect(() => readAutonomyState(noctem.store, 0)).toThrow(expect.objectContaining({ code: 'AUTONOMY_STATE_CORRUPT' }));
    }
  } finally {
    noctem.store.write((writer) => writer.remove('meta', autonomyStateKeys.state));
    await noctem.close();
  }
});

test('updateAutonomyState() writes nothing when the change throws', async () => {
  const noctem = await openNoctem(home, { clock });
  try {
    const before = readAutonomyRevision(noctem.store);
    expect(() => updateAutonomyState(noctem.store, () => { throw new Error('no'); }, { nowMs: 1 })).toThrow('no');
    expect(readAutonomyRevision(noctem.store)).toBe(before);
    updateAutonomyState(noctem.store, (s) => ({ ...s, boredom: 0.5 }), { nowMs: 1 });
    expect(readAutonomyRevision(noctem.store)).toBe(before + 1);
  } finally {
    await noctem.close();
  }
});

test('relevanceGateScale() is 1 when calm and 0.5 at N = 1', () => {
  expect(relevanceGateScale(0)).toBe(1);
  expect(relevanceGateScale(1)).toBeCloseTo(0.5, 12);
  expect(relevanceGateScale(0.5)).toBeCloseTo(0.75, 12);
});

test('gatedThreshold() keeps a configured threshold at baseline drives and lowers it with arousal', async () => {
  const noctem = await openNoctem(home, { clock });
  try {
    noctem.store.write((writer) => writer.remove('meta', autonomyStateKeys.state));
    expect(gatedThreshold(noctem.store, { configured: 0.4, nowMs: 0 })).toBe(0.4);
    expect(gatedThreshold(noctem.store, { configured: 0, nowMs: 0 })).toBe(0);
    noctem.store.write((writer) => writeAutonomyState(writer, { ...sample, drives: { ...sample.drives, norepinephrine: 1 } }));
    expect(gatedThreshold(noctem.store, { configured: 0.4, nowMs: 0 })).toBeCloseTo(0.2, 12);
  } finally {
    await noctem.close();
  }
});
