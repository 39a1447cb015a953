/**
 * Goal: a differential checkpoint costs what changed, not the size of the memory, and loses
 * nothing: its plan reads O(N) store entries after N changes (the same count in a memory four
 * times larger), a write made between the plan and the commit survives in the journal and is
 * in the next differential, a full snapshot forgets the whole journal, a key that came and
 * went between two checkpoints gives no deletion, and a home whose last checkpoint an older
 * build recorded (no journal, no memory tallies) gets a full snapshot. Every chain restores to
 * the store's memory exactly, with its exact energy checksum.
 * Method: bare temporary LMDB stores, documents written by the ingest layer's putDocument, node
 * records rewritten with a new ψ the way a nap does, the plan run through a StoreWriter wrapper
 * that counts every entry it reads, and the checkpoint pipeline of test/helpers/checkpoint.ts.
 */
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../core/index.ts';
import { putDocument, removeDocument } from '../ingest/index.ts';
import { createProjection, decodeNodeRecord, encodeNodeKey, encodeNodeRecord } from '../manifold/index.ts';
import { sourceIdOf } from '../recall/index.ts';
import { type HomeStore, type StoreWriter } from '../store/index.ts';
import { useTempStores } from '../../test/helpers/temp-stores.ts';
import { checkpointStore, memoryDump, randomDocument, restoreIntoStore, testHomeSettings, type StoreCheckpoint } from '../../test/helpers/checkpoint.ts';
import { totalEnergy } from './home-checkpoint-manifest.ts';
import { checkpointLastKey, planHomeCheckpoint } from './home-checkpoint-plan.ts';

const projection = createProjection('c4ec'.repeat(16), 16);
const { newStore } = useTempStores('noctem-plan-');
let restores = 0;

/** A store holding `documents` random documents. */
function memoryOf(name: string, documents: number): HomeStore {
  const rng = Xoshiro256pp.fromSeed(documents);
  const store = newStore(name);
  store.write((w) => {
    for (let n = 0; n < documents; n++) putDocument(w, projection, randomDocument(rng, n, 1));
  });
  return store;
}

/** A writer that counts every entry read through it: each get, count, and entry of a range or of the journal. */
function countingWriter(writer: StoreWriter): { writer: StoreWriter; reads: () => number } {
  let reads = 0;
  function* counted<T>(items: Iterable<T>): Generator<T> {
    for (const item of items) {
      reads++;
      yield item;
    }
  }
  const counting: StoreWriter = {
    get: (db, key) => (reads++, writer.get(db, key)),
    range: (db, range) => counted(writer.range(db, range)),
    count: (db) => (reads++, writer.count(db)),
    changes: (range) => counted(writer.changes(range)),
    changeSequence: () => writer.changeSequence(),
    put: (db, key, value) => writer.put(db, key, value),
    remove: (db, key) => writer.remove(db, key),
    clear: (db) => writer.clear(db),
    startChangeJournal: () => writer.startChangeJournal(),
    forgetChanges: (entries, sequenceMax) => writer.forgetChanges(entries, sequenceMax),
  };
  return { writer: counting, reads: () => reads };
}

/** Gives the first `count` nodes a new ψ (a nap's wave update) and rewrites `count` chunks, in one transaction. */
function changeNodesAndChunks(store: HomeStore, count: number, round: number): void {
  store.write((w) => {
    for (const { value } of [...w.range('nodes', { limit: count })]) {
      const node = decodeNodeRecord(value as Uint8Array);
      w.put('nodes', encodeNodeKey(node), encodeNodeRecord({ ...node, psi: { re: node.psi.re / 2 + round * 1e-3, im: node.psi.im } }));
    }
    for (const { key, value } of [...w.range('chunks', { limit: count })]) w.put('chunks', key, { ...(value as object), round });
  });
}

function energyOf(store: HomeStore): number {
  return totalEnergy([...store.range('nodes')].map(({ value }) => decodeNodeRecord(value as Uint8Array)));
}

async function expectRestores(store: HomeStore, chain: readonly StoreCheckpoint[]): Promise<void> {
  const restored = newStore(`restored-${restores++}`);
  await restoreIntoStore(restored, chain.map((c) => c.bytes));
  expect(memoryDump(restored)).toEqual(memoryDump(store));
}

describe('planHomeCheckpoint()', () => {
  test('reads O(N) entries for a differential after N changes, the same in a memory four times larger', async () => {
    const changed = 6;
    const readsBySize: number[] = [];
    for (const documents of [10, 40]) {
      const store = memoryOf(`live-${documents}`, documents);
      const full = await checkpointStore(store, { nowMs: 10_000 });
      changeNodesAndChunks(store, changed, 1);
      const plan = store.write((w) => {
        const counting = countingWriter(w);
        const planned = planHomeCheckpoint(counting.writer, { nowMs: 11_000, home: testHomeSettings });
        readsBySize.push(counting.reads());
        return planned;
      });
      expect(plan.manifest.file).toMatchObject({ nodes: changed, records: changed, deleted: 0 });
      expect(plan.manifest.memory.energy).toBe(energyOf(store));
      expect(full.plan.manifest.memory.records).toBeGreaterThan(20 * documents);
      const diff = await checkpointStore(store, { nowMs: 12_000 });
      await expectRestores(store, [full, diff]);
    }
    // Per journaled key: its journal entry, its index entry and its value; plus 'checkpoint.last'.
    expect(readsBySize).toEqual([3 * 2 * changed + 1, 3 * 2 * changed + 1]);
  });

  test('keeps a write made between the plan and the commit for the next differential', async () => {
    const store = memoryOf('live', 6);
    const full = await checkpointStore(store, { nowMs: 10_000 });
    changeNodesAndChunks(store, 2, 1);
    const rng = Xoshiro256pp.fromSeed(99);
    const first = await checkpointStore(store, {
      nowMs: 11_000,
      afterPlan: () => {
        changeNodesAndChunks(store, 1, 2);
        store.write((w) => putDocument(w, projection, randomDocument(rng, 50, 1)));
      },
    });
    expect(first.plan.manifest.file).toMatchObject({ nodes: 2, records: 2 });
    const journalAfterCommit = [...store.changes()];
    expect(journalAfterCommit.length).toBeGreaterThan(2);
    expect(journalAfterCommit.every((c) => c.sequence > first.plan.journal.sequence)).toBe(true);
    const second = await checkpointStore(store, { nowMs: 12_000 });
    expect(second.plan.nodeCount).toBeGreaterThan(1);
    expect([...store.changes()]).toEqual([]);
    await expectRestores(store, [full, first, second]);
  });

  test('a full snapshot forgets the whole journal, and a key that came and went gives no deletion', async () => {
    const store = memoryOf('live', 4);
    await checkpointStore(store, { nowMs: 10_000 });
    changeNodesAndChunks(store, 3, 1);
    expect([...store.changes()].length).toBe(6);
    const full = await checkpointStore(store, { nowMs: 11_000, full: true });
    expect([...store.changes()]).toEqual([]);
    const rng = Xoshiro256pp.fromSeed(5);
    store.write((w) => putDocument(w, projection, randomDocument(rng, 77, 1)));
    store.write((w) => removeDocument(w, sourceIdOf('notes/77.txt')));
    const diff = await checkpointStore(store, { nowMs: 12_000 });
    expect(diff.plan.manifest.file.deleted).toBe(0);
    expect(diff.plan.nodeCount).toBe(0);
    await expectRestores(store, [full, diff]);
  });

  test('gives a full snapshot when an older build recorded the last checkpoint (no journal, no memory tallies)', async () => {
    const store = memoryOf('live', 3);
    const old = { file: 'old.nik', merkleRoot: '11'.repeat(32), atMs: 5_000, lastSnapTimeMs: 5_000, kind: 'full' };
    store.write((w) => w.put('meta', checkpointLastKey, old));
    const withoutJournal = await checkpointStore(store, { nowMs: 10_000, commit: false });
    expect(withoutJournal.plan.header.fileKind).toBe('full');
    expect(store.changeSequence()).toBe(0);
    const withoutTallies = await checkpointStore(store, { nowMs: 11_000 });
    expect(withoutTallies.plan.header.fileKind).toBe('full');
    changeNodesAndChunks(store, 1, 1);
    const diff = await checkpointStore(store, { nowMs: 12_000 });
    expect(diff.plan.header.fileKind).toBe('differential');
    await expectRestores(store, [withoutTallies, diff]);
  });
});
