/**
 * The store-level parts of the persistence benchmark (bench/persistence.bench.ts): memories in
 * temporary LMDB stores, checkpointed to `.nik` files with the same steps `noctem checkpoint`
 * takes (plan in one read of the store, writeNik, write and fsync the file, record the
 * checkpoint), restored with the steps `noctem restore` takes (readNik, decode, replay, one
 * write transaction), and GGUF nodes imported the way `noctem import gguf` writes them.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertNodeRecord } from '../src/ingest/index.ts';
import { encodeNodeKey, encodeNodeRecord, type NodeRecord } from '../src/manifold/index.ts';
import {
  commitHomeCheckpoint, decodeHomeCheckpoint, nikFooterBytes, nodePages, planHomeCheckpoint, readNik, replayCheckpointChain, writeNik, writeRestoredMemory,
  type CheckpointHomeSettings, type PayloadCodec,
} from '../src/persist/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../src/store/index.ts';

/** A temporary folder for stores and files, removed by `dispose`. */
export interface BenchFolder {
  readonly path: string;
  readonly dispose: () => Promise<void>;
}

/** Makes a temporary folder. */
export async function benchFolder(): Promise<BenchFolder> {
  const path = await mkdtemp(join(tmpdir(), 'noctem-bench-persistence-'));
  return { path, dispose: () => rm(path, { recursive: true, force: true }) };
}

/** The home settings a bench checkpoint's manifest carries. */
export const benchHomeSettings: CheckpointHomeSettings = { name: 'bench', projectionSeed: '0'.repeat(64), sections: {} };

/** What one checkpoint wrote, with the time of each step. */
export interface CheckpointFigures {
  readonly ms: number;
  /**
   * planHomeCheckpoint: a full one reads the whole memory, each record encoded and hashed; a
   * differential reads the change journal and the journaled keys only.
   */
  readonly planMs: number;
  /** Change-journal entries the plan read (and the commit forgot). */
  readonly journalEntries: number;
  /** writeNik: page encoding, zstd, CRC32C, Merkle root. */
  readonly encodeMs: number;
  /** write(2) and fsync of the file. */
  readonly fileMs: number;
  /** commitHomeCheckpoint: the checkpoint index, the journal entries covered and 'checkpoint.last'. */
  readonly commitMs: number;
  readonly fileBytes: number;
  /** Σ raw (uncompressed) page payload bytes, from the footer. */
  readonly rawBytes: number;
  readonly nodes: number;
  readonly file: Uint8Array;
}

/**
 * Writes a checkpoint of `store` to `path` with the steps of daemon/checkpoint-home.ts
 * (writeHomeCheckpoint, less its audit entry), timing each: plan, writeNik, write + fsync, commit.
 */
export function checkpointStore(store: HomeStore, codec: PayloadCodec, path: string, options: { full: boolean; nowMs: number }): CheckpointFigures {
  const t0 = performance.now();
  const plan = store.write((reader) => planHomeCheckpoint(reader, { full: options.full, nowMs: options.nowMs, home: benchHomeSettings }));
  const t1 = performance.now();
  const file = writeNik({
    header: plan.header, pages: plan.pages, nodeCount: plan.nodeCount, ...(plan.parentRoot === undefined ? {} : { parentRoot: plan.parentRoot }),
  }, { codec });
  const t2 = performance.now();
  writeDurably(path, file);
  const t3 = performance.now();
  const footer = file.subarray(file.length - nikFooterBytes);
  store.write((writer) => commitHomeCheckpoint(writer, plan, { file: path, merkleRoot: footer.slice(0, 32) }));
  const t4 = performance.now();
  const rawBytes = Number(new DataView(footer.buffer, footer.byteOffset).getBigUint64(80, true));
  return {
    ms: t4 - t0, planMs: t1 - t0, journalEntries: plan.journal.entries.length, encodeMs: t2 - t1, fileMs: t3 - t2, commitMs: t4 - t3,
    fileBytes: file.length, rawBytes, nodes: plan.nodeCount, file,
  };
}

/** What one restore took, step by step. */
export interface RestoreFigures {
  readonly ms: number;
  /** readNik: structure, CRC32C, Merkle root, zstd. */
  readonly readMs: number;
  /** decodeHomeCheckpoint: node and record pages. */
  readonly decodeMs: number;
  /** replayCheckpointChain: GAP-014 checks, tallies, energy. */
  readonly replayMs: number;
  /** writeRestoredMemory in one LMDB transaction. */
  readonly writeMs: number;
  readonly nodes: number;
}

/** Restores a full checkpoint into the empty store at `storePath` with the steps of daemon/restore-home.ts (no new identity). */
export async function restoreInto(file: Uint8Array, codec: PayloadCodec, storePath: string): Promise<RestoreFigures> {
  const store = openLmdbHomeStore(storePath);
  try {
    const t0 = performance.now();
    const read = readNik(file, { codec });
    const t1 = performance.now();
    const content = decodeHomeCheckpoint(read);
    const t2 = performance.now();
    const memory = replayCheckpointChain([{ name: 'bench.nik', content }]);
    const t3 = performance.now();
    store.write((writer) => writeRestoredMemory(writer, memory));
    const t4 = performance.now();
    return { ms: t4 - t0, readMs: t1 - t0, decodeMs: t2 - t1, replayMs: t3 - t2, writeMs: t4 - t3, nodes: memory.nodes.length };
  } finally {
    await store.close();
  }
}

/** The format alone: `nodes` as checkpoint node pages through writeNik (encode, zstd, CRC32C, Merkle), written and fsynced. */
export function nodePagesToFile(nodes: readonly NodeRecord[], codec: PayloadCodec, path: string, nowMs: number): Uint8Array {
  const file = writeNik({ header: { creationTimeMs: nowMs, lastSnapTimeMs: nowMs, fileKind: 'full' }, pages: nodePages(nodes, 0), nodeCount: nodes.length }, { codec });
  writeDurably(path, file);
  return file;
}

/** Writes nodes as `import gguf` does (index entries, k-NN edges), in one transaction; returns ms. */
export function importNodes(store: HomeStore, nodes: readonly NodeRecord[]): number {
  const started = performance.now();
  store.write((writer) => {
    for (const node of nodes) insertNodeRecord(writer, node, []);
  });
  return performance.now() - started;
}

/** Marks `count` nodes dirty: a new ψ for each (a nap's wave update), written in one transaction. */
export function dirtyNodes(store: HomeStore, nodes: readonly NodeRecord[], count: number, round: number): void {
  store.write((writer) => {
    for (const node of nodes.slice(0, count)) {
      writer.put('nodes', encodeNodeKey(node), encodeNodeRecord({ ...node, psi: { re: node.psi.re + round * 1e-3, im: node.psi.im } }));
    }
  });
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
