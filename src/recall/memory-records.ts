/**
 * The records of remembered documents as the store holds them: one `SourceRecord` per
 * document (keyed by its path), one `ChunkRecord` per chunk (keyed by its ordinal), the
 * inverted index `postings` (`[term, ordinal] -> tf`), `vectors` (`ordinal -> float32`)
 * and the corpus statistics in `meta`. Written by the ingest layer, read by recall.
 */
import { createHash } from 'node:crypto';
import type { ChunkId, NodeId, SourceId } from '../core/index.ts';
import type { StoreReader } from '../store/index.ts';

/** A remembered document. */
export interface SourceRecord {
  readonly id: SourceId;
  /** The document's path (an archive member's is virtual: `a.zip!/b.md`). */
  readonly path: string;
  /** The file on disk it came from. */
  readonly sourcePath: string;
  readonly contentHash: string;
  readonly kind: string;
  readonly mime: string;
  readonly title: string;
  readonly sizeBytes: number;
  readonly truncated: boolean;
  readonly chunkOrdinals: readonly number[];
  /** The embedder whose vectors the chunks carry. */
  readonly embedderId: string;
  readonly ingestedAtMs: number;
}

/** One chunk of a document: its text, where it came from, and its node. */
export interface ChunkRecord {
  readonly ordinal: number;
  readonly id: ChunkId;
  readonly sourceId: SourceId;
  readonly path: string;
  readonly title: string;
  readonly index: number;
  readonly text: string;
  readonly heading?: string;
  readonly startChar: number;
  readonly endChar: number;
  /** Analyzed terms in the chunk (its BM25 length). */
  readonly termCount: number;
  /** The distinct terms, so the postings can be removed with the chunk. */
  readonly terms: readonly string[];
  /** D12: the chunk reads as instructions to an AI; pass it to a model only as quoted data. */
  readonly untrusted: boolean;
  readonly hazardReasons: readonly string[];
  /** The memory node holding the chunk (its own, or the one it superposed on). */
  readonly nodeId: NodeId;
  /** The node's torus cell (9 × uint14), for the proximity prior. */
  readonly coord: readonly number[];
}

/** Corpus statistics kept with every document write. */
export interface CorpusStats {
  readonly chunks: number;
  readonly terms: number;
}

/** Keys in `meta`. */
export const metaKeys = Object.freeze({
  corpus: 'corpus',
  chunkOrdinalNext: 'chunkOrdinalNext',
  /** Bumped by every document write: caches of the index compare it. */
  generation: 'memoryGeneration',
  /** Bumped when plasticity reshapes node metrics (text indexes unchanged): graph caches compare it. */
  geometry: 'memoryGeometry',
  embedder: 'embedder',
});

/** The id of a document from its path: 16 bytes of SHA-256, hex. */
export function sourceIdOf(path: string): SourceId {
  return createHash('sha256').update(path).digest('hex').slice(0, 32) as SourceId;
}

/** The id of the chunk with `ordinal`: 8+ hex digits, also its node's id. */
export function chunkIdOf(ordinal: number): ChunkId {
  return ordinal.toString(16).padStart(8, '0') as ChunkId;
}

/** The ordinal of a chunk id, or undefined when it is not one. */
export function ordinalOf(id: string): number | undefined {
  if (!/^[0-9a-f]{8,13}$/.test(id)) return undefined;
  return Number.parseInt(id, 16);
}

/** The corpus statistics (zero for an empty memory). */
export function readCorpusStats(reader: StoreReader): CorpusStats {
  return (reader.get('meta', metaKeys.corpus) as CorpusStats | undefined) ?? { chunks: 0, terms: 0 };
}

/** The geometry generation: changes whenever plasticity rewrites node metrics. */
export function readGeometryGeneration(reader: StoreReader): number {
  return (reader.get('meta', metaKeys.geometry) as number | undefined) ?? 0;
}

/** The memory's generation: changes whenever a document is written or removed. */
export function readGeneration(reader: StoreReader): number {
  return (reader.get('meta', metaKeys.generation) as number | undefined) ?? 0;
}
