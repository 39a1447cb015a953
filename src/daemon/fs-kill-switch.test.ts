/**
 * Goal: the kill switch's sentinel is written once and atomically, read back whatever a person
 * put there (even an empty file), refuses work while it exists, and a watch notices it within
 * its poll interval. Method: real files in a temporary folder (no home store is needed: the
 * switch is a plain file precisely so that it works without the store).
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { limits, type NoctemError } from '../core/index.ts';
import { homePaths, type HomePaths } from '../store/index.ts';
import { assertNotKilled, engageKillSwitch, readKillSwitch, reviveKillSwitch, watchKillSwitch } from './fs-kill-switch.ts';

let dir: string;
let paths: HomePaths;
const nowMs = Date.UTC(2026, 0, 1);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-kill-switch-'));
  paths = homePaths(dir);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

test('engageKillSwitch() writes the sentinel that readKillSwitch() reads back', async () => {
  const result = await engageKillSwitch(paths, { reason: 'runaway skill', actor: 'person', nowMs });
  expect(result).toEqual({ alreadyEngaged: false, engagedAtMs: nowMs });
  expect(readKillSwitch(paths)).toEqual({ engaged: true, engagedAtMs: nowMs, reason: 'runaway skill', actor: 'person' });
});

test('engageKillSwitch() twice keeps the first time and leaves no temporary file', async () => {
  await engageKillSwitch(paths, { reason: 'first', nowMs });
  const second = await engageKillSwitch(paths, { reason: 'second', nowMs: nowMs + 5000 });
  expect(second).toEqual({ alreadyEngaged: true, engagedAtMs: nowMs });
  expect(readKillSwitch(paths).reason).toBe('first');
  expect(await readdir(dir)).toEqual(['KILL']);
});

test('engageKillSwitch() fails with HOME_NOT_FOUND when the home folder is missing', async () => {
  const error = await engageKillSwitch(homePaths(join(dir, 'missing')), { nowMs }).catch((e: unknown) => e);
  expect((error as NoctemError).code).toBe('HOME_NOT_FOUND');
});

test('readKillSwitch() counts an empty hand-made sentinel as engaged, dated by its modification time', async () => {
  await writeFile(paths.killSwitch, '');
  const state = readKillSwitch(paths);
  expect(state.engaged).toBe(true);
  expect(state.engagedAtMs).toBeGreaterThan(nowMs);
  expect(state.reason).toBeUndefined();
});

test('readKillSwitch() counts a sentinel that is not JSON as engaged', async () => {
  await writeFile(paths.killSwitch, 'stop everything {');
  expect(readKillSwitch(paths).engaged).toBe(true);
});

test('reviveKillSwitch() removes the sentinel and says whether it was engaged', async () => {
  await engageKillSwitch(paths, { nowMs });
  expect(await reviveKillSwitch(paths)).toBe(true);
  expect(readKillSwitch(paths)).toEqual({ engaged: false });
  expect(await reviveKillSwitch(paths)).toBe(false);
});

test('assertNotKilled() throws KILL_SWITCH_ENGAGED while the sentinel exists and passes after revive', async () => {
  expect(() => assertNotKilled(paths)).not.toThrow();
  await writeFile(paths.killSwitch, '');
  let error: unknown;
  try {
    assertNotKilled(paths);
  } catch (e) {
    error = e;
  }
  expect((error as NoctemError).code).toBe('KILL_SWITCH_ENGAGED');
  await reviveKillSwitch(paths);
  expect(() => assertNotKilled(paths)).not.toThrow();
});

test('watchKillSwitch() aborts with SKILL_KILLED within the poll interval of the sentinel appearing', async () => {
  const watch = watchKillSwitch(paths);
  try {
    expect(watch.signal.aborted).toBe(false);
    const aborted = new Promise<number>((resolve) => watch.signal.addEventListener('abort', () => resolve(performance.now())));
    const writtenAt = performance.now();
    await engageKillSwitch(paths, { reason: 'test', nowMs });
    const seenAfterMs = (await aborted) - writtenAt;
    // The poll interval plus an allowance for a loaded machine.
    expect(seenAfterMs).toBeLessThan(limits.killSwitchPollMs + 250);
    expect((watch.signal.reason as NoctemError).code).toBe('SKILL_KILLED');
    expect((watch.signal.reason as NoctemError).details['reason']).toBe('test');
  } finally {
    watch.stop();
  }
});

test('watchKillSwitch() sees a hand-made sentinel by the poll alone within pollMs', async () => {
  const pollMs = 20;
  const watch = watchKillSwitch(paths, { pollMs, fsWatch: false });
  try {
    const aborted = new Promise<number>((resolve) => watch.signal.addEventListener('abort', () => resolve(performance.now())));
    const writtenAt = performance.now();
    await writeFile(paths.killSwitch, '');
    expect((await aborted) - writtenAt).toBeLessThan(pollMs + 250);
  } finally {
    watch.stop();
  }
});

test('watchKillSwitch() aborts at once when the switch is already engaged', async () => {
  await writeFile(paths.killSwitch, '');
  const watch = watchKillSwitch(paths);
  expect(watch.signal.aborted).toBe(true);
  watch.stop();
});
