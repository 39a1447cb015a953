/**
 * Goal: a real home's memory survives `checkpoint` (full, then differential) and `restore`
 * exactly: the new home holds the same records and node records byte for byte, the same
 * energy checksum, the chain's settings (projection seed, recall weights), and answers every
 * query with the same ids and scores; the new home has its own identity and an audit log that
 * names the files and their Merkle roots. A restore never leaves a half-made home.
 * Method: a home created through the composition root, with recall weights on every signal
 * (BM25, dense, torus prior, wave), documents ingested through the memory services with the
 * built-in embedder, +1 feedback (which reshapes node metrics), a full checkpoint, then more
 * ingestion, a removal and feedback, and a differential; restoreHome() into a new folder; the
 * stores are compared through a canonical dump of every carried database.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeClock, bytesToHex, type NoctemError } from '../core/index.ts';
import { decodeNodeRecord } from '../manifold/index.ts';
import { checkpointGenerationKey, totalEnergy } from '../persist/index.ts';
import type { RecallResult } from '../recall/index.ts';
import { writeHomeConfig, type StoreReader } from '../store/index.ts';
import { memoryDump } from '../../test/helpers/checkpoint.ts';
import { fingerprintHome } from '../../test/helpers/home.ts';
import { writeHomeCheckpoint, type HomeCheckpointResult } from './checkpoint-home.ts';
import { createNoctem, openNoctem, type Noctem } from './compose.ts';
import { recordFeedback } from './memory-actions.ts';
import { openMemory, type Memory } from './memory.ts';
import { restoreHome, type RestoreHomeResult } from './restore-home.ts';

const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };
const notes = [
  'Tomatoes need six hours of direct sun and deep watering twice a week.',
  'Mulch the tomato beds to keep the soil moist through the summer.',
  'Prune tomato suckers so the plants put energy into the fruit.',
  'Basil grows well beside tomatoes and likes the same sunny beds.',
  'Compost feeds the soil; turn the compost heap every two weeks.',
  'The central bank raised interest rates to slow inflation this quarter.',
  'Bond yields rose sharply after the central bank decision.',
  'Stock markets fell when inflation figures came in above forecasts.',
];
const queries = ['tomato sun', 'compost soil', 'central bank inflation', 'bond yields', 'garden basil'];
const clock = new FakeClock();
let dir: string;
let original: Noctem;
let memory: Memory;
let full: HomeCheckpointResult;
let diff: HomeCheckpointResult;
let restored: RestoreHomeResult;
const timingsMs: Record<string, number> = {};
let nodesAtFull: Map<string, string>;
let nodesChanged: number;

/** Each node's stored record bytes (hex), by key (hex). */
function nodeBytes(reader: StoreReader): Map<string, string> {
  return new Map([...reader.range('nodes')].map(({ key, value }) => [bytesToHex(key as Uint8Array), bytesToHex(value as Uint8Array)]));
}

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  timingsMs[name] = Math.round(performance.now() - started);
  return result;
}

async function searchAll(m: Memory): Promise<{ query: string; results: Pick<RecallResult, 'id' | 'score'>[] }[]> {
  const out = [];
  for (const query of queries) out.push({ query, results: (await m.recall.search(query, { k: 5 })).map(({ id, score }) => ({ id, score })) });
  return out;
}

function energyOf(reader: StoreReader): number {
  return totalEnergy([...reader.range('nodes')].map(({ value }) => decodeNodeRecord(value as Uint8Array)));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-checkpoint-'));
  for (const [folder, range] of [['first', [0, 1, 2, 3, 5, 6]], ['second', [4, 7]]] as const) {
    await mkdir(join(dir, folder));
    for (const i of range) await writeFile(join(dir, folder, `note-${i}.md`), `# Note ${i}\n\n${notes[i]}\n`);
  }
  const created = await createNoctem(join(dir, 'home'), { clock, name: 'Ada' });
  await writeHomeConfig(created.paths, { ...created.config, recall: { weights: { bm25: 1, dense: 1, torus: 0.5, wave: 0.5 } } });
  await created.close();
  original = await openNoctem(join(dir, 'home'), { clock });
  memory = await openMemory(original, { env, workers: 1 });
  await memory.ingest.ingest([join(dir, 'first')]);
  const [best] = await memory.recall.search('tomato sun', { k: 1 });
  recordFeedback(original, memory, best!.id, 1);
  clock.advance(60_000);
  full = await timed('checkpointFull', () => writeHomeCheckpoint(original));
  nodesAtFull = nodeBytes(original.store);
  await memory.ingest.ingest([join(dir, 'second')]);
  memory.ingest.forget(join(dir, 'first', 'note-2.md'));
  const [other] = await memory.recall.search('central bank', { k: 1 });
  recordFeedback(original, memory, other!.id, 1);
  clock.advance(60_000);
  diff = await timed('checkpointDifferential', () => writeHomeCheckpoint(original));
  const now = nodeBytes(original.store);
  nodesChanged = [...now].filter(([key, bytes]) => nodesAtFull.get(key) !== bytes).length;
  restored = await timed('restore', () => restoreHome([full.file, diff.file], join(dir, 'restored'), { clock }));
}, 120_000);

afterAll(async () => {
  await original?.close();
  // The figures for the report (docs: measured on the test home).
  console.log(`checkpoint timings (ms): ${JSON.stringify(timingsMs)}; full ${full?.bytes} bytes, differential ${diff?.bytes} bytes`);
  await rm(dir, { recursive: true, force: true });
});

describe('writeHomeCheckpoint() and restoreHome()', () => {
  test('write a full snapshot, then a differential naming it as parent', () => {
    expect(full).toMatchObject({ kind: 'full', parent: null, encrypted: false });
    expect(full.file).toMatch(/checkpoints\/\d{8}T\d{9}Z-full\.nik$/);
    expect(diff).toMatchObject({ kind: 'differential', parent: full.merkleRoot });
    expect(diff.nodes).toBeGreaterThan(0);
    expect(diff.nodes).toBe(nodesChanged);
    expect(restored).toMatchObject({ home: join(dir, 'restored'), files: [full.file, diff.file], merkleRoot: diff.merkleRoot, nodes: original.store.count('nodes') });
  });

  test('restore a home whose memory, node records and energy equal the original\'s', async () => {
    const copy = await openNoctem(restored.home, { clock });
    try {
      expect(memoryDump(copy.store)).toEqual(memoryDump(original.store));
      expect(energyOf(copy.store)).toBe(energyOf(original.store));
      expect(copy.store.get('meta', checkpointGenerationKey)).toBe((original.store.get('meta', checkpointGenerationKey) as number) + 1);
      expect(copy.config).toMatchObject({ name: 'Ada', projectionSeed: original.config.projectionSeed, recall: original.config['recall'] });
      expect(copy.identity.show().did).not.toBe(original.identity.show().did);
    } finally {
      await copy.close();
    }
  });

  test('restore a home that answers every query with the same ids and scores', async () => {
    const copy = await openNoctem(restored.home, { clock });
    try {
      // A fresh memory of the original: wave recall caches the graph per memory generation, and
      // feedback reshapes metrics without a new generation, so `memory`'s cache may be stale.
      const expected = await searchAll(await openMemory(original, { env, workers: 1 }));
      expect(expected.every((q) => q.results.length > 0)).toBe(true);
      expect(await searchAll(await openMemory(copy, { env, workers: 1 }))).toEqual(expected);
    } finally {
      await copy.close();
    }
  });

  test('audit checkpoint.write in the original and checkpoint.restore, with files and roots, in the new home', async () => {
    const written = original.audit.list({ limit: 100 }).filter((e) => e.action === 'checkpoint.write');
    expect(written.map((e) => (JSON.parse(e.detailsJson) as { merkleRoot: string }).merkleRoot)).toEqual([full.merkleRoot, diff.merkleRoot]);
    const copy = await openNoctem(restored.home, { clock });
    try {
      const [entry] = copy.audit.list({ limit: 100 }).filter((e) => e.action === 'checkpoint.restore');
      expect(JSON.parse(entry!.detailsJson)).toMatchObject({
        files: [{ file: full.file, merkleRoot: full.merkleRoot }, { file: diff.file, merkleRoot: diff.merkleRoot }], filesTotal: 2, nodes: restored.nodes,
      });
      expect(copy.audit.verify().valid).toBe(true);
    } finally {
      await copy.close();
    }
  });

  test('refuse an existing target (HOME_EXISTS) and leave a failed restore no home and no temp folder', async () => {
    const before = await fingerprintHome(restored.home);
    await expect(restoreHome([full.file], restored.home)).rejects.toMatchObject({ code: 'HOME_EXISTS' });
    expect(await fingerprintHome(restored.home)).toEqual(before);
    const target = join(dir, 'never');
    const error = await restoreHome([diff.file], target).catch((e: NoctemError) => e);
    expect((error as NoctemError).code).toBe('NIK_PARENT_MISSING');
    expect((await readdir(dir)).filter((name) => name.startsWith('.never') || name === 'never')).toEqual([]);
  });
});
