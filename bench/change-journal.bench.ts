/**
 * `npm run bench -- change-journal [--json]`: what the store's change journal costs ingestion
 * (store/lmdb-change-journal.ts; decisions CK4).
 * - Through the real store: seeded documents (2 chunks of 25 terms each, 100-d embeddings)
 *   written by the ingest layer's putDocument, 25 documents per transaction, with the journal
 *   off and on. Every write of the memory is journaled while it is on.
 * - The two journal designs on the same writes: the writes putDocument made are recorded once,
 *   then replayed into a bare LMDB environment three ways: no journal; the keyed journal the
 *   store uses (one entry per key, `name ‖ key bytes` → sequence number, so rewrites dedupe),
 *   put at each write as the store does, or once per key and transaction in key order at the
 *   transaction's end; and an append-only
 *   journal (`entry number` → `name ‖ key bytes`, one entry per write, deduplicated by the
 *   checkpoint instead).
 * Runs are interleaved (off, on, off, on, …) on fresh stores and the medians are reported.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lmdb from 'lmdb';
import { Xoshiro256pp } from '../src/core/index.ts';
import { putDocument, type PreparedDocument } from '../src/ingest/index.ts';
import { createProjection } from '../src/manifold/index.ts';
import { sourceIdOf } from '../src/recall/index.ts';
import { isMemoryKey, openLmdbHomeStore, storeBinaryKeyDatabases, storeDatabaseNames, type StoreDatabaseName, type StoreKey, type StoreWriter } from '../src/store/index.ts';
import { median, row, type Benchmark } from './benchmark.ts';

const documents = 1200;
const documentsPerTransaction = 25;
const rounds = 5;
const projection = createProjection('be'.repeat(32), 100);
const orderedBinary = lmdb as unknown as { keyValueToBuffer(key: unknown): Buffer };

/** One recorded write. */
type Write = { readonly db: StoreDatabaseName; readonly key: StoreKey; readonly value?: unknown; readonly remove?: true };

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const docs = preparedDocuments(documents);
    const folder = await mkdtemp(join(tmpdir(), 'noctem-bench-journal-'));
    try {
      const store = { off: [] as number[], on: [] as number[] };
      const replay = { none: [] as number[], direct: [] as number[], keyed: [] as number[], appended: [] as number[] };
      let writes: Write[][] = [];
      let entries = { direct: 0, keyed: 0, appended: 0 };
      for (let round = 0; round < rounds; round++) {
        for (const mode of ['off', 'on'] as const) {
          const run = await ingestThroughStore(join(folder, `store-${mode}-${round}`), docs, mode === 'on');
          store[mode].push(run.ms);
          if (round === 0 && mode === 'off') writes = run.writes;
        }
        for (const mode of ['none', 'direct', 'keyed', 'appended'] as const) {
          const run = await replayWrites(join(folder, `raw-${mode}-${round}`), writes, mode);
          replay[mode].push(run.ms);
          if (mode !== 'none') entries = { ...entries, [mode]: run.entries };
        }
      }
      const memoryWrites = writes.flat().filter((w) => isMemoryKey(w.db, w.key)).length;
      const nodes = docs.reduce((sum, d) => sum + d.chunks.length, 0);
      const figures = {
        documents, nodes, memoryWrites, memoryWritesPerNode: memoryWrites / nodes,
        storeJournalOffMs: median(store.off), storeJournalOnMs: median(store.on),
        storeOverheadPercent: 100 * (median(store.on) / median(store.off) - 1),
        replayNoneMs: median(replay.none), replayDirectMs: median(replay.direct), replayKeyedMs: median(replay.keyed), replayAppendedMs: median(replay.appended),
        directEntries: entries.direct, keyedEntries: entries.keyed, appendedEntries: entries.appended,
      };
      printTable(log, figures);
      return figures;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  },
};

/** Seeded documents: 2 chunks of 25 distinct terms (of 5,000) each, with 100-d embeddings. */
function preparedDocuments(count: number): PreparedDocument[] {
  const rng = Xoshiro256pp.fromSeed(41);
  return Array.from({ length: count }, (_, n) => {
    const path = `notes/${n}.txt`;
    const chunks = [0, 1].map((index) => {
      const terms = new Map<string, number>();
      while (terms.size < 25) terms.set(`t${rng.nextUint32() % 5000}`, 1 + (rng.nextUint32() % 3));
      return {
        index, text: `document ${n} chunk ${index}`, startChar: 0, endChar: 20, termFrequencies: terms, termCount: 50,
        embedding: Float32Array.from({ length: 100 }, () => rng.nextGaussian()), untrusted: false, hazardReasons: [],
      };
    });
    const source = {
      id: sourceIdOf(path), path, sourcePath: path, contentHash: `h${n}`, kind: 'text', mime: 'text/plain',
      title: path, sizeBytes: 100, truncated: false, embedderId: 'bench', ingestedAtMs: n,
    };
    return { source, chunks };
  });
}

/** putDocument into a fresh store, journal on or off; returns the time and (journal off) every write made. */
async function ingestThroughStore(path: string, docs: readonly PreparedDocument[], journal: boolean): Promise<{ ms: number; writes: Write[][] }> {
  const store = openLmdbHomeStore(path);
  try {
    if (journal) store.write((w) => w.startChangeJournal());
    const writes: Write[][] = [];
    const started = performance.now();
    for (let at = 0; at < docs.length; at += documentsPerTransaction) {
      const batch: Write[] = [];
      store.write((w) => {
        const writer = journal ? w : recording(w, batch);
        for (const doc of docs.slice(at, at + documentsPerTransaction)) putDocument(writer, projection, doc);
      });
      writes.push(batch);
    }
    return { ms: performance.now() - started, writes };
  } finally {
    await store.close();
  }
}

/** A writer that also records every put and remove. */
function recording(writer: StoreWriter, into: Write[]): StoreWriter {
  return {
    ...writer,
    put: (db, key, value) => {
      into.push({ db, key, value });
      writer.put(db, key, value);
    },
    remove: (db, key) => {
      into.push({ db, key, remove: true });
      return writer.remove(db, key);
    },
  };
}

/** Replays recorded writes into a bare LMDB environment with no journal, the keyed journal or an append-only one. */
async function replayWrites(path: string, writes: readonly Write[][], mode: 'none' | 'direct' | 'keyed' | 'appended'): Promise<{ ms: number; entries: number }> {
  const root = lmdb.open({ path, maxDbs: 32, encoding: 'msgpack', keyEncoding: 'ordered-binary', compression: false });
  try {
    const dbs = new Map(storeDatabaseNames.map((name) => [name, root.openDB({ name, encoding: 'msgpack', structuredClone: true, keyEncoding: storeBinaryKeyDatabases.has(name) ? 'binary' : 'ordered-binary' } as lmdb.DatabaseOptions & { name: string })]));
    const keyed = root.openDB({ name: 'journal-keyed', encoding: 'msgpack', keyEncoding: 'binary' } as lmdb.DatabaseOptions & { name: string });
    const appended = root.openDB({ name: 'journal-appended', encoding: 'binary', keyEncoding: 'uint32' } as lmdb.DatabaseOptions & { name: string });
    let sequence = 0;
    let entryNumber = 0;
    const started = performance.now();
    for (const batch of writes) {
      root.transactionSync(() => {
        sequence++;
        const pending = new Map<string, Buffer>();
        for (const { db, key, value, remove } of batch) {
          const lmdbKey = key instanceof Uint8Array ? Buffer.from(key.buffer, key.byteOffset, key.byteLength) : Array.isArray(key) ? [...key] : key;
          if (remove === true) dbs.get(db)!.removeSync(lmdbKey as lmdb.Key);
          else dbs.get(db)!.putSync(lmdbKey as lmdb.Key, value);
          if (mode === 'none' || !isMemoryKey(db, key)) continue;
          const journalKey = Buffer.concat([Buffer.from([db.length]), Buffer.from(db, 'latin1'), storeBinaryKeyDatabases.has(db) ? (lmdbKey as Buffer) : orderedBinary.keyValueToBuffer(lmdbKey)]);
          if (mode === 'keyed') pending.set(journalKey.toString('latin1'), journalKey);
          else if (mode === 'direct') keyed.putSync(journalKey, sequence);
          else appended.putSync(entryNumber++, journalKey);
        }
        // The 'keyed' variant: each key once per transaction, written in key order before the commit.
        for (const name of [...pending.keys()].sort()) keyed.putSync(pending.get(name)!, sequence);
      });
    }
    const ms = performance.now() - started;
    return { ms, entries: mode === 'appended' ? appended.getCount() : keyed.getCount() };
  } finally {
    await root.close();
  }
}

function printTable(log: (line: string) => void, f: Record<string, number>): void {
  const widths = [64, 12];
  const line = (name: string, value: number | string): void => log(row([name, value], widths));
  line('figure', 'value');
  line(`documents / nodes / memory writes (per node)`, `${f['documents']} / ${f['nodes']} / ${f['memoryWrites']} (${f['memoryWritesPerNode']!.toFixed(1)})`);
  line('putDocument through the store, journal off, ms (median)', f['storeJournalOffMs']!);
  line('putDocument through the store, journal on, ms (median)', f['storeJournalOnMs']!);
  line('  overhead of the journal, %', f['storeOverheadPercent']!.toFixed(1));
  line('replay of the same writes: no journal, ms', f['replayNoneMs']!);
  line(`  keyed journal, put at each write (the store's; ${f['directEntries']} entries), ms`, f['replayDirectMs']!);
  line(`  keyed journal, once per key and transaction, in key order, ms`, f['replayKeyedMs']!);
  line(`  append-only journal (${f['appendedEntries']} entries), ms`, f['replayAppendedMs']!);
}
