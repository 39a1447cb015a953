/**
 * `npm run bench -- scifact`: SciFact (BEIR test split, 300 queries) through Noctem's
 * real pipeline, beside MiniSearch and Orama on the same data in the same process.
 * Targets (issue 3): nDCG@10 >= 0.68 and above every peer; query p50 <= 10 ms and faster
 * than every peer; ingestion >= 1,000 chunks/s with the built-in embedder.
 */
import { quantile, row, type Benchmark } from './benchmark.ts';
import { evaluateRun } from './ir-metrics.ts';
import { benchHome, ingestDocs, searchDocs } from './noctem-memory.ts';
import { loadScifact } from './scifact-data.ts';
import { runPeers, type PeerResult } from './search-peers.ts';

const resultsPerQuery = 100;

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const data = loadScifact();
    log(`SciFact: ${data.docs.length} documents, ${data.queries.length} test queries`);
    const home = await benchHome();
    try {
      const started = performance.now();
      const summary = await ingestDocs(home, data.docs);
      const ingestSeconds = (performance.now() - started) / 1000;
      const run = new Map<string, string[]>();
      for (const q of data.queries) await searchDocs(home, q.text, resultsPerQuery); // Warm-up pass.
      const latencies: number[] = [];
      for (const q of data.queries) {
        const t = performance.now();
        run.set(q.id, await searchDocs(home, q.text, resultsPerQuery));
        latencies.push(performance.now() - t);
      }
      const metrics = evaluateRun(run, data.qrels);
      const noctem = {
        ndcg10: metrics.ndcg10,
        recall100: metrics.recall100,
        queryP50Ms: quantile(latencies, 0.5),
        queryP95Ms: quantile(latencies, 0.95),
        ingestChunksPerSec: summary.chunks / ingestSeconds,
        weights: home.memory.config.weights,
      };
      const peers = await runPeers(data);
      const w = home.memory.config.weights;
      const label = `noctem (bm25 ${w.bm25}/dense ${w.dense}/torus ${w.torus})`;
      printTable(log, label, noctem, peers.minisearch, peers.orama, { chunks: summary.chunks, seconds: ingestSeconds });
      return {
        dataset: 'scifact',
        queries: metrics.queries,
        noctem,
        minisearch: figures(peers.minisearch),
        orama: figures(peers.orama),
      };
    } finally {
      await home.dispose();
    }
  },
};

function figures(peer: PeerResult): Record<string, number | string> {
  return { ndcg10: peer.ndcg10, recall100: peer.recall100, queryP50Ms: peer.queryP50Ms, queryP95Ms: peer.queryP95Ms, config: peer.config };
}

function printTable(
  log: (line: string) => void,
  label: string,
  noctem: { ndcg10: number; recall100: number; queryP50Ms: number; queryP95Ms: number; ingestChunksPerSec: number },
  minisearch: PeerResult,
  orama: PeerResult,
  ingest: { chunks: number; seconds: number },
): void {
  const widths = [34, 10, 10, 10, 10];
  log(row(['system (configuration)', 'nDCG@10', 'R@100', 'p50 ms', 'p95 ms'], widths));
  log(row([label, noctem.ndcg10, noctem.recall100, noctem.queryP50Ms, noctem.queryP95Ms], widths));
  for (const [name, peer] of [['minisearch', minisearch], ['orama', orama]] as const) {
    for (const config of peer.configs) log(row([`${name} (${config.config})`.slice(0, 34), config.ndcg10, config.recall100, config.queryP50Ms, config.queryP95Ms], widths));
  }
  log(row(['target (issue 3)', 0.68, '', 10, ''], widths));
  log(`published BM25 on SciFact: 0.665 (BEIR paper), 0.679 (Anserini)`);
  log(`ingestion: ${ingest.chunks} chunks in ${ingest.seconds.toFixed(1)} s = ${(ingest.chunks / ingest.seconds).toFixed(0)} chunks/s (target >= 1,000)`);
}
