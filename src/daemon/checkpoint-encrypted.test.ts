/**
 * Goal: an encrypted home writes encrypted checkpoints (no plaintext in the file), which
 * verify and restore only with the home's passphrase: none is NIK_KEY_REQUIRED, a wrong one
 * NIK_KEY_WRONG (and leaves no home behind); the right one restores an encrypted home with the
 * same memory.
 * Method: a home created with a passphrase through the composition root, documents written by
 * putDocument with seeded random embeddings, then the daemon's checkpoint, verify and restore.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock, Xoshiro256pp, type NoctemError } from '../core/index.ts';
import { putDocument } from '../ingest/index.ts';
import { createProjection } from '../manifold/index.ts';
import { memoryDump, randomDocument } from '../../test/helpers/checkpoint.ts';
import { writeHomeCheckpoint, type HomeCheckpointResult } from './checkpoint-home.ts';
import { createNoctem, openNoctem, type Noctem } from './compose.ts';
import { restoreHome } from './restore-home.ts';
import { verifyCheckpointFile } from './verify-checkpoint.ts';

const passphrase = 'correct horse battery staple';
const clock = new FakeClock();
let dir: string;
let home: Noctem;
let written: HomeCheckpointResult;

const codeOf = (promise: Promise<unknown>): Promise<string> => promise.then(() => 'ok', (error: NoctemError) => error.code);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-encrypted-checkpoint-'));
  home = await createNoctem(join(dir, 'home'), { clock, encryptWith: passphrase });
  const projection = createProjection(home.config.projectionSeed, 16);
  const rng = Xoshiro256pp.fromSeed(11);
  home.store.write((w) => {
    for (let n = 0; n < 5; n++) putDocument(w, projection, randomDocument(rng, n, 1));
  });
  written = await writeHomeCheckpoint(home, { passphrase });
}, 60_000);

afterAll(async () => {
  await home?.close();
  await rm(dir, { recursive: true, force: true });
});

test('writeHomeCheckpoint() encrypts the checkpoint of an encrypted home, and needs the passphrase', async () => {
  expect(written).toMatchObject({ kind: 'full', encrypted: true });
  const bytes = await readFile(written.file);
  expect(bytes[25]).toBe(0x01);
  expect(bytes.includes(Buffer.from('doc0 v1 chunk'))).toBe(false);
  expect(await codeOf(writeHomeCheckpoint(home))).toBe('NIK_KEY_REQUIRED');
});

test('verifyCheckpointFile() needs the right passphrase: none NIK_KEY_REQUIRED, wrong NIK_KEY_WRONG', async () => {
  expect(await codeOf(verifyCheckpointFile(written.file))).toBe('NIK_KEY_REQUIRED');
  expect(await codeOf(verifyCheckpointFile(written.file, { passphrase: async () => 'wrong horse' }))).toBe('NIK_KEY_WRONG');
  const result = await verifyCheckpointFile(written.file, { passphrase: async () => passphrase });
  expect(result).toMatchObject({ valid: true, encrypted: true, nodes: written.nodes, merkleRoot: written.merkleRoot });
});

test('restoreHome() with a wrong passphrase leaves nothing; with the right one it makes an encrypted home with the same memory', async () => {
  const target = join(dir, 'restored');
  expect(await codeOf(restoreHome([written.file], target, { clock, passphrase: async () => 'wrong horse' }))).toBe('NIK_KEY_WRONG');
  expect(await readdir(dir)).toEqual(['home']);
  const result = await restoreHome([written.file], target, { clock, passphrase: async () => passphrase });
  expect(result).toMatchObject({ encrypted: true, nodes: written.nodes });
  expect(await codeOf(openNoctem(target))).toBe('IDENTITY_PASSPHRASE_REQUIRED');
  const copy = await openNoctem(target, { passphrase: async () => passphrase });
  try {
    expect(copy.config.encryption).not.toBeNull();
    expect(memoryDump(copy.store)).toEqual(memoryDump(home.store));
  } finally {
    await copy.close();
  }
}, 30_000);
