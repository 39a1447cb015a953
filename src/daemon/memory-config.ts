/**
 * The memory sections of `noctem.json`, with defaults: which embedder builds the memory,
 * the recall weights, chunking, the relevance gate and the language model for `ask`.
 * Environment variables override the LLM endpoint (NOCTEM_LLM_URL, NOCTEM_LLM_MODEL).
 */
import { NoctemError, limits } from '../core/index.ts';
import { recallWeightsDefault, recallWeightsRemoteEmbedder, type RecallWeights } from '../recall/index.ts';
import type { HomeConfig } from '../store/index.ts';
import { waveInjections, waveReadouts } from '../wave/index.ts';
import { waveRecallConfigDefault, waveSeedings, type WaveRecallConfig } from './wave-recall-source.ts';

/** The embedder choice (D15). */
export type EmbedderConfig =
  | { readonly kind: 'glove' }
  | { readonly kind: 'openai'; readonly url: string; readonly model: string; readonly dimensions?: number };

/** The resolved memory config. */
export interface MemoryConfig {
  readonly embedder: EmbedderConfig;
  readonly weights: RecallWeights;
  /** How the wave signal seeds and propagates (used when `weights.wave` > 0). */
  readonly wave: WaveRecallConfig;
  readonly chunkWindowTokens: number;
  readonly chunkOverlapTokens: number;
  readonly relevanceThreshold: number;
  /** Recall's minimum fused score (noctem.json `recall.scoreMin`, RRF scale); norepinephrine scales it. */
  readonly recallScoreMin: number;
  /** Where `up` and `watch` look for new documents, relative to the working directory. */
  readonly inbox: string;
  readonly llm: { readonly url: string; readonly model: string } | null;
}

/**
 * Reads the memory sections with defaults.
 * @throws {NoctemError} CONFIG_INVALID naming the bad field
 */
export function memoryConfigOf(config: HomeConfig, env: Readonly<Record<string, string | undefined>>): MemoryConfig {
  const section = (name: string): Record<string, unknown> => {
    const value = config[name];
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null) throw invalid(name, 'must be an object');
    return value as Record<string, unknown>;
  };
  const recall = section('recall');
  const ingest = section('ingest');
  const llm = section('llm');
  const embedder = embedderOf(section('embedder'));
  const base = embedder.kind === 'glove' ? recallWeightsDefault : recallWeightsRemoteEmbedder;
  const weights = { ...base, ...(recall['weights'] as object | undefined) } as RecallWeights;
  for (const [signal, weight] of Object.entries(weights)) {
    if (typeof weight !== 'number' || !(weight >= 0)) throw invalid(`recall.weights.${signal}`, 'must be a number >= 0');
  }
  const llmUrl = env['NOCTEM_LLM_URL'] ?? (llm['url'] as string | undefined);
  return {
    embedder,
    weights,
    wave: waveConfigOf(recall['wave']),
    chunkWindowTokens: integer(ingest, 'chunkWindowTokens', 512),
    chunkOverlapTokens: integer(ingest, 'chunkOverlapTokens', 50),
    relevanceThreshold: fraction(ingest, 'relevanceThreshold', 0),
    recallScoreMin: scoreMinOf(recall['scoreMin']),
    inbox: typeof ingest['inbox'] === 'string' ? ingest['inbox'] : 'inbox',
    llm: llmUrl === undefined || llmUrl === '' ? null : { url: llmUrl, model: env['NOCTEM_LLM_MODEL'] ?? String(llm['model'] ?? 'default') },
  };
}

function waveConfigOf(value: unknown): WaveRecallConfig {
  if (value === undefined) return waveRecallConfigDefault;
  if (typeof value !== 'object' || value === null) throw invalid('recall.wave', 'must be an object');
  const section = { ...waveRecallConfigDefault, ...value } as Record<string, unknown>;
  const choice = <T extends string>(field: string, allowed: readonly T[]): T => {
    const v = section[field];
    if (typeof v !== 'string' || !allowed.includes(v as T)) throw invalid(`recall.wave.${field}`, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    return v as T;
  };
  const count = (field: string, max: number): number => {
    const v = section[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) throw invalid(`recall.wave.${field}`, `must be an integer from 1 to ${max}`);
    return v;
  };
  const nonNegative = (field: string, max: number): number => {
    const v = section[field];
    if (typeof v !== 'number' || !(v >= 0 && v <= max)) throw invalid(`recall.wave.${field}`, `must be a number from 0 to ${max}`);
    return v;
  };
  const whole = (field: string, max: number): number => {
    const v = section[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw invalid(`recall.wave.${field}`, `must be an integer from 0 to ${max}`);
    return v;
  };
  return {
    seeding: choice('seeding', waveSeedings),
    seeds: count('seeds', limits.waveRecallSeedsMax),
    steps: count('steps', limits.waveRecallStepsMax),
    injection: choice('injection', waveInjections),
    readout: choice('readout', waveReadouts),
    identityStrength: nonNegative('identityStrength', 100),
    firewallModes: whole('firewallModes', limits.firewallModesMax),
    firewallAttenuationDb: nonNegative('firewallAttenuationDb', 200),
  };
}

function embedderOf(section: Record<string, unknown>): EmbedderConfig {
  const kind = section['kind'] ?? 'glove';
  if (kind === 'glove') return { kind };
  if (kind !== 'openai') throw invalid('embedder.kind', 'must be "glove" or "openai"');
  if (typeof section['url'] !== 'string' || typeof section['model'] !== 'string') {
    throw invalid('embedder', 'an openai embedder needs "url" and "model" strings');
  }
  const dimensions = section['dimensions'];
  return { kind, url: section['url'], model: section['model'], ...(typeof dimensions === 'number' ? { dimensions } : {}) };
}

function integer(section: Record<string, unknown>, field: string, fallback: number): number {
  const value = section[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(`ingest.${field}`, 'must be an integer >= 0');
  return value;
}

function fraction(section: Record<string, unknown>, field: string, fallback: number): number {
  const value = section[field] ?? fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw invalid(`ingest.${field}`, 'must be a number from 0 to 1');
  return value;
}

function scoreMinOf(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw invalid('recall.scoreMin', 'must be a number from 0 to 1');
  return value;
}

function invalid(field: string, problem: string): NoctemError {
  return new NoctemError('CONFIG_INVALID', `noctem.json: "${field}" ${problem}`, { details: { field } });
}
