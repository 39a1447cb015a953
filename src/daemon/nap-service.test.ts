/**
 * Goal: a nap on a real home: `noctem nap --json` prints the counts the crafted activations
 * call for, leaves chunks and sources untouched, writes a checkpoint that verifies, audits
 * `nap.run` and records the nap in history; and a nap never splits a document that an
 * ingestion job holding a metabolic lock is writing in several transactions.
 * Method: homes made by the in-process CLI, documents written with putDocument (seeded
 * random embeddings), activations written into node records in a test transaction.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../core/index.ts';
import { MetabolicLocks, initialDriveState } from '../autonomy/index.ts';
import { putDocument, type PreparedDocument } from '../ingest/index.ts';
import { createProjection, decodeNodeRecord, encodeNodeRecord } from '../manifold/index.ts';
import { MemoryIndex, type ChunkRecord } from '../recall/index.ts';
import { cli } from '../../test/helpers/cli.ts';
import { randomDocument, replayBytes } from '../../test/helpers/checkpoint.ts';
import { initHome } from '../../test/helpers/home.ts';
import { memoryProblems } from '../../test/helpers/memory-invariants.ts';
import { openNoctem } from './compose.ts';
import { napHistory, runNap } from './nap-service.ts';
import { verifyCheckpointFile } from './verify-checkpoint.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-nap-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `count` seeded documents; returns nothing. */
async function addDocuments(home: string, from: number, count: number): Promise<void> {
  const noctem = await openNoctem(home);
  try {
    const projection = createProjection(noctem.config.projectionSeed, 16);
    const rng = Xoshiro256pp.fromSeed(from + 1);
    noctem.store.write((w) => {
      for (let n = from; n < from + count; n++) putDocument(w, projection, randomDocument(rng, n, 1));
    });
  } finally {
    await noctem.close();
  }
}

describe('noctem nap', () => {
  test('runNap() consolidates and prunes exactly the crafted nodes, keeps chunks and sources, checkpoints, audits, records history', async () => {
    const home = await initHome(join(dir, 'a'));
    await addDocuments(home, 0, 8);
    const noctem = await openNoctem(home);
    let before: { chunks: string; sources: string; nodes: number };
    try {
      noctem.store.write((w) => {
        const entries = [...w.range('nodes')];
        expect(entries.length).toBeGreaterThanOrEqual(6);
        const craft = [
          { r: 0.9, psi: { re: 0.8, im: 0 } }, { r: 0.75, psi: { re: 0, im: -0.6 } }, // long-term
          { r: 0.7, psi: { re: 0.9, im: 0 } }, // at the threshold: kept
          { r: 0.1, psi: { re: 0.05, im: 0 }, v: { re: 0.2, im: 0 } }, { r: 0.2, psi: { re: 0, im: 0.01 } }, // pruned
          { r: 0.3, psi: { re: 0.05, im: 0 } }, // at the threshold: kept
        ];
        craft.forEach((fields, i) => {
          const { key, value } = entries[i]!;
          w.put('nodes', key, encodeNodeRecord({ ...decodeNodeRecord(value as Uint8Array), ...fields }));
        });
        // Two results marked unhelpful: the nap replays them.
        const chunks = [...w.range('chunks')].map((e) => e.value as ChunkRecord);
        for (const chunk of chunks.slice(0, 2)) w.put('feedback', [1, chunk.id], { id: chunk.id, signal: -1, sourceId: chunk.sourceId, topic: null, atMs: 1 });
      });
      before = { chunks: JSON.stringify([...noctem.store.range('chunks')]), sources: JSON.stringify([...noctem.store.range('sources')]), nodes: noctem.store.count('nodes') };
    } finally {
      await noctem.close();
    }
    const run = await cli(['nap', '--json', '--home', home]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const out = run.json<Record<string, unknown> & { checkpoint: { file: string; kind: string } }>();
    expect(Object.keys(out).sort()).toEqual(['checkpoint', 'consolidated', 'dreams', 'ms', 'pruned', 'transported']);
    expect(out).toMatchObject({ consolidated: 2, pruned: 2, dreams: 2 });
    expect(out['transported']).toBeGreaterThan(0);
    expect(out.checkpoint.kind).toBe('full');
    expect((await stat(out.checkpoint.file)).size).toBeGreaterThan(0);
    expect(await verifyCheckpointFile(out.checkpoint.file)).toMatchObject({ valid: true });
    const audit = await cli(['audit', 'verify', '--json', '--home', home]);
    expect(audit.json()).toMatchObject({ valid: true });
    const after = await openNoctem(home);
    try {
      expect(JSON.stringify([...after.store.range('chunks')])).toBe(before.chunks);
      expect(JSON.stringify([...after.store.range('sources')])).toBe(before.sources);
      expect(after.store.count('nodes')).toBe(before.nodes);
      expect(memoryProblems(after.store)).toEqual([]);
      const history = napHistory(after);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ trigger: 'manual', consolidated: 2, pruned: 2, dreams: 2 });
      const restored = await replayBytes([new Uint8Array(await readFile(out.checkpoint.file))]);
      expect(restored.nodes.filter((n) => n.r === 1)).toHaveLength(2);
    } finally {
      await after.close();
    }
    const text = await cli(['nap', '--home', home]);
    expect(text.stdout).toMatch(/^Napped in \d+ ms: 0 consolidated, 0 pruned, \d+ dreams, \d+ transported; differential checkpoint .+\.nik\n$/);
  }, 30_000);

  test('a nap never splits a document: a locked multi-transaction ingestion is whole in the checkpoint, a queued one absent', async () => {
    const home = await initHome(join(dir, 'b'));
    await addDocuments(home, 0, 2);
    const noctem = await openNoctem(home);
    try {
      const projection = createProjection(noctem.config.projectionSeed, 16);
      const rng = Xoshiro256pp.fromSeed(77);
      let big: PreparedDocument = randomDocument(rng, 100, 1);
      while (big.chunks.length < 3) big = randomDocument(rng, 100, 1);
      const late = randomDocument(rng, 101, 1);
      const locks = new MetabolicLocks();
      const lock = await locks.acquire('ingestion', big.source.path);
      // The ingestion writes its document in steps: first chunk, then the whole document.
      noctem.store.write((w) => putDocument(w, projection, { ...big, chunks: big.chunks.slice(0, 1) }));
      const nap = runNap(noctem, { index: new MemoryIndex(noctem.store) }, { locks, drives: initialDriveState, trigger: 'manual' });
      const queued = (async () => {
        const lateLock = await locks.acquire('ingestion', late.source.path);
        try {
          noctem.store.write((w) => putDocument(w, projection, late));
        } finally {
          lateLock.release();
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      noctem.store.write((w) => putDocument(w, projection, big));
      lock.release();
      const { result, forced } = await nap;
      await queued;
      expect(forced).toEqual([]);
      const restored = await replayBytes([new Uint8Array(await readFile(result.checkpoint.file))]);
      const chunksOf = (sourceId: string): number => restored.records.filter((r) => r.db === 'chunks' && (r.value as ChunkRecord).sourceId === sourceId).length;
      expect(chunksOf(big.source.id)).toBe(big.chunks.length);
      expect(chunksOf(late.source.id)).toBe(0);
      expect(memoryProblems(noctem.store)).toEqual([]);
    } finally {
      await noctem.close();
    }
  }, 30_000);
  test('runNap() with its stop signal aborted throws the reason at its safe point, naps nothing and reopens the gate', async () => {
    const home = await initHome(join(dir, 'c'));
    const noctem = await openNoctem(home);
    try {
      const locks = new MetabolicLocks();
      const stop = new AbortController();
      const reason = new Error('kill switch');
      stop.abort(reason);
      const nap = runNap(noctem, { index: new MemoryIndex(noctem.store) }, { locks, drives: initialDriveState, trigger: 'manual', signal: stop.signal });
      await expect(nap).rejects.toBe(reason);
      expect(napHistory(noctem)).toEqual([]);
      expect(noctem.audit.list().map((e) => e.action)).not.toContain('nap.run');
      // The gate is open again: an ingestion lock is granted at once.
      (await locks.acquire('ingestion', 'after the stopped nap')).release();
    } finally {
      await noctem.close();
    }
  }, 30_000);
});
