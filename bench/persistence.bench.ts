/**
 * `npm run bench -- persistence [--json]`: the persistence figures of issue 5, each beside the
 * spec's own number (spec §6.1.7, §6.2.10; Nikola part 3):
 * - nap flush of 10k dirty nodes (spec 180 ms, "including compression + CRC32C"): a
 *   differential checkpoint of a 100k-node memory in which 10k nodes have a new ψ, with the
 *   steps of `noctem checkpoint` (plan, writeNik, write + fsync, commit), each step timed (the
 *   plan reads the store's change journal, which the full checkpoint before it turned on); and
 *   the format alone: 10k nodes as node pages through writeNik, written and fsynced;
 * - Merkle root over 1M leaves (spec 1.1 s): from 1M leaf hashes, and including hashing 1M
 *   leaves of 261 bytes (a page header and one 237-byte node);
 * - Q9_0 quantization of 1M weights (spec 42 ms);
 * - Hilbert linearization of 100k nodes (spec 85 ms): 12-byte keys of 100k random cells, sort;
 * - restore of 10k nodes (spec 45 ms, its "crash recovery of 10K entries"): with the steps of
 *   `noctem restore` (readNik, decode, replay with the GAP-014 checks, one LMDB transaction),
 *   without creating the new home's identity;
 * - compression ratio on a realistic home (spec 120:1 "average"): SciFact (5,183 abstracts)
 *   ingested through the real pipeline, then a full checkpoint;
 * - GGUF export and import of 100k nodes: the codec, and `import gguf`'s store write (index
 *   entries and k-NN edges) in one transaction.
 * Memories are random valid nodes (100-d embeddings, warped metrics, 10 % vacuum) written as
 * `import gguf` writes them, so they carry the index entries and edges a real home has.
 * Medians of several runs where a run is cheap; one run where it is not (said in the table).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { homePaths, openLmdbHomeStore, type HomeStore } from '../src/store/index.ts';
import { ZstdCodec } from '../src/persist/index.ts';
import { randomGgufNodes } from '../src/persist/gguf-nodes.testing.ts';
import { median, row, type Benchmark } from './benchmark.ts';
import { benchHome, ingestDocs } from './noctem-memory.ts';
import { benchFolder, checkpointStore, dirtyNodes, importNodes, nodePagesToFile, restoreInto, type RestoreFigures } from './persistence-home.ts';
import { measureGgufCodec, measureHilbert, measureMerkle, measureQ9, timeRuns } from './persistence-kernels.ts';
import { loadScifact } from './scifact-data.ts';

const spec = { napFlushMs: 180, merkleMs: 1100, q9Ms: 42, hilbertMs: 85, restoreMs: 45, compressionRatio: 120 } as const;
const nowMs = Date.UTC(2026, 10, 23);

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const codec = await ZstdCodec.create();
    progress('Merkle roots, Q9_0, Hilbert');
    const merkle = measureMerkle(1_000_000, 3);
    const q9 = measureQ9(1_000_000, 9);
    const hilbert = measureHilbert(100_000, 5);
    progress('GGUF codec');
    const nodes = randomGgufNodes(100_000, { seed: 5, embeddingWidths: [100] });
    const gguf = measureGgufCodec(nodes, 3);
    const folder = await benchFolder();
    try {
      const pages = timeRuns(5, () => nodePagesToFile(nodes.slice(0, 10_000), codec, join(folder.path, 'pages.nik'), nowMs));
      progress('import of 100k nodes into a store');
      const store = openLmdbHomeStore(join(folder.path, 'big'));
      const importMs = importNodes(store, nodes);
      const records = recordCount(store);
      progress('full checkpoint of the 100k-node store');
      const full = checkpointStore(store, codec, join(folder.path, 'full.nik'), { full: true, nowMs });
      progress('differential of 10k dirty nodes');
      dirtyNodes(store, nodes, 10_000, 1);
      const flush = checkpointStore(store, codec, join(folder.path, 'diff.nik'), { full: false, nowMs: nowMs + 1 });
      await store.close();
      progress('restores of 10k nodes');
      const small = openLmdbHomeStore(join(folder.path, 'small'));
      importNodes(small, nodes.slice(0, 10_000));
      const smallFull = checkpointStore(small, codec, join(folder.path, 'small.nik'), { full: true, nowMs });
      await small.close();
      const restores: RestoreFigures[] = [];
      for (const run of [1, 2, 3]) restores.push(await restoreInto(smallFull.file, codec, join(folder.path, `restored-${run}`)));
      progress('SciFact home');
      const realistic = await realisticHome(codec, join(folder.path, 'scifact.nik'));
      const medianOf = (key: keyof RestoreFigures): number => median(restores.map((r) => r[key]));
      const figures = {
        napFlush10kMs: flush.ms, napFlushPlanMs: flush.planMs, napFlushEncodeMs: flush.encodeMs, napFlushFileMs: flush.fileMs, napFlushCommitMs: flush.commitMs,
        napFlushNodes: flush.nodes, napFlushFileBytes: flush.fileBytes, napFlushJournalEntries: flush.journalEntries, memoryRecords100k: records,
        nodePages10kMs: pages.medianMs,
        fullCheckpoint100kMs: full.ms, fullCheckpoint100kPlanMs: full.planMs, fullCheckpoint100kBytes: full.fileBytes,
        merkle1MTreeMs: merkle.treeOnly.medianMs, merkle1MWithLeavesMs: merkle.withLeafHashing.medianMs,
        q9Quantize1MMs: q9.medianMs, hilbert100kMs: hilbert.total.medianMs, hilbertKeys100kMs: hilbert.keysOnly.medianMs,
        restore10kMs: medianOf('ms'), restoreReadMs: medianOf('readMs'), restoreDecodeMs: medianOf('decodeMs'), restoreReplayMs: medianOf('replayMs'),
        restoreWriteMs: medianOf('writeMs'), restoreNodes: restores[0]!.nodes, restoreFileBytes: smallFull.fileBytes,
        ggufExport100kMs: gguf.export.medianMs, ggufImport100kMs: gguf.import.medianMs, ggufFileBytes: gguf.fileBytes,
        ggufImportStoreWrite100kMs: importMs,
        ...realistic,
        spec,
      };
      printTable(log, figures);
      return figures;
    } finally {
      await folder.dispose();
    }
  },
};

/** Nodes, node index entries and edges of the memory: what a full checkpoint reads and hashes (a differential reads the journal). */
function recordCount(store: HomeStore): number {
  return store.count('nodes') + store.count('nodeIndex') + store.count('edges');
}

/** SciFact through the real pipeline, then a full checkpoint of the home's memory. */
async function realisticHome(codec: ZstdCodec, path: string): Promise<Record<string, number>> {
  const home = await benchHome();
  try {
    const summary = await ingestDocs(home, loadScifact().docs);
    const checkpoint = checkpointStore(home.noctem.store, codec, path, { full: true, nowMs });
    const storeBytes = statSync(join(homePaths(home.noctem.paths.root).store, 'data.mdb')).size;
    return {
      realisticChunks: summary.chunks, realisticNodes: checkpoint.nodes, realisticTextBytes: summary.bytes,
      realisticRawBytes: checkpoint.rawBytes, realisticNikBytes: checkpoint.fileBytes, realisticStoreBytes: storeBytes,
      compressionRatio: checkpoint.rawBytes / checkpoint.fileBytes, storeToNikRatio: storeBytes / checkpoint.fileBytes,
      realisticCheckpointMs: checkpoint.ms,
    };
  } finally {
    await home.dispose();
  }
}

/** A progress line on stderr (the table and the JSON go to stdout). */
function progress(step: string): void {
  process.stderr.write(`persistence: ${step} (${new Date().toISOString()})\n`);
}

function printTable(log: (line: string) => void, f: Record<string, number | object>): void {
  const n = (key: string): number => f[key] as number;
  const widths = [58, 14, 10];
  const line = (name: string, ours: number | string, target: number | string = '-'): void => log(row([name, ours, target], widths));
  line('figure', 'ours', 'spec');
  line(`nap flush: differential, ${n('napFlushNodes')} dirty of 100k nodes, ms (1 run)`, n('napFlush10kMs'), spec.napFlushMs);
  line(`  plan (reads ${n('napFlushJournalEntries')} journal entries) / writeNik / fsync / commit`, `${n('napFlushPlanMs').toFixed(0)} / ${n('napFlushEncodeMs').toFixed(0)} / ${n('napFlushFileMs').toFixed(0)} / ${n('napFlushCommitMs').toFixed(0)}`);
  line('  its file, bytes', n('napFlushFileBytes'));
  line('format alone: 10k nodes → node pages, writeNik, fsync, ms', n('nodePages10kMs'), spec.napFlushMs);
  line(`full checkpoint of 100k nodes (reads + hashes ${n('memoryRecords100k')} records), ms (1 run; plan ms)`, `${n('fullCheckpoint100kMs').toFixed(0)} (${n('fullCheckpoint100kPlanMs').toFixed(0)})`);
  line('Merkle root, 1M leaf hashes, ms', n('merkle1MTreeMs'), spec.merkleMs);
  line('Merkle root incl. hashing 1M 261-byte leaves, ms', n('merkle1MWithLeavesMs'), spec.merkleMs);
  line('Q9_0 quantization, 1M weights, ms', n('q9Quantize1MMs'), spec.q9Ms);
  line('Hilbert keys + sort, 100k nodes, ms (keys alone)', `${n('hilbert100kMs').toFixed(0)} (${n('hilbertKeys100kMs').toFixed(0)})`, spec.hilbertMs);
  line(`restore of ${n('restoreNodes')} nodes, ms`, n('restore10kMs'), spec.restoreMs);
  line('  readNik / decode / replay (GAP-014 checks) / write', `${n('restoreReadMs').toFixed(0)} / ${n('restoreDecodeMs').toFixed(0)} / ${n('restoreReplayMs').toFixed(0)} / ${n('restoreWriteMs').toFixed(0)}`);
  line('GGUF export (ggufFromNodes), 100k nodes, ms', n('ggufExport100kMs'));
  line('GGUF import (nodesFromGguf), 100k nodes, ms', n('ggufImport100kMs'));
  line('  import gguf store write, 100k nodes, ms (1 run)', n('ggufImportStoreWrite100kMs'));
  line('  GGUF file, bytes', n('ggufFileBytes'));
  line(`compression: SciFact home (${n('realisticNodes')} nodes), raw : .nik`, `${n('compressionRatio').toFixed(2)}:1`, '120:1');
  line('  LMDB data.mdb : .nik', `${n('storeToNikRatio').toFixed(2)}:1`);
  log(`  raw ${n('realisticRawBytes')} B, .nik ${n('realisticNikBytes')} B, data.mdb ${n('realisticStoreBytes')} B, text read ${n('realisticTextBytes')} B`);
}
