/**
 * Goal: a SIGKILL at any moment of a nap leaves a home that opens with its audit log valid
 * and its memory invariants intact (every document whole, no orphan, the k-NN graph well
 * formed), with every chunk and source as before: a nap rewrites node records in one
 * transaction and never deletes anything.
 * Method: a home with seeded documents, active nodes and unhelpful feedback; each trial
 * spawns test/crash/nap-child.ts (naps in a loop) on it, waits a delay drawn from a seeded
 * xoshiro256++ after the child has loaded, SIGKILLs it, then reopens the home in-process and
 * checks. Kills accumulate on one home. The seed and trial are in every assertion.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Xoshiro256pp } from '../../src/core/index.ts';
import { openNoctem } from '../../src/daemon/index.ts';
import { putDocument } from '../../src/ingest/index.ts';
import { createProjection, decodeNodeRecord, encodeNodeRecord } from '../../src/manifold/index.ts';
import type { ChunkRecord } from '../../src/recall/index.ts';
import { randomDocument } from '../helpers/checkpoint.ts';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';
import { memoryProblems } from '../helpers/memory-invariants.ts';

const root = resolve(import.meta.dirname, '../..');
const seed = 0x1e57_0006;
const trials = 4;
/** Kills land a delay uniform in [0, killDelayMsMax) after the child loaded its modules. */
const killDelayMsMax = 1500;

let dir: string;
let home: string;
let chunksBefore: string;
let sourcesBefore: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-nap-crash-'));
  home = await initHome(join(dir, 'home'));
  const noctem = await openNoctem(home);
  try {
    const projection = createProjection(noctem.config.projectionSeed, 16);
    const rng = Xoshiro256pp.fromSeed(seed);
    noctem.store.write((w) => {
      for (let n = 0; n < 30; n++) putDocument(w, projection, randomDocument(rng, n, 1));
    });
    noctem.store.write((w) => {
      for (const { key, value } of [...w.range('nodes')]) {
        const node = decodeNodeRecord(value as Uint8Array);
        w.put('nodes', key, encodeNodeRecord({ ...node, r: rng.nextFloat64(), psi: { re: rng.nextGaussian(), im: rng.nextGaussian() } }));
      }
      for (const { value } of [...w.range('chunks')].slice(0, 10)) {
        const chunk = value as ChunkRecord;
        w.put('feedback', [1, chunk.id], { id: chunk.id, signal: -1, sourceId: chunk.sourceId, topic: null, atMs: 1 });
      }
    });
    chunksBefore = JSON.stringify([...noctem.store.range('chunks')]);
    sourcesBefore = JSON.stringify([...noctem.store.range('sources')]);
  } finally {
    await noctem.close();
  }
}, 30_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the child until `started`, waits `delayMs`, kills it; resolves with its output. */
function napThenKill(delayMs: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'crash', 'nap-child.ts'), home, '50'], {
    cwd: root, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? root }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (timer === undefined && output.includes('started\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  return new Promise((done) => child.on('close', () => {
    clearTimeout(timer);
    done(output);
  }));
}

test('a SIGKILL during naps leaves a home with a valid audit log, intact memory and untouched chunks', async () => {
  const rng = Xoshiro256pp.fromSeed(seed + 1);
  let napsDone = 0;
  for (let trial = 0; trial < trials; trial++) {
    const delayMs = Math.floor(rng.nextFloat64() * killDelayMsMax) + (trial === trials - 1 ? killDelayMsMax : 0);
    const output = await napThenKill(delayMs);
    napsDone += (output.match(/^done \d+$/gm) ?? []).length;
    const context = { seed, trial, delayMs };
    const audit = await cli(['audit', 'verify', '--json', '--home', home]);
    expect({ ...context, audit: audit.json() }).toMatchObject({ ...context, audit: { valid: true } });
    const noctem = await openNoctem(home);
    try {
      expect({ ...context, problems: memoryProblems(noctem.store) }).toEqual({ ...context, problems: [] });
      expect({ ...context, same: JSON.stringify([...noctem.store.range('chunks')]) === chunksBefore }).toEqual({ ...context, same: true });
      expect({ ...context, same: JSON.stringify([...noctem.store.range('sources')]) === sourcesBefore }).toEqual({ ...context, same: true });
    } finally {
      await noctem.close();
    }
  }
  // The last trial waits long enough for at least one whole nap, so the kills are not all before the first.
  expect(napsDone).toBeGreaterThan(0);
}, 60_000);
