/**
 * Read access to the stored memory for recall: the inverted index (postings read from
 * LMDB per query term), chunk lengths, the packed dense matrix and node cells. The parts
 * that are whole-memory scans are cached and rebuilt when the memory's generation
 * changes, so a long-running process pays for them once per change.
 */
import { limits } from '../core/index.ts';
import type { TorusCoord } from '../manifold/index.ts';
import type { StoreReader } from '../store/index.ts';
import type { Bm25Corpus, Posting } from './bm25.ts';
import type { DenseMatrix } from './dense.ts';
import { chunkIdOf, ordinalOf, readCorpusStats, readGeneration, type ChunkRecord } from './memory-records.ts';

/** Whole-memory tables cached per generation. */
interface Tables {
  readonly generation: number;
  readonly lengths: Map<string, number>;
  /** Postings read so far, by term (filled on first use). */
  readonly postings: Map<string, Posting[] | undefined>;
  readonly coords: Map<string, TorusCoord>;
  readonly matrix: DenseMatrix;
}

/** The memory as recall reads it. */
export class MemoryIndex {
  readonly #reader: StoreReader;
  #tables: Tables | undefined;

  constructor(reader: StoreReader) {
    this.#reader = reader;
  }

  /** The BM25 view: postings from LMDB, lengths from the cached table. */
  corpus(): Bm25Corpus {
    const stats = readCorpusStats(this.#reader);
    const tables = this.#current();
    return {
      docCount: stats.chunks,
      avgDocLength: stats.chunks === 0 ? 0 : stats.terms / stats.chunks,
      postings: (term) => this.postings(term),
      docLength: (docId) => tables.lengths.get(docId) ?? 0,
    };
  }

  /**
   * A term's postings, read in key order from LMDB on first use and kept until the memory
   * changes (bounded by limits.postingsCachedTermsMax terms).
   */
  postings(term: string): Posting[] | undefined {
    const cache = this.#current().postings;
    if (cache.has(term)) return cache.get(term);
    if (cache.size >= limits.postingsCachedTermsMax) cache.clear();
    const read = this.#readPostings(term);
    cache.set(term, read);
    return read;
  }

  #readPostings(term: string): Posting[] | undefined {
    const out: Posting[] = [];
    for (const { key, value } of this.#reader.range('postings', { start: [term, 0], end: [term, Number.MAX_SAFE_INTEGER] })) {
      out.push({ docId: chunkIdOf((key as [string, number])[1]), tf: value as number });
      if (out.length >= limits.postingsReadMax) break;
    }
    return out.length === 0 ? undefined : out;
  }

  /** The packed unit-length embeddings of every chunk. */
  matrix(): DenseMatrix {
    return this.#current().matrix;
  }

  /** A chunk's torus cell. */
  coordOf(id: string): TorusCoord | undefined {
    return this.#current().coords.get(id);
  }

  /** A chunk's record. */
  chunk(id: string): ChunkRecord | undefined {
    const ordinal = ordinalOf(id);
    return ordinal === undefined ? undefined : (this.#reader.get('chunks', ordinal) as ChunkRecord | undefined);
  }

  #current(): Tables {
    const generation = readGeneration(this.#reader);
    if (this.#tables?.generation === generation) return this.#tables;
    this.#tables = buildTables(this.#reader, generation);
    return this.#tables;
  }
}

function buildTables(reader: StoreReader, generation: number): Tables {
  const lengths = new Map<string, number>();
  const coords = new Map<string, TorusCoord>();
  for (const { value } of reader.range('chunks')) {
    const chunk = value as ChunkRecord;
    lengths.set(chunk.id, chunk.termCount);
    coords.set(chunk.id, Uint16Array.from(chunk.coord));
  }
  const ids: string[] = [];
  const rows: Float32Array[] = [];
  for (const { key, value } of reader.range('vectors')) {
    ids.push(chunkIdOf(key as number));
    rows.push(value as Float32Array);
  }
  const dimensions = rows[0]?.length ?? 0;
  const vectors = new Float32Array(rows.length * dimensions);
  rows.forEach((row, r) => vectors.set(row, r * dimensions));
  return { generation, lengths, postings: new Map(), coords, matrix: { ids, vectors, dimensions } };
}
