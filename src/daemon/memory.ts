/**
 * Builds the memory services of an open home (lazily: the embedder takes about a second
 * to load): the embedder chosen in config, the home's projection, the hazard filter, the
 * memory index, recall (with the wave signal when its weight is > 0), ingestion and the
 * answerer's language model.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createProjection, type Projection } from '../manifold/index.ts';
import { IngestService } from '../ingest/index.ts';
import {
  HazardFilter,
  MemoryIndex,
  RecallService,
  openGloveEmbedder,
  openOpenAiEmbedder,
  type Embedder,
} from '../recall/index.ts';
import { OpenAiChatModel, type LanguageModel } from '../answer/index.ts';
import type { Noctem } from './compose.ts';
import { memoryConfigOf, type MemoryConfig } from './memory-config.ts';
import { readAutonomyState } from './autonomy-state.ts';
import { reembedIfNeeded } from './reembed.ts';
import { gatedThreshold } from './drive-gate.ts';
import { WaveRecallSource } from './wave-recall-source.ts';
import { selfConceptParts, waveRecallGuard } from './wave-recall-guard.ts';

/** The memory services. */
export interface Memory {
  readonly config: MemoryConfig;
  readonly embedder: Embedder;
  readonly projection: Projection;
  readonly index: MemoryIndex;
  readonly recall: RecallService;
  readonly ingest: IngestService;
  /** The language model for `ask`, when one is configured. */
  readonly model: LanguageModel | undefined;
  /** Recall's minimum score now: the configured one scaled by norepinephrine's gate (drive-gate.ts). */
  recallScoreMin(): number;
}

/** Options for {@link openMemory}. */
export interface OpenMemoryOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Extraction workers. @default the number of cores */
  readonly workers?: number;
}

/** Builds the memory services for `noctem`, re-embedding first if the embedder changed. */
export async function openMemory(noctem: Noctem, options: OpenMemoryOptions): Promise<Memory> {
  const config = memoryConfigOf(noctem.config, options.env);
  const embedder = await openEmbedder(config, embedderCacheDir(options.env));
  const projection = createProjection(noctem.config.projectionSeed, embedder.dimensions);
  const hazards = await HazardFilter.create(embedder);
  const index = new MemoryIndex(noctem.store);
  // The wave signal (D4) is built only when it weighs something: at 0 recall does no graph work.
  const extraSignals = config.weights.wave > 0
    ? [new WaveRecallSource({ store: noctem.store, projection, config: config.wave, guard: waveRecallGuard(noctem), selfConcept: () => selfConceptParts(noctem, embedder),
      norepinephrine: () => readAutonomyState(noctem.store, noctem.clock.nowMs()).drives.norepinephrine })]
    : [];
  const recall = new RecallService({ index, embedder, projection, weights: config.weights, extraSignals });
  const ingest = new IngestService({
    store: noctem.store,
    audit: noctem.audit,
    projection,
    clock: noctem.clock,
    prepare: {
      embedder,
      hazards,
      clock: noctem.clock,
      chunking: { windowTokens: config.chunkWindowTokens, overlapTokens: config.chunkOverlapTokens },
      // A getter, read per document: the threshold follows norepinephrine's gate (drive-gate.ts).
      get relevanceThreshold(): number {
        return gatedThreshold(noctem.store, { configured: config.relevanceThreshold, nowMs: noctem.clock.nowMs() });
      },
    },
    ...(options.workers === undefined ? {} : { extract: { workers: options.workers } }),
  });
  await reembedIfNeeded(noctem, { embedder, projection, hazards });
  const model = config.llm === null ? undefined : new OpenAiChatModel({ baseUrl: config.llm.url, model: config.llm.model, fetch: globalThis.fetch });
  const recallScoreMin = (): number => gatedThreshold(noctem.store, { configured: config.recallScoreMin, nowMs: noctem.clock.nowMs() });
  return { config, embedder, projection, index, recall, ingest, model, recallScoreMin };
}

/**
 * Where the built-in embedder keeps its converted word-vector cache: derived data shared
 * by every home of this user (NOCTEM_CACHE_DIR, else $XDG_CACHE_HOME/noctem, else
 * ~/.cache/noctem). Rebuilt from the npm package when missing, so a home carried to a new
 * machine pays one conversion (about 5 s) there.
 */
export function embedderCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env['NOCTEM_CACHE_DIR']) return env['NOCTEM_CACHE_DIR'];
  const base = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'noctem');
}

async function openEmbedder(config: MemoryConfig, cacheDir: string): Promise<Embedder> {
  if (config.embedder.kind === 'glove') return (await openGloveEmbedder({ cacheDir })).embedder;
  const { url, model, dimensions } = config.embedder;
  return openOpenAiEmbedder({ url, model, fetch: globalThis.fetch, ...(dimensions === undefined ? {} : { dimensions }) });
}
