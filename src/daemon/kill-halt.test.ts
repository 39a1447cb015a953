/**
 * Goal: haltOnKill() records `kill.halt` (reason, halt time, forced or not) exactly when the
 * kill switch stopped the work, and gives up on work that overruns its grace period.
 * Method: a real home and the real sentinel (engageKillSwitch, watchKillSwitch); the work is a
 * promise that ends when the signal aborts, or one that never ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { initHome } from '../../test/helpers/home.ts';
import { openNoctem, type Noctem } from './compose.ts';
import { engageKillSwitch, reviveKillSwitch, watchKillSwitch, type KillSwitchWatch } from './fs-kill-switch.ts';
import { haltOnKill } from './kill-halt.ts';

let dir: string;
let noctem: Noctem;
let kill: KillSwitchWatch;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-kill-halt-'));
  noctem = await openNoctem(await initHome(join(dir, 'home')));
});
afterEach(async () => {
  kill.stop();
  await reviveKillSwitch(noctem.paths);
});
afterAll(async () => {
  await noctem.close();
  await rm(dir, { recursive: true, force: true });
});

function haltEntries(): Record<string, unknown>[] {
  return noctem.audit.list().filter((e) => e.action === 'kill.halt').map((e) => JSON.parse(e.detailsJson) as Record<string, unknown>);
}

function untilAborted(signal: AbortSignal, value: string): Promise<string> {
  return new Promise((resolve) => signal.addEventListener('abort', () => setTimeout(() => resolve(value), 5), { once: true }));
}

test('haltOnKill() returns the result and records nothing when the work ends without the switch', async () => {
  kill = watchKillSwitch(noctem.paths);
  const before = haltEntries().length;
  const { result, halt } = await haltOnKill(noctem, Promise.resolve(42), { signal: kill.signal });
  expect(result).toBe(42);
  expect(halt).toBeNull();
  expect(haltEntries()).toHaveLength(before);
});

test('haltOnKill() records kill.halt with the reason and the halt time when the switch stops the work', async () => {
  kill = watchKillSwitch(noctem.paths);
  const work = untilAborted(kill.signal, 'stopped');
  await engageKillSwitch(noctem.paths, { reason: 'test halt', nowMs: noctem.clock.nowMs() });
  const { result, halt } = await haltOnKill(noctem, work, { signal: kill.signal, process: 'daemon' });
  expect(result).toBe('stopped');
  expect(halt).toMatchObject({ process: 'daemon', reason: 'test halt', forced: false });
  expect(halt?.haltMs).toBeGreaterThanOrEqual(0);
  expect(halt?.haltMs).toBeLessThan(1000);
  expect(haltEntries().at(-1)).toEqual({ ...halt });
});

test('haltOnKill() records a forced halt and calls onOverrun when the work overruns the grace period', async () => {
  await engageKillSwitch(noctem.paths, { nowMs: noctem.clock.nowMs() });
  kill = watchKillSwitch(noctem.paths);
  const before = haltEntries().length;
  let overran = (): void => undefined;
  const overrun = new Promise<void>((resolve) => (overran = resolve));
  let finish = (): void => undefined;
  const work = new Promise<string>((resolve) => (finish = () => resolve('late')));
  const halting = haltOnKill(noctem, work, { signal: kill.signal, graceMs: 30, onOverrun: () => overran() });
  await overrun;
  expect(haltEntries().at(-1)).toMatchObject({ forced: true, reason: null });
  finish();
  const { halt } = await halting;
  // The forced record stands: one entry, not a second one when the work ends at last.
  expect(halt?.forced).toBe(true);
  expect(haltEntries()).toHaveLength(before + 1);
});
