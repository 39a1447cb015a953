/**
 * `npm run bench -- recall-ablation`: SciFact nDCG@10 and recall@100 of each recall
 * signal alone and of several fusion weightings, on one ingested home, so the default
 * weights rest on a measurement (docs/decisions.md "Recall weights").
 */
import { RecallService, type RecallWeights } from '../src/recall/index.ts';
import { quantile, row, type Benchmark } from './benchmark.ts';
import { evaluateRun } from './ir-metrics.ts';
import { benchHome, docIdOf, ingestDocs } from './noctem-memory.ts';
import { loadScifact } from './scifact-data.ts';

const settings: readonly (RecallWeights & { name: string })[] = [
  { name: 'bm25 only', bm25: 1, dense: 0, torus: 0 },
  { name: 'dense only', bm25: 0, dense: 1, torus: 0 },
  { name: 'bm25 + dense 0.05', bm25: 1, dense: 0.05, torus: 0 },
  { name: 'bm25 + dense 0.1', bm25: 1, dense: 0.1, torus: 0 },
  { name: 'bm25 + dense 0.5', bm25: 1, dense: 0.5, torus: 0 },
  { name: 'bm25 + dense 1', bm25: 1, dense: 1, torus: 0 },
  { name: 'bm25 + torus 0.1', bm25: 1, dense: 0, torus: 0.1 },
  { name: 'bm25 + dense 0.5 + torus 0.1', bm25: 1, dense: 0.5, torus: 0.1 },
];

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const data = loadScifact();
    const home = await benchHome();
    try {
      await ingestDocs(home, data.docs);
      const widths = [30, 10, 10, 10];
      log(row(['weights (bm25/dense/torus)', 'nDCG@10', 'R@100', 'p50 ms'], widths));
      const figures: Record<string, unknown>[] = [];
      for (const setting of settings) {
        const recall = new RecallService({ index: home.memory.index, embedder: home.memory.embedder, projection: home.memory.projection, weights: setting });
        const run = new Map<string, string[]>();
        const latencies: number[] = [];
        for (const q of data.queries) {
          const t = performance.now();
          const results = await recall.search(q.text, { k: 100, snippets: false });
          latencies.push(performance.now() - t);
          run.set(q.id, [...new Set(results.map((r) => docIdOf(r.source)))]);
        }
        const m = evaluateRun(run, data.qrels);
        log(row([setting.name, m.ndcg10, m.recall100, quantile(latencies, 0.5)], widths));
        figures.push({ ...setting, ndcg10: m.ndcg10, recall100: m.recall100, queryP50Ms: quantile(latencies, 0.5) });
      }
      return { dataset: 'scifact', settings: figures };
    } finally {
      await home.dispose();
    }
  },
};
