/**
 * The search libraries a person would pick instead of Noctem, run on the same SciFact data
 * in the same process: MiniSearch 7 and Orama 3, each indexing title + text.
 *
 * Configurations, all from each library's own documentation:
 * - `defaults`: the documented defaults (MiniSearch: lowercase, no stemming, OR of terms,
 *   no prefix or fuzzy matching, BM25+; Orama: its English tokenizer without stemming or
 *   stopwords, prefix matching of terms (`exact: false`), `threshold: 1`, BM25). Only the
 *   result count is raised to 100 so recall@100 can be measured.
 * - `stemming`: English stemming. MiniSearch bundles no stemmer; its README's way is a
 *   `processTerm` that lowercases and stems, here with our Porter2 (Snowball English)
 *   `stemEnglish`. Orama uses its built-in English stemmer (`components.tokenizer:
 *   { language: 'english', stemming: true }`); `@orama/stemmers` is not installed and is
 *   only needed for other languages.
 * - `stemming+stopwords`: the above plus the 33 Lucene English stopwords (MiniSearch's
 *   README shows stopwords in `processTerm`; Orama takes `stopWords: string[]`).
 * Orama's search option `exact: true` is not tried: in Orama 3.1 it keeps only documents
 * containing every query word verbatim (case-sensitive), a filter that leaves natural-language
 * questions with no results (nDCG@10 0.000 on SciFact when we tried it), not a ranking mode.
 * The best configuration by nDCG@10 stands for each peer, so no peer is shown at its worst.
 *
 * Each configuration is timed for indexing, then every query runs once to warm up and once
 * more timed, one query at a time; p50 and p95 are over the timed pass.
 */
import MiniSearch from 'minisearch';
import { create, insertMultiple, search } from '@orama/orama';
import { englishStopwords, stemEnglish } from '../src/recall/index.ts';
import { quantile } from './benchmark.ts';
import { evaluateRun } from './ir-metrics.ts';
import type { ScifactData, ScifactDoc } from './scifact-data.ts';

/** Results kept per query (recall@100 needs 100). */
const resultsPerQuery = 100;

/** The figures of one peer configuration. */
export interface PeerFigures {
  /** The configuration's name and what it sets. */
  readonly config: string;
  /** Mean nDCG@10 over the test queries. */
  readonly ndcg10: number;
  /** Mean recall@100 over the test queries. */
  readonly recall100: number;
  /** Median query latency, milliseconds. */
  readonly queryP50Ms: number;
  /** 95th-percentile query latency, milliseconds. */
  readonly queryP95Ms: number;
  /** Wall time to build the index over the whole corpus, milliseconds. */
  readonly indexMs: number;
}

/** One peer: its best configuration by nDCG@10, and every configuration tried. */
export interface PeerResult extends PeerFigures {
  readonly configs: readonly PeerFigures[];
}

/** Both peers' results. */
export interface PeersResult {
  readonly minisearch: PeerResult;
  readonly orama: PeerResult;
}

/** A configuration to run. */
export interface PeerConfig {
  /** Its name and what it sets, as reported. */
  readonly config: string;
  /** Builds an index over `docs` and returns its search: query → top document ids, best first. */
  build(docs: readonly ScifactDoc[]): Promise<(query: string) => Promise<string[]>>;
}

const stemmed = (term: string): string => stemEnglish(term.toLowerCase());

/** MiniSearch configurations. */
export const miniSearchConfigs: readonly PeerConfig[] = [
  { config: 'defaults', build: async (docs) => miniSearchIndex(docs, {}) },
  { config: 'stemming (processTerm: lowercase + Porter2)', build: async (docs) => miniSearchIndex(docs, { processTerm: stemmed }) },
  {
    config: 'stemming+stopwords (processTerm: Lucene stopwords, lowercase + Porter2)',
    build: async (docs) => miniSearchIndex(docs, {
      processTerm: (term) => (englishStopwords.has(term.toLowerCase()) ? null : stemmed(term)),
    }),
  },
];

/** Orama configurations. */
export const oramaConfigs: readonly PeerConfig[] = [
  { config: 'defaults', build: async (docs) => oramaIndex(docs, {}) },
  { config: "stemming (tokenizer: language 'english', stemming: true)", build: async (docs) => oramaIndex(docs, { language: 'english', stemming: true }) },
  {
    config: "stemming+stopwords (tokenizer: stemming: true, stopWords: Lucene's 33)",
    build: async (docs) => oramaIndex(docs, { language: 'english', stemming: true, stopWords: [...englishStopwords] }),
  },
];

function miniSearchIndex(docs: readonly ScifactDoc[], options: { processTerm?: (term: string) => string | null }): (query: string) => Promise<string[]> {
  const index = new MiniSearch<ScifactDoc>({ fields: ['title', 'text'], ...options });
  index.addAll([...docs]);
  return async (query) => index.search(query).slice(0, resultsPerQuery).map((hit) => String(hit.id));
}

async function oramaIndex(
  docs: readonly ScifactDoc[],
  tokenizer: { language?: string; stemming?: boolean; stopWords?: string[] },
): Promise<(query: string) => Promise<string[]>> {
  const db = create({ schema: { title: 'string', text: 'string' } as const, components: { tokenizer } });
  await insertMultiple(db, docs.map((doc) => ({ id: doc.id, title: doc.title, text: doc.text })));
  return async (query) => {
    const results = await search(db, { term: query, limit: resultsPerQuery });
    return results.hits.map((hit) => hit.id);
  };
}

/**
 * Runs one configuration: index, warm-up pass, timed pass, metrics.
 * @param peer - the configuration
 * @param data - the SciFact test split
 * @returns its figures
 */
export async function measurePeer(peer: PeerConfig, data: ScifactData): Promise<PeerFigures> {
  const indexStart = performance.now();
  const searchFor = await peer.build(data.docs);
  const indexMs = performance.now() - indexStart;
  let consumed = 0;
  for (const query of data.queries) consumed += (await searchFor(query.text)).length;
  const run = new Map<string, string[]>();
  const latenciesMs: number[] = [];
  for (const query of data.queries) {
    const start = performance.now();
    const ids = await searchFor(query.text);
    latenciesMs.push(performance.now() - start);
    run.set(query.id, ids);
  }
  if (consumed < 0) throw new Error('unreachable: keeps the warm-up results alive');
  const { ndcg10, recall100 } = evaluateRun(run, data.qrels);
  return { config: peer.config, ndcg10, recall100, queryP50Ms: quantile(latenciesMs, 0.5), queryP95Ms: quantile(latenciesMs, 0.95), indexMs };
}

/**
 * Runs every configuration of both peers on `data`.
 * @param data - the SciFact test split
 * @returns per peer, the best configuration by nDCG@10 with all configurations listed
 */
export async function runPeers(data: ScifactData): Promise<PeersResult> {
  return {
    minisearch: await runPeer(miniSearchConfigs, data),
    orama: await runPeer(oramaConfigs, data),
  };
}

async function runPeer(configs: readonly PeerConfig[], data: ScifactData): Promise<PeerResult> {
  const figures: PeerFigures[] = [];
  for (const config of configs) figures.push(await measurePeer(config, data));
  const best = figures.reduce((a, b) => (b.ndcg10 > a.ndcg10 ? b : a));
  return { ...best, configs: figures };
}
