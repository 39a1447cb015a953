/**
 * Writes and removes whole documents inside a write transaction: the source record, its
 * chunks, their postings and vectors, and their memory nodes. A document is visible whole
 * or not at all (DESIGN "Nothing lost").
 */
import type { ChunkId, SourceId } from '../core/index.ts';
import type { Projection } from '../manifold/index.ts';
import {
  chunkIdOf,
  metaKeys,
  readCorpusStats,
  readGeneration,
  type ChunkRecord,
  type SourceRecord,
} from '../recall/index.ts';
import type { StoreWriter } from '../store/index.ts';
import { detachChunkNode, placeChunkNode } from './node-writer.ts';

/** A chunk ready to store: everything but its ordinal and node. */
export interface PreparedChunk {
  readonly index: number;
  readonly text: string;
  readonly heading?: string;
  readonly startChar: number;
  readonly endChar: number;
  readonly termFrequencies: ReadonlyMap<string, number>;
  readonly termCount: number;
  readonly embedding: Float32Array;
  readonly untrusted: boolean;
  readonly hazardReasons: readonly string[];
}

/** A document ready to store. */
export interface PreparedDocument {
  readonly source: Omit<SourceRecord, 'chunkOrdinals'>;
  readonly chunks: readonly PreparedChunk[];
}

/**
 * Stores a document, replacing any earlier version with the same id in the same
 * transaction.
 * @returns the stored source record
 */
export function putDocument(writer: StoreWriter, projection: Projection, document: PreparedDocument): SourceRecord {
  removeDocument(writer, document.source.id);
  let next = (writer.get('meta', metaKeys.chunkOrdinalNext) as number | undefined) ?? 0;
  const ordinals: number[] = [];
  let terms = 0;
  for (const chunk of document.chunks) {
    const ordinal = next;
    next += 1;
    ordinals.push(ordinal);
    terms += chunk.termCount;
    writeChunk(writer, projection, document.source, chunk, ordinal);
  }
  const source: SourceRecord = { ...document.source, chunkOrdinals: ordinals };
  writer.put('sources', source.id, source);
  writer.put('meta', metaKeys.chunkOrdinalNext, next);
  const stats = readCorpusStats(writer);
  writer.put('meta', metaKeys.corpus, { chunks: stats.chunks + ordinals.length, terms: stats.terms + terms });
  writer.put('meta', metaKeys.generation, readGeneration(writer) + 1);
  return source;
}

/**
 * Removes a document and everything derived from it.
 * @returns the removed record, or undefined when there was none
 */
export function removeDocument(writer: StoreWriter, sourceId: SourceId): SourceRecord | undefined {
  const source = writer.get('sources', sourceId) as SourceRecord | undefined;
  if (source === undefined) return undefined;
  let terms = 0;
  for (const ordinal of source.chunkOrdinals) {
    const chunk = writer.get('chunks', ordinal) as ChunkRecord | undefined;
    if (chunk === undefined) continue;
    terms += chunk.termCount;
    for (const term of chunk.terms) writer.remove('postings', [term, ordinal]);
    writer.remove('vectors', ordinal);
    writer.remove('chunks', ordinal);
    detachChunkNode(writer, chunk.nodeId, ordinal);
  }
  writer.remove('sources', sourceId);
  const stats = readCorpusStats(writer);
  writer.put('meta', metaKeys.corpus, {
    chunks: Math.max(0, stats.chunks - source.chunkOrdinals.length),
    terms: Math.max(0, stats.terms - terms),
  });
  writer.put('meta', metaKeys.generation, readGeneration(writer) + 1);
  return source;
}

function writeChunk(
  writer: StoreWriter,
  projection: Projection,
  source: PreparedDocument['source'],
  chunk: PreparedChunk,
  ordinal: number,
): void {
  const id: ChunkId = chunkIdOf(ordinal);
  const placed = placeChunkNode(writer, projection, { ordinal, chunkId: id, sourceId: source.id, embedding: chunk.embedding }, source.ingestedAtMs);
  const record: ChunkRecord = {
    ordinal,
    id,
    sourceId: source.id,
    path: source.path,
    title: source.title,
    index: chunk.index,
    text: chunk.text,
    ...(chunk.heading === undefined ? {} : { heading: chunk.heading }),
    startChar: chunk.startChar,
    endChar: chunk.endChar,
    termCount: chunk.termCount,
    terms: [...chunk.termFrequencies.keys()],
    untrusted: chunk.untrusted,
    hazardReasons: chunk.hazardReasons,
    nodeId: placed.nodeId,
    coord: Array.from(placed.coord),
  };
  writer.put('chunks', ordinal, record);
  writer.put('vectors', ordinal, chunk.embedding);
  for (const [term, tf] of chunk.termFrequencies) writer.put('postings', [term, ordinal], tf);
}
