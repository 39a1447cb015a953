/**
 * Helpers for the checkpoint tests: a dump of a store's memory in canonical form (every
 * carried database, nodes by their record bytes) to compare homes exactly, seeded random
 * documents written without an embedder, and the checkpoint pipeline run on a bare store
 * (plan in one transaction, write the `.nik` bytes, commit) so tests need no identity.
 */
import { bytesToHex, type Xoshiro256pp } from '../../src/core/index.ts';
import type { PreparedDocument } from '../../src/ingest/index.ts';
import {
  ZstdCodec,
  checkpointGenerationKey,
  checkpointIndexKey,
  commitHomeCheckpoint,
  decodeHomeCheckpoint,
  encodeStoreValue,
  memoryRecords,
  nikFooterBytes,
  planHomeCheckpoint,
  readNik,
  replayCheckpointChain,
  writeNik,
  writeRestoredMemory,
  type CheckpointHomeSettings,
  type HomeCheckpointPlan,
  type RestoredMemory,
} from '../../src/persist/index.ts';
import { sourceIdOf } from '../../src/recall/index.ts';
import type { HomeStore, StoreReader } from '../../src/store/index.ts';

/** Home settings for bare-store checkpoints. */
export const testHomeSettings: CheckpointHomeSettings = { name: 'Test', projectionSeed: '5e'.repeat(32), sections: {} };

/**
 * Every memory record of `reader` as hex index key → hex canonical value (nodes: their stored
 * record bytes), without the memory generation (a restore bumps it).
 */
export function memoryDump(reader: StoreReader): Map<string, string> {
  const dump = new Map<string, string>();
  for (const [db, key, value] of memoryRecords(reader)) {
    if (db === 'meta' && key === checkpointGenerationKey) continue;
    dump.set(bytesToHex(checkpointIndexKey(db, key)), bytesToHex(encodeStoreValue(value)));
  }
  for (const { key, value } of reader.range('nodes')) dump.set(bytesToHex(checkpointIndexKey('nodes', key)), bytesToHex(value as Uint8Array));
  return dump;
}

/** A written checkpoint of a bare store. */
export interface StoreCheckpoint {
  readonly bytes: Uint8Array;
  readonly plan: HomeCheckpointPlan;
  readonly merkleRoot: string;
}

/**
 * Plans, writes and (unless `commit` is false) commits a checkpoint of a bare store.
 * @param store - the store
 * @param options - full or not, the time, the key, whether to commit, and what to run between
 *   the plan and the writing of the file
 */
export async function checkpointStore(
  store: HomeStore,
  options: { full?: boolean; nowMs: number; key?: Uint8Array; commit?: boolean; home?: CheckpointHomeSettings; afterPlan?: () => void },
): Promise<StoreCheckpoint> {
  const codec = await ZstdCodec.create();
  const plan = store.write((w) => planHomeCheckpoint(w, { full: options.full ?? false, nowMs: options.nowMs, home: options.home ?? testHomeSettings }));
  // What another writer does while the file is written (between the plan and the commit).
  options.afterPlan?.();
  const bytes = writeNik(
    { header: plan.header, pages: plan.pages, nodeCount: plan.nodeCount, ...(plan.parentRoot === undefined ? {} : { parentRoot: plan.parentRoot }) },
    { codec, ...(options.key === undefined ? {} : { key: options.key }) },
  );
  const root = bytes.slice(bytes.length - nikFooterBytes, bytes.length - nikFooterBytes + 32);
  if (options.commit !== false) store.write((w) => commitHomeCheckpoint(w, plan, { file: `test-${options.nowMs}.nik`, merkleRoot: root }));
  return { bytes, plan, merkleRoot: bytesToHex(root) };
}

/**
 * Decodes and replays a chain of checkpoint bytes.
 * @param files - the files in chain order
 * @param key - the key of an encrypted chain
 */
export async function replayBytes(files: readonly Uint8Array[], key?: Uint8Array): Promise<RestoredMemory> {
  const codec = await ZstdCodec.create();
  return replayCheckpointChain(files.map((bytes, i) => ({
    name: `file-${i}.nik`,
    content: decodeHomeCheckpoint(readNik(bytes, { codec, ...(key === undefined ? {} : { key }) })),
  })));
}

/** Replays `files` and writes the memory into `store` in one transaction. */
export async function restoreIntoStore(store: HomeStore, files: readonly Uint8Array[], key?: Uint8Array): Promise<RestoredMemory> {
  const memory = await replayBytes(files, key);
  store.write((w) => writeRestoredMemory(w, memory));
  return memory;
}

/**
 * Document `n` at `version`: 1 to 3 chunks with seeded random embeddings and a few terms,
 * in the shape `putDocument` takes (no embedder needed).
 */
export function randomDocument(rng: Xoshiro256pp, n: number, version: number, dimensions = 16): PreparedDocument {
  const path = `notes/${n}.txt`;
  const chunks = Array.from({ length: 1 + Math.floor(rng.nextFloat64() * 3) }, (_, index) => {
    const terms = new Map([[`doc${n}`, 1], [`v${version}`, 1], [`w${Math.floor(rng.nextFloat64() * 50)}`, 2]]);
    return {
      index, text: `doc${n} v${version} chunk ${index} ☃`, startChar: 0, endChar: 10, termFrequencies: terms, termCount: 4,
      embedding: Float32Array.from({ length: dimensions }, () => rng.nextGaussian()), untrusted: false, hazardReasons: [],
    };
  });
  const source = {
    id: sourceIdOf(path), path, sourcePath: path, contentHash: `${n}:${version}`, kind: 'text', mime: 'text/plain',
    title: path, sizeBytes: 10, truncated: false, embedderId: 'test', ingestedAtMs: 1000 * version,
  };
  return { source, chunks };
}
