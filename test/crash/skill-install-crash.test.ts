/**
 * Goal: a SIGKILL at any moment of `noctem skill install` or `skill remove` leaves a home that
 * opens and is consistent: the audit log verifies, and the skill is either installed whole
 * (its record names a folder whose files match the recorded digest, so it runs) or not at all
 * (no record; a leftover folder is harmless and replaced by the next install).
 * Method: a child process runs the real CLI command once; the parent kills it after a delay
 * drawn from a seeded xoshiro256++, checks the invariants in-process, and alternates install
 * and remove according to what the home holds. The seed and trial are in every assertion.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Xoshiro256pp } from '../../src/core/index.ts';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';
import { writeSkillFolder } from '../helpers/skill-folder.ts';
import { spawnWorker } from '../helpers/spawn-worker.ts';

const trials = 10;
let dir: string;
let home: string;
let skillDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-skill-crash-'));
  home = await initHome(join(dir, 'home'));
  const did = (await cli(['identity', 'show', '--home', home, '--json'])).json<{ did: string }>().did;
  skillDir = await writeSkillFolder(join(dir, 'crashy'), { name: 'crashy', author: did, main: 'export default (input) => ({ echoed: input });', files: { 'lib.js': 'export const x = 1;' } });
  expect((await cli(['skill', 'sign', skillDir, '--home', home])).code).toBe(0);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function installed(): Promise<boolean> {
  const listed = await cli(['skill', 'list', '--home', home, '--json']);
  return listed.json<{ skills: { name: string }[] }>().skills.some((s) => s.name === 'crashy');
}

async function expectConsistent(context: Record<string, unknown>): Promise<void> {
  const verified = await cli(['audit', 'verify', '--json', '--home', home]);
  expect({ ...context, code: verified.code, audit: verified.json() }).toMatchObject({ ...context, code: 0, audit: { valid: true } });
  if (await installed()) {
    const run = await cli(['skill', 'run', 'crashy', '--tier', 'quickjs', '--input', '7', '--home', home, '--json']);
    expect({ ...context, code: run.code, out: run.json() }).toMatchObject({ ...context, code: 0, out: { output: { echoed: 7 } } });
  }
}

test('skill install and remove killed at random moments leave a consistent home', async () => {
  const seed = 0x5c11_2026;
  const rng = Xoshiro256pp.fromSeed(seed);
  const outcomes: string[] = [];
  for (let trial = 0; trial < trials; trial += 1) {
    const verb = (await installed()) ? ['remove', 'crashy'] : ['install', skillDir, '--yes'];
    // An install or remove ends ~150-300 ms after the worker has loaded (open, verify, scan,
    // write, commit, seal): most kills land inside it.
    const delayMs = Math.floor(rng.nextFloat64() * 300);
    const worker = spawnWorker(['cli', '1', 'skill', ...verb, '--home', home]);
    await worker.started;
    await new Promise((done) => setTimeout(done, delayMs));
    worker.child.kill('SIGKILL');
    const exit = await worker.exited;
    expect({ seed, trial, delayMs, failed: exit.signal !== 'SIGKILL' && exit.code !== 0 ? exit.stderr : '' }).toEqual({ seed, trial, delayMs, failed: '' });
    await expectConsistent({ seed, trial, delayMs, verb: verb[0] });
    outcomes.push(`${verb[0]}@${delayMs}ms:${exit.signal === 'SIGKILL' ? 'killed' : 'finished'}→${(await installed()) ? 'installed' : 'absent'}`);
  }
  console.log(`skill crash trials: ${outcomes.join(', ')}`);
  if (!(await installed())) expect((await cli(['skill', 'install', skillDir, '--yes', '--home', home])).code).toBe(0);
  await expectConsistent({ seed, trial: 'after' });
}, 120_000);
