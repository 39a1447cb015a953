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
  commitHomeCheckpoint, decodeHomeCheckpoint, nikFooterBytes, planHomeCheckpoint, readNik, replayCheckpointChain, writeNik, writeRestoredMemory,
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

/** What one checkpoint wrote. */
export interface CheckpointFigures {
  readonly ms: number;
  readonly fileBytes: number;
  /** Σ raw (uncompressed) page payload bytes, from the footer. */
  readonly rawBytes: number;
  readonly nodes: number;
  readonly file: Uint8Array;
}

/**
 * Writes a checkpoint of `store` to `path`, timed from the plan to the recorded commit:
 * plan (one read of the store), writeNik (encode, zstd, CRC32C, Merkle), write + fsync, commit.
 */
export function checkpointStore(store: HomeStore, codec: PayloadCodec, path: string, options: { full: boolean; nowMs: number }): CheckpointFigures {
  const started = performance.now();
  const plan = store.write((reader) => planHomeCheckpoint(reader, { full: options.full, nowMs: options.nowMs, home: benchHomeSettings }));
  const file = writeNik({
    header: plan.header, pages: plan.pages, nodeCount: plan.nodeCount, ...(plan.parentRoot === undefined ? {} : { parentRoot: plan.parentRoot }),
  }, { codec });
  writeDurably(path, file);
  const footer = file.subarray(file.length - nikFooterBytes);
  store.write((writer) => commitHomeCheckpoint(writer, plan, { file: path, merkleRoot: footer.slice(0, 32) }));
  const ms = performance.now() - started;
  const rawBytes = Number(new DataView(footer.buffer, footer.byteOffset).getBigUint64(80, true));
  return { ms, fileBytes: file.length, rawBytes, nodes: plan.nodeCount, file };
}

/** Restores a full checkpoint into the empty store at `storePath`; returns the time and node count. */
export async function restoreInto(file: Uint8Array, codec: PayloadCodec, storePath: string): Promise<{ ms: number; nodes: number }> {
  const store = openLmdbHomeStore(storePath);
  try {
    const started = performance.now();
    const content = decodeHomeCheckpoint(readNik(file, { codec }));
    const memory = replayCheckpointChain([{ name: 'bench.nik', content }]);
    store.write((writer) => writeRestoredMemory(writer, memory));
    return { ms: performance.now() - started, nodes: memory.nodes.length };
  } finally {
    await store.close();
  }
}

/** Writes node records only (no index entries or edges), in one transaction: a bare memory. */
export function putNodes(store: HomeStore, nodes: readonly NodeRecord[]): void {
  store.write((writer) => {
    for (const node of nodes) writer.put('nodes', encodeNodeKey(node), encodeNodeRecord(node));
  });
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
