/**
 * Goal: `restore` is atomic (issue 5): a SIGKILL at any moment leaves the target either absent
 * or a complete home whose memory equals the chain's and whose audit log verifies; the temp
 * folder a killed restore leaves is removed by the next restore of the same target, which
 * then completes.
 * Method: a chain of a full snapshot and two differentials written from a bare LMDB store of
 * seeded random documents (about a hundred nodes). Each trial spawns test/crash/restore-child.ts
 * on the same target, waits a delay drawn from a seeded xoshiro256++ after the child has
 * loaded, and SIGKILLs it; then it inspects the target and the temp folders. A final
 * uninterrupted restore must succeed and leave no temp folder. The seed and trial are part of
 * every assertion, so a failure names its replay.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Xoshiro256pp } from '../../src/core/index.ts';
import { openNoctem, restoreHome } from '../../src/daemon/index.ts';
import { putDocument, removeDocument } from '../../src/ingest/index.ts';
import { createProjection } from '../../src/manifold/index.ts';
import { sourceIdOf } from '../../src/recall/index.ts';
import { openLmdbHomeStore } from '../../src/store/index.ts';
import { checkpointStore, memoryDump, randomDocument } from '../helpers/checkpoint.ts';

const root = resolve(import.meta.dirname, '../..');
const seed = 0x1e57_0005;
const trials = 5;
/** Kill delays are uniform in [0, killDelayMsMax) after the child loaded: reading, replay, home creation, writing, rename. */
const killDelayMsMax = 1200;

let dir: string;
let target: string;
let files: string[];
let expected: Map<string, string>;
const rng = Xoshiro256pp.fromSeed(seed);

/** Runs the child, SIGKILLs it `delayMs` after it printed `started` (unless it exits first). */
function runChild(delayMs: number): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'crash', 'restore-child.ts'), target, ...files], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (timer === undefined && stdout.includes('started\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ signal, code, stderr });
    });
  });
}

/** Problems of a restored home (empty when it is the chain's memory with a valid audit log). */
async function problemsIn(home: string): Promise<string[]> {
  const noctem = await openNoctem(home);
  try {
    const problems: string[] = [];
    const dump = memoryDump(noctem.store);
    if (dump.size !== expected.size || [...expected].some(([key, value]) => dump.get(key) !== value)) problems.push('its memory differs from the chain\'s');
    if (!noctem.audit.verify().valid) problems.push('its audit log does not verify');
    return problems;
  } finally {
    await noctem.close();
  }
}

async function leftovers(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('.restored.restore-'));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-restore-crash-'));
  target = join(dir, 'restored');
  const store = openLmdbHomeStore(join(dir, 'source'));
  try {
    const projection = createProjection('c7a5'.repeat(16), 16);
    const docs = Xoshiro256pp.fromSeed(seed);
    files = [];
    for (const [step, from, to] of [[0, 0, 40], [1, 40, 60], [2, 60, 70]] as const) {
      store.write((w) => {
        for (let n = from; n < to; n++) putDocument(w, projection, randomDocument(docs, n, step));
        if (step > 0) removeDocument(w, sourceIdOf(`notes/${step}.txt`));
      });
      const written = await checkpointStore(store, { nowMs: 1_000_000 + step });
      files.push(join(dir, `chain-${step}.nik`));
      await writeFile(files[step]!, written.bytes);
    }
    expected = memoryDump(store);
  } finally {
    await store.close();
  }
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('restore killed at random moments leaves no home or a whole one, and the next restore cleans up and completes', async () => {
  const outcomes: string[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const delayMs = Math.floor(rng.nextFloat64() * killDelayMsMax);
    const run = await runChild(delayMs);
    expect({ seed, trial, delayMs, died: run.signal === null && run.code !== 0 ? run.stderr : false }).toEqual({ seed, trial, delayMs, died: false });
    const names = await readdir(dir);
    if (names.includes('restored')) {
      outcomes.push('complete');
      expect({ seed, trial, delayMs, problems: await problemsIn(target) }).toEqual({ seed, trial, delayMs, problems: [] });
      await rm(target, { recursive: true, force: true });
    } else {
      // Either before the temp folder existed, or mid-build: the next restore must remove it.
      outcomes.push((await leftovers()).length > 0 ? 'killed-building' : 'killed-reading');
    }
  }
  expect({ seed, outcomes, midBuild: outcomes.includes('killed-building') }).toMatchObject({ midBuild: true });
  const result = await restoreHome(files, target);
  expect(result.files).toEqual(files);
  expect(await problemsIn(target)).toEqual([]);
  expect(await leftovers()).toEqual([]);
}, 60_000);
