/**
 * `npm run bench -- persistence [--json]`: the persistence figures of issue 5, each beside the
 * spec's own number (spec §6.1.7, §6.2.10; Nikola part 3):
 * - nap flush of 10k dirty nodes (spec 180 ms): a differential checkpoint of a 100k-node
 *   memory in which 10k nodes changed (new ψ), from the plan to the recorded commit, file
 *   fsynced (bench/persistence-home.ts);
 * - Merkle root over 1M leaves (spec 1.1 s): from 1M leaf hashes, and including hashing 1M
 *   leaves of 261 bytes (a page header and one 237-byte node);
 * - Q9_0 quantization of 1M weights (spec 42 ms);
 * - Hilbert linearization of 100k nodes (spec 85 ms): 12-byte keys of 100k random cells, sort;
 * - restore of 10k nodes (spec 45 ms, its "crash recovery of 10K entries"): readNik, decode,
 *   replay, one LMDB write transaction into an empty store;
 * - compression ratio on a realistic home (spec 120:1 "average"): SciFact (5,183 abstracts)
 *   ingested through the real pipeline, then a full checkpoint;
 * - GGUF export and import of 100k nodes: the codec, and `import gguf`'s store write (index
 *   entries and k-NN edges) in one transaction.
 * Medians of several runs where a run is cheap; one run where it is not (said in the table).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { homePaths, openLmdbHomeStore } from '../src/store/index.ts';
import { ZstdCodec } from '../src/persist/index.ts';
import { randomGgufNodes } from '../src/persist/gguf-nodes.testing.ts';
import { median, row, type Benchmark } from './benchmark.ts';
import { benchHome, ingestDocs } from './noctem-memory.ts';
import { benchFolder, checkpointStore, dirtyNodes, importNodes, restoreInto } from './persistence-home.ts';
import { measureGgufCodec, measureHilbert, measureMerkle, measureQ9 } from './persistence-kernels.ts';
import { loadScifact } from './scifact-data.ts';

const spec = { napFlushMs: 180, merkleMs: 1100, q9Ms: 42, hilbertMs: 85, restoreMs: 45, compressionRatio: 120 } as const;
const widths = [52, 14, 12];
const nowMs = Date.UTC(2026, 10, 23);

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const codec = await ZstdCodec.create();
    const merkle = measureMerkle(1_000_000, 3);
    const q9 = measureQ9(1_000_000, 9);
    const hilbert = measureHilbert(100_000, 5);
    const nodes = randomGgufNodes(100_000, { seed: 5, embeddingWidths: [100] });
    const gguf = measureGgufCodec(nodes, 3);
    const folder = await benchFolder();
    try {
      const store = openLmdbHomeStore(join(folder.path, 'big'));
      const importMs = importNodes(store, nodes);
      const full = checkpointStore(store, codec, join(folder.path, 'full.nik'), { full: true, nowMs });
      const flushes = [1, 2, 3].map((round) => {
        dirtyNodes(store, nodes, 10_000, round);
        return checkpointStore(store, codec, join(folder.path, `diff-${round}.nik`), { full: false, nowMs: nowMs + round });
      });
      await store.close();
      const small = openLmdbHomeStore(join(folder.path, 'small'));
      importNodes(small, nodes.slice(0, 10_000));
      const smallFull = checkpointStore(small, codec, join(folder.path, 'small.nik'), { full: true, nowMs });
      await small.close();
      const restores = [];
      for (const run of [1, 2, 3]) restores.push(await restoreInto(smallFull.file, codec, join(folder.path, `restored-${run}`)));
      const realistic = await realisticHome(codec, join(folder.path, 'scifact.nik'));
      const figures = {
        napFlush10kMs: median(flushes.map((f) => f.ms)), napFlushNodes: flushes[0]!.nodes, napFlushFileBytes: flushes[0]!.fileBytes,
        fullCheckpoint100kMs: full.ms, fullCheckpoint100kBytes: full.fileBytes,
        merkle1MTreeMs: merkle.treeOnly.medianMs, merkle1MWithLeavesMs: merkle.withLeafHashing.medianMs,
        q9Quantize1MMs: q9.medianMs, hilbert100kMs: hilbert.medianMs,
        restore10kMs: median(restores.map((r) => r.ms)), restoreNodes: restores[0]!.nodes, restoreFileBytes: smallFull.fileBytes,
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

function printTable(log: (line: string) => void, f: Record<string, number | object>): void {
  const n = (key: string): number => f[key] as number;
  log(row(['figure', 'ours', 'spec'], widths));
  log(row([`nap flush: differential of ${n('napFlushNodes')} dirty of 100k nodes, ms`, n('napFlush10kMs'), spec.napFlushMs], widths));
  log(row(['  (its file, bytes)', n('napFlushFileBytes'), '-'], widths));
  log(row(['full checkpoint of 100k nodes, ms (1 run)', n('fullCheckpoint100kMs'), '-'], widths));
  log(row(['Merkle root, 1M leaf hashes, ms', n('merkle1MTreeMs'), spec.merkleMs], widths));
  log(row(['Merkle root incl. hashing 1M 261-byte leaves, ms', n('merkle1MWithLeavesMs'), spec.merkleMs], widths));
  log(row(['Q9_0 quantization, 1M weights, ms', n('q9Quantize1MMs'), spec.q9Ms], widths));
  log(row(['Hilbert keys + sort, 100k nodes, ms', n('hilbert100kMs'), spec.hilbertMs], widths));
  log(row([`restore of ${n('restoreNodes')} nodes, ms`, n('restore10kMs'), spec.restoreMs], widths));
  log(row(['GGUF export (ggufFromNodes), 100k nodes, ms', n('ggufExport100kMs'), '-'], widths));
  log(row(['GGUF import (nodesFromGguf), 100k nodes, ms', n('ggufImport100kMs'), '-'], widths));
  log(row(['  import gguf store write, 100k nodes, ms (1 run)', n('ggufImportStoreWrite100kMs'), '-'], widths));
  log(row(['  GGUF file, bytes', n('ggufFileBytes'), '-'], widths));
  log(row([`compression: SciFact home (${n('realisticNodes')} nodes), raw : .nik`, `${n('compressionRatio').toFixed(2)}:1`, '120:1'], widths));
  log(row(['  LMDB data.mdb : .nik', `${n('storeToNikRatio').toFixed(2)}:1`, '-'], widths));
  log(row(['  raw / .nik / data.mdb bytes', `${n('realisticRawBytes')} / ${n('realisticNikBytes')} / ${n('realisticStoreBytes')}`, '-'], [52, 40]));
}
