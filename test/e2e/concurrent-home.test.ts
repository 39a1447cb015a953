/**
 * Goal: several processes writing one home at once do not corrupt it (issue 2: "Two
 * processes writing the same home must not corrupt it"): every write lands, both chains
 * verify afterwards, and a rotation racing with appends keeps the audit log verifiable.
 * Method: three child processes on one home at the same time: one appends audit batches
 * through the service, one renames the profile through the real CLI code, one rotates the
 * identity through the real CLI code; then the parent checks counts and verifies.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';
import { spawnWorker } from '../helpers/spawn-worker.ts';

let dir: string;
let home: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-concurrent-'));
  home = await initHome(join(dir, 'home'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('three processes appending, renaming and rotating at once leave a home that verifies', async () => {
  const [batches, batchSize, renames, rotations] = [40, 250, 6, 2];
  const workers = [
    spawnWorker(['audit', home, String(batches), String(batchSize)]),
    spawnWorker(['cli', String(renames), 'profile', '--name', 'Written by the renamer', '--home', home]),
    spawnWorker(['cli', String(rotations), 'identity', 'rotate', '--home', home]),
  ];
  const results = await Promise.all(workers.map((worker) => worker.exited));
  for (const result of results) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });

  const verified = await cli(['audit', 'verify', '--json', '--home', home]);
  expect(verified.json()).toMatchObject({ valid: true, entries: 1 + batches * batchSize + renames + rotations });
  expect((await cli(['identity', 'show', '--json', '--home', home])).json()).toMatchObject({
    sequence: rotations,
    chainValid: true,
    name: 'Written by the renamer',
    signingKey: { present: true },
    nextKeyPresent: true,
  });
}, 120_000);
