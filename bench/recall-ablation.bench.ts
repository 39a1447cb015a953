/**
 * `npm run bench -- recall-ablation`: SciFact nDCG@10 and recall@100 of each recall
 * signal alone and of several fusion weightings, on one ingested home, so the default
 * weights rest on a measurement (docs/decisions.md "Recall weights", "Wave recall").
 * The wave rows (D4) add the wave-energy signal through the daemon's WaveRecallSource with
 * each seeding (torus, hits), injection (drive, displacement) and readout (energy, |ψ|²).
 */
import { WaveRecallSource, waveRecallConfigDefault, type WaveRecallConfig } from '../src/daemon/wave-recall-source.ts';
import { RecallService, type RecallWeights } from '../src/recall/index.ts';
import { quantile, row, type Benchmark } from './benchmark.ts';
import { evaluateRun } from './ir-metrics.ts';
import { benchHome, docIdOf, ingestDocs, type BenchHome } from './noctem-memory.ts';
import { loadScifact } from './scifact-data.ts';

/** One row: the weights and, for wave rows, the wave configuration. */
interface Setting {
  readonly name: string;
  readonly weights: RecallWeights;
  readonly wave?: Partial<WaveRecallConfig>;
}

const w = (bm25: number, dense: number, torus: number, wave = 0): RecallWeights => ({ bm25, dense, torus, wave });

const settings: readonly Setting[] = [
  { name: 'bm25 only', weights: w(1, 0, 0) },
  { name: 'dense only', weights: w(0, 1, 0) },
  { name: 'bm25 + dense 0.05', weights: w(1, 0.05, 0) },
  { name: 'bm25 + dense 0.1', weights: w(1, 0.1, 0) },
  { name: 'bm25 + dense 0.5', weights: w(1, 0.5, 0) },
  { name: 'bm25 + dense 1', weights: w(1, 1, 0) },
  { name: 'bm25 + torus 0.1', weights: w(1, 0, 0.1) },
  { name: 'bm25 + dense 0.5 + torus 0.1', weights: w(1, 0.5, 0.1) },
  { name: 'wave only, torus seeds', weights: w(0, 0, 0, 1), wave: { seeding: 'torus' } },
  { name: 'bm25 + wave 0.1, torus', weights: w(1, 0, 0, 0.1), wave: { seeding: 'torus' } },
  { name: 'bm25 + wave 0.3, torus', weights: w(1, 0, 0, 0.3), wave: { seeding: 'torus' } },
  { name: 'bm25 + wave 1, torus', weights: w(1, 0, 0, 1), wave: { seeding: 'torus' } },
  { name: 'bm25 + wave 0.3, torus, displ.', weights: w(1, 0, 0, 0.3), wave: { seeding: 'torus', injection: 'displacement' } },
  { name: 'bm25 + wave 0.1, hits', weights: w(1, 0, 0, 0.1), wave: { seeding: 'hits' } },
  { name: 'bm25 + wave 0.3, hits', weights: w(1, 0, 0, 0.3), wave: { seeding: 'hits' } },
  { name: 'bm25 + wave 1, hits', weights: w(1, 0, 0, 1), wave: { seeding: 'hits' } },
  { name: 'bm25 + wave 0.3, hits, displ.', weights: w(1, 0, 0, 0.3), wave: { seeding: 'hits', injection: 'displacement' } },
  { name: 'bm25 + wave 0.3, hits, |psi|^2', weights: w(1, 0, 0, 0.3), wave: { seeding: 'hits', readout: 'amplitude' } },
  { name: 'bm25 + wave 0.3, hits, displ., |psi|^2', weights: w(1, 0, 0, 0.3), wave: { seeding: 'hits', injection: 'displacement', readout: 'amplitude' } },
  { name: 'bm25 + wave 0.3, hits, 10 steps', weights: w(1, 0, 0, 0.3), wave: { seeding: 'hits', steps: 10 } },
  { name: 'bm25 + wave 0.3, hits, 40 steps', weights: w(1, 0, 0, 0.3), wave: { seeding: 'hits', steps: 40 } },
  { name: 'bm25 + wave 0.3, hits, 3 seeds', weights: w(1, 0, 0, 0.3), wave: { seeding: 'hits', seeds: 3 } },
  { name: 'bm25 + wave 0.3, hits, no firewall', weights: w(1, 0, 0, 0.3), wave: { seeding: 'hits', firewallModes: 0 } },
  { name: 'bm25 + wave 1, hits, no firewall', weights: w(1, 0, 0, 1), wave: { seeding: 'hits', firewallModes: 0 } },
];

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const data = loadScifact();
    const home = await benchHome();
    try {
      await ingestDocs(home, data.docs);
      const widths = [40, 10, 10, 10];
      log(row(['weights / wave configuration', 'nDCG@10', 'R@100', 'p50 ms'], widths));
      const figures: Record<string, unknown>[] = [];
      for (const setting of settings) {
        const recall = recallFor(home, setting);
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
        figures.push({ name: setting.name, ...setting.weights, ...(setting.wave ?? {}), ndcg10: m.ndcg10, recall100: m.recall100, queryP50Ms: quantile(latencies, 0.5) });
      }
      return { dataset: 'scifact', settings: figures };
    } finally {
      await home.dispose();
    }
  },
};

function recallFor(home: BenchHome, setting: Setting): RecallService {
  const { index, embedder, projection } = home.memory;
  const extraSignals = setting.wave === undefined
    ? []
    : [new WaveRecallSource({ store: home.noctem.store, projection, config: { ...waveRecallConfigDefault, ...setting.wave } })];
  return new RecallService({ index, embedder, projection, weights: setting.weights, extraSignals });
}
