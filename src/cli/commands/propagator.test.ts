/**
 * Goal: `noctem propagator list` shows what a SCRAM blacklisted, and `noctem propagator clear
 * NAME` removes it (audited), refusing an unknown name with a not-found code and bad usage
 * before the home is opened.
 * Method: a home made by the in-process `init`; a real SCRAM of the faulty `amplitude-growth`
 * propagator through the daemon puts an entry on its blacklist; each test works on a copy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { openNoctem, runGuardedPropagation } from '../../daemon/index.ts';
import { cloneWaveState, faultyPropagators, randomKnnWaveGraph, randomWaveState, stableTimeStep } from '../../wave/index.ts';
import { cli, type CliResult } from '../../../test/helpers/cli.ts';
import { copyHome, initHome } from '../../../test/helpers/home.ts';

let dir: string;
let empty: string;
let scrammed: string;
let copies = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-propagator-cli-'));
  empty = await initHome(join(dir, 'empty'));
  scrammed = await copyHome(empty, join(dir, 'scrammed'));
  const noctem = await openNoctem(scrammed, { clock: new FakeClock() });
  const state = cloneWaveState(randomWaveState(randomKnnWaveGraph(60, { k: 6, seed: 2 }), { seed: 3 }));
  state.resonance.fill(1);
  const base = { c: 1, alpha: 0, beta: 1 };
  const propagator = faultyPropagators.find((candidate) => candidate.name === 'amplitude-growth')!;
  const result = await runGuardedPropagation(noctem, { propagator, state, params: { ...base, dt: 0.05 * stableTimeStep(state, base) }, steps: 1000 });
  await noctem.close();
  expect(result.scram).toBe(true);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(at: string, ...argv: string[]): Promise<CliResult> {
  return cli([...argv, '--home', at]);
}

async function copy(): Promise<string> {
  copies += 1;
  return copyHome(scrammed, join(dir, `copy-${copies}`));
}

test('propagator list --json lists the blacklisted propagator with its snapshot', async () => {
  const result = await run(scrammed, 'propagator', 'list', '--json');
  expect(result.code).toBe(0);
  expect(result.json()).toEqual({
    entries: [{
      name: 'amplitude-growth', check: 'energy', reason: expect.stringContaining('drifted'), step: 300,
      atMs: Date.UTC(2026, 0, 1), at: '2026-01-01T00:00:00.000Z', snapshot: 'checkpoints/scram-2026-01-01T00-00-00-000Z-amplitude-growth.bin',
    }],
  });
});

test('propagator list prints one entry per propagator as text, or says there is none', async () => {
  expect((await run(scrammed, 'propagator', 'list')).stdout).toMatch(
    /^amplitude-growth {2}blacklisted 2026-01-01T00:00:00\.000Z {2}energy at step 300: H = .*\n {2}snapshot: checkpoints\/scram-2026-01-01T00-00-00-000Z-amplitude-growth\.bin\n$/,
  );
  expect((await run(empty, 'propagator', 'list')).stdout).toBe('No propagator is blacklisted.\n');
});

test('propagator clear NAME removes the entry and audits it', async () => {
  const home = await copy();
  const result = await run(home, 'propagator', 'clear', 'amplitude-growth', '--json');
  expect(result.code).toBe(0);
  expect(result.json()).toEqual({ cleared: 'amplitude-growth', remaining: 0 });
  expect((await run(home, 'propagator', 'list', '--json')).json()).toEqual({ entries: [] });
  const audit = (await run(home, 'audit', '--limit', '1', '--json')).json<{ entries: { action: string; details: unknown }[] }>();
  expect(audit.entries[0]).toMatchObject({ action: 'wave.blacklist.clear', details: { name: 'amplitude-growth' } });
  expect((await run(home, 'audit', 'verify', '--json')).json()).toMatchObject({ valid: true });
});

test('propagator clear prints what it did as text', async () => {
  const result = await run(await copy(), 'propagator', 'clear', 'amplitude-growth');
  expect(result.stdout).toBe('Cleared "amplitude-growth": it may run again. 0 propagators still blacklisted.\n');
});

test('propagator clear of an unknown name exits 1 with WAVE_PROPAGATOR_NOT_BLACKLISTED', async () => {
  const result = await run(scrammed, 'propagator', 'clear', 'velocity-verlet', '--json');
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ error: { code: 'WAVE_PROPAGATOR_NOT_BLACKLISTED' } });
});

test('propagator clear without exactly one name is a usage error', async () => {
  for (const argv of [['propagator', 'clear'], ['propagator', 'clear', 'a', 'b']]) {
    const result = await run(scrammed, ...argv, '--json');
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({ error: { code: 'USAGE' } });
  }
});
