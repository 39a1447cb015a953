/**
 * Runs Noctem's own memory on a benchmark corpus: a temporary home, documents ingested
 * through the real pipeline (worker extraction, chunking, embedding, LMDB writes), and
 * queries through hybrid recall. Shared by the SciFact and ablation benchmarks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNoctem, openMemory, type Memory, type Noctem } from '../src/daemon/index.ts';
import type { IngestSummary } from '../src/ingest/index.ts';
import type { RecallWeights } from '../src/recall/index.ts';
import type { ScifactDoc } from './scifact-data.ts';

/** A temporary home with its memory. */
export interface BenchHome {
  readonly noctem: Noctem;
  readonly memory: Memory;
  readonly dispose: () => Promise<void>;
}

/** Creates a temporary home; `weights` overrides the recall weights. */
export async function benchHome(options: { weights?: RecallWeights } = {}): Promise<BenchHome> {
  const dir = await mkdtemp(join(tmpdir(), 'noctem-bench-'));
  const noctem = await createNoctem(join(dir, 'home'), { name: 'bench' });
  const config = options.weights === undefined ? noctem.config : { ...noctem.config, recall: { weights: options.weights } };
  const memory = await openMemory({ ...noctem, config }, { env: {} });
  return {
    noctem,
    memory,
    dispose: async () => {
      await noctem.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Ingests corpus documents as text files (`title`, blank line, `text`). */
export function ingestDocs(home: BenchHome, docs: readonly ScifactDoc[]): Promise<IngestSummary> {
  const encoder = new TextEncoder();
  return home.memory.ingest.ingest(
    docs.map((doc) => ({ path: `corpus/${doc.id}.txt`, bytes: encoder.encode(`${doc.title}\n\n${doc.text}\n`) })),
  );
}

/** The document id of a result's source path (`corpus/ID.txt`). */
export function docIdOf(source: string): string {
  return source.replace(/^corpus\//, '').replace(/\.txt$/, '');
}

/** Top documents for a query: chunk results folded to their documents, best first (ids only, as the peers return). */
export async function searchDocs(home: BenchHome, query: string, k: number): Promise<string[]> {
  const results = await home.memory.recall.search(query, { k, snippets: false });
  const seen = new Set<string>();
  for (const result of results) seen.add(docIdOf(result.source));
  return [...seen];
}
