/**
 * Goal: `noctem nap` naps at the saved drives and saves the nap's effect as the daemon does:
 * serotonin +0.2 (clamped to 1), the last nap set, the ATP recharged for the nap's length.
 * Method: a home made by the in-process CLI, drives written into the autonomy state directly,
 * `noctem nap --json` then `noctem status --json`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { initialAutonomyState, openNoctem, writeAutonomyState } from '../../daemon/index.ts';
import { cli } from '../../../test/helpers/cli.ts';
import { initHome } from '../../../test/helpers/home.ts';

let dir: string;
let home: string;

async function setDrives(serotonin: number, atp: number): Promise<void> {
  const noctem = await openNoctem(home);
  try {
    const state = initialAutonomyState(Date.UTC(2026, 0, 1));
    noctem.store.write((w) => writeAutonomyState(w, {
      ...state, drives: { ...state.drives, serotonin, dopamine: 0.7 }, metabolism: { ...state.metabolism, atp },
    }));
  } finally {
    await noctem.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-nap-'));
  home = await initHome(join(dir, 'home'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

test('noctem nap raises the saved serotonin by 0.2 and sets lastNap, keeping the other drives', async () => {
  await setDrives(0.3, 1000);
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 1));
  const nap = await cli(['nap', '--json', '--home', home], { clock });
  expect(nap.code, nap.stderr).toBe(0);
  expect(nap.json()).toHaveProperty('checkpoint');
  const status = (await cli(['status', '--json', '--home', home], { clock })).json<{ chemistry: Record<string, number>; lastNap: string | null }>();
  expect(status.chemistry['serotonin']).toBeCloseTo(0.5, 12);
  expect(status.chemistry['dopamine']).toBeCloseTo(0.7, 12);
  expect(status.lastNap).toBe(new Date(clock.nowMs()).toISOString());
}, 15_000);

test('noctem nap clamps serotonin at 1', async () => {
  await setDrives(0.9, 1000);
  expect((await cli(['nap', '--json', '--home', home])).code).toBe(0);
  const status = (await cli(['status', '--json', '--home', home])).json<{ chemistry: Record<string, number> }>();
  expect(status.chemistry['serotonin']).toBe(1);
}, 15_000);
