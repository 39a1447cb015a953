/**
 * Goal: a SCRAM during guarded propagation leaves its evidence and its consequences on a real
 * home (snapshot file in checkpoints/, blacklist entry, `wave.scram` audit entry in a log that
 * still verifies), hands back the last good state, refuses the propagator from then on (across
 * reopening), and `clearBlacklistedPropagator` lets it run again, audited.
 * Method: one home made by `createNoctem` per file (identity creation is slow), copied per test;
 * the faulty `amplitude-growth` propagator on a seeded conservative run of a 100-node k-NN graph.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock, isNoctemError } from '../core/index.ts';
import {
  cloneWaveState, faultyPropagators, randomKnnWaveGraph, randomWaveState, runWatchdog, stableTimeStep, velocityVerletPropagator,
  type Propagator, type WatchdogRun,
} from '../wave/index.ts';
import { copyHome } from '../../test/helpers/home.ts';
import { createNoctem, openNoctem, type Noctem } from './compose.ts';
import { clearBlacklistedPropagator, readPropagatorBlacklist } from './propagator-blacklist.ts';
import { runGuardedPropagation } from './propagator-guard.ts';
import { decodeScramSnapshot } from './scram-snapshot.ts';

let dir: string;
let template: string;
let copies = 0;
const clock = new FakeClock(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
const graph = randomKnnWaveGraph(100, { k: 8, seed: 7 });
const amplitudeGrowth = faultyPropagators.find((candidate) => candidate.name === 'amplitude-growth')!;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-guard-'));
  template = join(dir, 'template');
  await (await createNoctem(template, { clock })).close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Opens a fresh copy of the template home. */
async function freshHome(): Promise<Noctem> {
  copies += 1;
  return openNoctem(await copyHome(template, join(dir, `home-${copies}`)), { clock });
}

/** A conservative run (α = 0, β = 1, r = 1) at dt = 0.05 of the stable step. */
function conservativeRun(propagator: Propagator, steps = 1000): WatchdogRun {
  const state = cloneWaveState(randomWaveState(graph, { seed: 3 }));
  state.resonance.fill(1);
  const base = { c: 1, alpha: 0, beta: 1 };
  return { propagator, state, params: { ...base, dt: 0.05 * stableTimeStep(state, base) }, steps };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => 'ran', (error: unknown) => error);
}

test('runGuardedPropagation() runs an allowed propagator and records nothing', async () => {
  const noctem = await freshHome();
  const entries = noctem.audit.count();
  const result = await runGuardedPropagation(noctem, conservativeRun(velocityVerletPropagator));
  expect(result).toMatchObject({ scram: false, step: 1000, restored: false, violationCount: 0 });
  expect(noctem.audit.count()).toBe(entries);
  expect(readPropagatorBlacklist(noctem.store)).toEqual([]);
  await noctem.close();
});

test('runGuardedPropagation() on SCRAM writes the snapshot, blacklists, audits and restores the last good state', async () => {
  const noctem = await freshHome();
  const run = conservativeRun(amplitudeGrowth);
  const result = await runGuardedPropagation(noctem, run);
  expect(result.scram).toBe(true);
  if (!result.scram) return;
  expect(result.state).toEqual(run.state);
  expect(result.blacklisted).toEqual({
    name: 'amplitude-growth', check: 'energy', reason: expect.stringContaining('drifted'), step: 300,
    atMs: clock.nowMs(), snapshot: 'checkpoints/scram-2026-01-02T03-04-05-006Z-amplitude-growth.bin',
  });
  expect(readPropagatorBlacklist(noctem.store)).toEqual([result.blacklisted]);
  expect(await readdir(noctem.paths.checkpoints)).toEqual(['scram-2026-01-02T03-04-05-006Z-amplitude-growth.bin']);
  const snapshot = decodeScramSnapshot(await readFile(join(noctem.paths.root, result.blacklisted.snapshot!)));
  const watched = runWatchdog(run);
  expect(watched.scram && snapshot.arrays.psiRe).toEqual(watched.scram && watched.emergencyState.psiRe);
  expect(snapshot.header).toMatchObject({ propagator: 'amplitude-growth', violation: { check: 'energy', step: 300 }, lastGoodStep: 0, nodeCount: 100 });
  const [newest] = noctem.audit.list({ newestFirst: true, limit: 1 });
  expect(newest).toMatchObject({ actor: 'noctem', action: 'wave.scram' });
  expect(JSON.parse(newest!.detailsJson)).toMatchObject({ propagator: 'amplitude-growth', check: 'energy', step: 300, snapshot: result.blacklisted.snapshot });
  expect(noctem.audit.verify()).toMatchObject({ valid: true });
  await noctem.close();
});

test('runGuardedPropagation() refuses a blacklisted propagator, also after reopening, and lets others run', async () => {
  let noctem = await freshHome();
  await runGuardedPropagation(noctem, conservativeRun(amplitudeGrowth));
  const root = noctem.paths.root;
  await noctem.close();
  noctem = await openNoctem(root, { clock });
  const entries = noctem.audit.count();
  const error = await refusal(runGuardedPropagation(noctem, conservativeRun(amplitudeGrowth)));
  expect(isNoctemError(error, 'WAVE_PROPAGATOR_BLACKLISTED')).toBe(true);
  expect(noctem.audit.count()).toBe(entries);
  expect(await runGuardedPropagation(noctem, conservativeRun(velocityVerletPropagator))).toMatchObject({ scram: false });
  await noctem.close();
});

test('clearBlacklistedPropagator() allows the propagator again and audits the clearing', async () => {
  const noctem = await freshHome();
  await runGuardedPropagation(noctem, conservativeRun(amplitudeGrowth));
  const cleared = clearBlacklistedPropagator(noctem, 'amplitude-growth');
  expect(cleared.name).toBe('amplitude-growth');
  expect(readPropagatorBlacklist(noctem.store)).toEqual([]);
  const [newest] = noctem.audit.list({ newestFirst: true, limit: 1 });
  expect(newest).toMatchObject({ actor: 'person', action: 'wave.blacklist.clear' });
  expect(noctem.audit.verify()).toMatchObject({ valid: true });
  // One check only: a single violation, tolerated, so the run completes with its last good state.
  expect(await runGuardedPropagation(noctem, conservativeRun(amplitudeGrowth, 100))).toMatchObject({ scram: false, restored: true, step: 0 });
  await noctem.close();
});

test('clearBlacklistedPropagator() refuses a name that is not blacklisted and writes nothing', async () => {
  const noctem = await freshHome();
  const entries = noctem.audit.count();
  expect(() => clearBlacklistedPropagator(noctem, 'velocity-verlet')).toThrow(expect.objectContaining({ code: 'WAVE_PROPAGATOR_NOT_BLACKLISTED' }));
  expect(noctem.audit.count()).toBe(entries);
  await noctem.close();
});

test('runGuardedPropagation() still blacklists and audits when the snapshot cannot be written', async () => {
  const noctem = await freshHome();
  await rm(noctem.paths.checkpoints, { recursive: true });
  await writeFile(noctem.paths.checkpoints, 'not a folder');
  const result = await runGuardedPropagation(noctem, conservativeRun(amplitudeGrowth));
  expect(result).toMatchObject({ scram: true, blacklisted: { name: 'amplitude-growth', snapshot: null } });
  const [newest] = noctem.audit.list({ newestFirst: true, limit: 1 });
  expect(JSON.parse(newest!.detailsJson)).toMatchObject({ snapshot: null, snapshotError: expect.any(String) });
  expect(isNoctemError(await refusal(runGuardedPropagation(noctem, conservativeRun(amplitudeGrowth))), 'WAVE_PROPAGATOR_BLACKLISTED')).toBe(true);
  await noctem.close();
});
