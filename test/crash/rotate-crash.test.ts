/**
 * Goal: a SIGKILL at any moment of `identity rotate` or of an audit batch append leaves a
 * home that opens and is consistent (DESIGN.md "Nothing lost"): the key event log
 * verifies with the living and next secrets present, the audit log verifies, and the
 * identity can rotate again.
 * Method: a child process loops the real `identity rotate` command (or appends audit
 * batches of 1000) on one home; after it reports it has started, the parent waits a
 * delay drawn from a seeded xoshiro256++ and kills it with SIGKILL, then checks the
 * invariants in-process before the next trial. Kills accumulate on the same home. The
 * seed and trial are part of every assertion, so a failure names its replay. The two
 * tests use their own homes and run concurrently to keep the file near 30-60 s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Xoshiro256pp } from '../../src/core/index.ts';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';
import { spawnWorker } from '../helpers/spawn-worker.ts';

const trials = 10;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-crash-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What must hold after every kill. */
async function expectConsistent(home: string, context: Record<string, unknown>): Promise<void> {
  const shown = await cli(['identity', 'show', '--json', '--home', home]);
  expect({ ...context, code: shown.code, show: shown.json() }).toMatchObject({
    ...context,
    code: 0,
    show: { chainValid: true, signingKey: { present: true }, nextKeyPresent: true },
  });
  const verified = await cli(['audit', 'verify', '--json', '--home', home]);
  expect({ ...context, code: verified.code, audit: verified.json() }).toMatchObject({ ...context, code: 0, audit: { valid: true } });
}

/** Starts `args` as a worker, kills it `delayMs` after it started, and waits for it to go. */
async function killAfter(args: readonly string[], delayMs: number): Promise<number> {
  const worker = spawnWorker(args);
  await worker.started;
  await new Promise((done) => setTimeout(done, delayMs));
  worker.child.kill('SIGKILL');
  const exit = await worker.exited;
  if (exit.signal !== 'SIGKILL' && exit.code !== 0) throw new Error(`the worker failed before the kill: ${exit.stderr}`);
  return worker.steps();
}

test.concurrent('identity rotate killed at random moments leaves a consistent home that rotates again', async () => {
  const seed = 0x5eed_2026;
  const rng = Xoshiro256pp.fromSeed(seed);
  const home = await initHome(join(dir, 'rotate'));
  let rotations = 0;
  for (let trial = 0; trial < trials; trial += 1) {
    // One rotation takes ~1-2 s here (open, SLH-DSA signing, commit, prune, seal).
    const delayMs = Math.floor(rng.nextFloat64() * 2500);
    rotations += await killAfter(['cli', 'forever', 'identity', 'rotate', '--home', home], delayMs);
    await expectConsistent(home, { seed, trial, delayMs });
  }
  const sequence = (await cli(['identity', 'show', '--json', '--home', home])).json<{ sequence: number }>().sequence;
  expect(sequence).toBeGreaterThanOrEqual(rotations);
  const again = await cli(['identity', 'rotate', '--json', '--home', home]);
  expect({ seed, code: again.code, out: again.json() }).toMatchObject({ seed, code: 0, out: { sequence: sequence + 1 } });
  await expectConsistent(home, { seed, trial: 'after' });
}, 120_000);

test.concurrent('audit batches killed at random moments leave a log that verifies and appends again', async () => {
  const seed = 0xa0d1_7000;
  const rng = Xoshiro256pp.fromSeed(seed);
  const home = await initHome(join(dir, 'audit'));
  for (let trial = 0; trial < trials; trial += 1) {
    const delayMs = Math.floor(rng.nextFloat64() * 400);
    await killAfter(['audit', home, '200', '1000'], delayMs);
    await expectConsistent(home, { seed, trial, delayMs });
  }
  const before = (await cli(['audit', '--json', '--limit', '1', '--home', home])).json<{ total: number }>().total;
  expect((await cli(['profile', '--name', 'After the crashes', '--home', home])).code).toBe(0);
  expect((await cli(['audit', 'verify', '--json', '--home', home])).json()).toMatchObject({ valid: true, entries: before + 1 });
  expect((await cli(['identity', 'rotate', '--json', '--home', home])).code).toBe(0);
  await expectConsistent(home, { seed, trial: 'after' });
}, 120_000);
