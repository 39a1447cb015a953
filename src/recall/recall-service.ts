/**
 * Hybrid recall: BM25 over the LMDB inverted index, exact dense cosine, and a torus-
 * proximity prior over the candidates, fused by weighted reciprocal-rank fusion (D4).
 * Signals computed outside this layer (the wave energy of D4, which lives in the wave layer
 * at the same rank) come in through the {@link RecallSignalSource} port.
 * The weights come from config so the self-improvement loop can tune them later.
 */
import { NoctemError, limits } from '../core/index.ts';
import type { Projection } from '../manifold/index.ts';
import { bm25Search } from './bm25.ts';
import { denseSearch } from './dense.ts';
import type { Embedder } from './embedder.ts';
import { reciprocalRankFusion, type RankedList, type SignalHit } from './fusion.ts';
import type { MemoryIndex } from './memory-index.ts';
import type { ChunkRecord } from './memory-records.ts';
import { bestSnippet } from './snippet.ts';
import { tokenize } from './tokenize.ts';
import { torusPrior } from './torus-prior.ts';
import type { Scored } from './top-k.ts';

/** Fusion weights per signal; 0 switches a signal off. */
export interface RecallWeights {
  readonly bm25: number;
  readonly dense: number;
  readonly torus: number;
  /** The wave-energy signal (D4), supplied by a {@link RecallSignalSource} named `wave`. */
  readonly wave: number;
}

/**
 * The defaults with the built-in GloVe embedder: BM25 alone. Measured on SciFact
 * (`npm run bench -- recall-ablation`), every non-zero dense or torus weight lowered
 * nDCG@10 (0.683 alone; 0.662 with dense 0.05; 0.635 with torus 0.1), so they start at 0.
 * See docs/decisions.md "Recall weights".
 */
export const recallWeightsDefault: RecallWeights = Object.freeze({ bm25: 1, dense: 0, torus: 0, wave: 0 });

/**
 * The defaults with an OpenAI-compatible embedder: sentence-embedding models beat BM25 on
 * BEIR, so dense starts at full weight. Not measured here (no model server runs in this
 * workplace); tune in noctem.json `recall.weights`.
 */
export const recallWeightsRemoteEmbedder: RecallWeights = Object.freeze({ bm25: 1, dense: 1, torus: 0, wave: 0 });

/** One search result. */
export interface RecallResult {
  readonly id: string;
  readonly score: number;
  readonly source: string;
  readonly title: string;
  readonly snippet: string;
  readonly untrusted: boolean;
  readonly signals: Readonly<Record<string, SignalHit>>;
}

/** Options for {@link RecallService.search}. */
export interface SearchOptions {
  /** Results, 1..limits.searchResultsMax. @default 10 */
  readonly k?: number;
  /** Fused score below which results are dropped (the daemon passes norepinephrine's gated minimum, daemon/drive-gate.ts). @default 0 */
  readonly scoreMin?: number;
  /** Compute snippets; callers that only need ids (ask, benchmarks) skip them. @default true */
  readonly snippets?: boolean;
}

/** What an extra signal source sees of one query. */
export interface RecallSignalQuery {
  readonly query: string;
  /** The query's embedding; present when the source asks for it (or another signal needed it). */
  readonly vector: Float32Array | undefined;
  /** The first-stage lists (bm25, dense, torus; those with a non-zero weight), best first. */
  readonly lists: readonly RankedList[];
}

/**
 * A recall signal computed outside this layer (the port the daemon fills with the wave
 * signal). Called only when its weight is > 0.
 */
export interface RecallSignalSource {
  /** The signal's name: its weight is `weights[signal]` and its hits carry this name. */
  readonly signal: keyof RecallWeights;
  /** Whether it needs the query embedding (the embedder runs only when someone does). */
  readonly needsVector: boolean;
  /**
   * The signal's chunk list for one query, best first, at most limits.recallCandidatesMax.
   * @param input - the query, its vector and the first-stage lists
   */
  search(input: RecallSignalQuery): Promise<RankedList>;
}

/** What recall runs on. */
export interface RecallPorts {
  readonly index: MemoryIndex;
  readonly embedder: Embedder;
  readonly projection: Projection;
  readonly weights: RecallWeights;
  /** Signals computed elsewhere, fused when their weight is > 0. @default none */
  readonly extraSignals?: readonly RecallSignalSource[];
}

/** Searches the memory. */
export class RecallService {
  readonly #ports: RecallPorts;

  constructor(ports: RecallPorts) {
    this.#ports = ports;
  }

  /**
   * The best chunks for `query`, best first.
   * @throws {NoctemError} USAGE when the query is empty or k is out of range
   */
  async search(query: string, options: SearchOptions = {}): Promise<RecallResult[]> {
    const k = options.k ?? 10;
    if (!Number.isInteger(k) || k < 1 || k > limits.searchResultsMax) {
      throw new NoctemError('USAGE', `k must be an integer from 1 to ${limits.searchResultsMax}`);
    }
    if (query.trim() === '') throw new NoctemError('USAGE', 'The query is empty');
    const { index, weights } = this.#ports;
    const lists = await this.#signals(query);
    const fused = reciprocalRankFusion(lists, { weights: { ...weights }, limit: Math.min(k, limits.recallResultsMax) });
    const terms = options.snippets === false ? undefined : new Set(tokenize(query));
    const results: RecallResult[] = [];
    for (const hit of fused) {
      if (hit.score < (options.scoreMin ?? 0)) continue;
      const chunk = index.chunk(hit.id);
      if (chunk !== undefined) results.push(toResult(chunk, hit.score, hit.signals, options.snippets === false ? undefined : terms));
    }
    return results;
  }

  async #signals(query: string): Promise<RankedList[]> {
    const { index, embedder, projection, weights } = this.#ports;
    const limit = limits.recallCandidatesMax;
    const lists: { signal: string; results: Scored[] }[] = [];
    const terms = tokenize(query).slice(0, limits.recallQueryTermsMax);
    if (weights.bm25 > 0 && terms.length > 0) lists.push({ signal: 'bm25', results: bm25Search(terms, index.corpus(), { limit }) });
    const extra = (this.#ports.extraSignals ?? []).filter((source) => weights[source.signal] > 0);
    const needsVector = weights.dense > 0 || weights.torus > 0 || extra.some((source) => source.needsVector);
    const [vector] = needsVector ? await embedder.embed([query]) : [];
    if (weights.dense > 0 || weights.torus > 0) {
      const matrix = index.matrix();
      if (vector !== undefined && weights.dense > 0 && matrix.dimensions === vector.length) {
        lists.push({ signal: 'dense', results: denseSearch(vector, matrix, { limit }) });
      }
      if (vector !== undefined && weights.torus > 0 && lists.length > 0) {
        const candidates = [...new Set(lists.flatMap((l) => l.results.map((r) => r.id)))].flatMap((id) => {
          const coord = index.coordOf(id);
          return coord === undefined ? [] : [{ id, coord }];
        });
        if (candidates.length > 0) {
          lists.push({ signal: 'torus', results: torusPrior(projection.place(vector).coord, candidates, { limit: candidates.length }) });
        }
      }
    }
    const firstStage: readonly RankedList[] = [...lists];
    for (const source of extra) {
      const list = await source.search({ query, vector, lists: firstStage });
      lists.push({ signal: source.signal, results: list.results.slice(0, limit) });
    }
    return lists;
  }
}

function toResult(chunk: ChunkRecord, score: number, signals: Readonly<Record<string, SignalHit>>, terms: ReadonlySet<string> | undefined): RecallResult {
  return {
    id: chunk.id,
    score,
    source: chunk.path,
    title: chunk.title,
    snippet: terms === undefined ? '' : bestSnippet(chunk.text, terms, limits.snippetCharsMax),
    untrusted: chunk.untrusted,
    signals,
  };
}
