/**
 * Turns an extracted file into a document ready to store: chunks (§5.3.6), analyzed
 * terms, embeddings (batched), hazard tags (D12), through the relevance gate. Pure apart
 * from the embedder and hazard filter it is given.
 */
import { limits, type Clock } from '../core/index.ts';
import {
  sourceIdOf,
  termFrequencies,
  tokenize,
  words,
  type Embedder,
  type HazardFilter,
  type HazardVerdict,
} from '../recall/index.ts';
import { chunkText, type ChunkOptions } from './chunker.ts';
import type { PreparedChunk, PreparedDocument } from './document-writer.ts';
import type { ExtractedFile } from './extract-result.ts';
import { chunkRelevance, passesRelevanceGate } from './relevance-gate.ts';

/** What preparing needs. */
export interface PrepareContext {
  readonly embedder: Embedder;
  readonly hazards: HazardFilter;
  readonly clock: Clock;
  readonly chunking: ChunkOptions;
  /** The relevance gate's τ in [0, 1]. */
  readonly relevanceThreshold: number;
}

/** Chunks, analyzes, embeds and tags one extracted file. */
export async function prepareDocument(file: ExtractedFile, context: PrepareContext): Promise<PreparedDocument> {
  const pieces = chunkText(file.text, { ...context.chunking, sections: file.sections }).slice(0, limits.documentChunksMax);
  const analyzed = pieces
    .map((piece) => {
      const terms = tokenize(piece.text);
      return { piece, terms, relevance: chunkRelevance(terms.length, words(piece.text).length) };
    })
    .filter((a) => passesRelevanceGate(a.relevance, a.terms.length, context.relevanceThreshold));
  const embeddings = await embedAll(context.embedder, analyzed.map((a) => a.piece.text));
  const chunks: PreparedChunk[] = [];
  for (const [i, { piece, terms }] of analyzed.entries()) {
    chunks.push(preparedChunk(piece, terms, embeddings[i]!, await context.hazards.check(piece.text)));
  }
  return {
    source: {
      id: sourceIdOf(file.path),
      path: file.path,
      sourcePath: file.sourcePath,
      contentHash: file.contentHash,
      kind: file.kind,
      mime: file.mime,
      title: file.title,
      sizeBytes: file.sizeBytes,
      truncated: file.truncated || pieces.length === limits.documentChunksMax,
      embedderId: context.embedder.id,
      ingestedAtMs: context.clock.nowMs(),
    },
    chunks,
  };
}

/**
 * A chunk ready to store from its place in the document, analyzed terms, embedding and
 * hazard verdict (shared by ingestion and re-embedding).
 */
export function preparedChunk(
  span: Pick<PreparedChunk, 'index' | 'text' | 'heading' | 'startChar' | 'endChar'>,
  terms: readonly string[],
  embedding: Float32Array,
  hazard: HazardVerdict,
): PreparedChunk {
  return {
    index: span.index,
    text: span.text,
    ...(span.heading === undefined ? {} : { heading: span.heading }),
    startChar: span.startChar,
    endChar: span.endChar,
    termFrequencies: termFrequencies(terms),
    termCount: terms.length,
    embedding,
    untrusted: hazard.untrusted,
    hazardReasons: hazard.reasons,
  };
}

async function embedAll(embedder: Embedder, texts: readonly string[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += limits.embedBatchTextsMax) {
    out.push(...(await embedder.embed(texts.slice(start, start + limits.embedBatchTextsMax))));
  }
  return out;
}
