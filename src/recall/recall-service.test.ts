/**
 * Goal: signals computed outside the recall layer (the wave signal, through the
 * `extraSignals` port) are fused by weight like the built-in ones, and cost nothing at
 * weight 0. Method: a real LMDB store holding three chunk records with their postings and
 * corpus statistics (written here in the memory-records format), the fixture SIF embedder,
 * and a recording source that returns a fixed list.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChunkId, NodeId, SourceId } from '../core/index.ts';
import { createProjection } from '../manifold/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../store/index.ts';
import type { RankedList } from './fusion.ts';
import { MemoryIndex } from './memory-index.ts';
import { chunkIdOf, metaKeys, type ChunkRecord } from './memory-records.ts';
import { RecallService, recallWeightsDefault, type RecallSignalQuery, type RecallSignalSource, type RecallWeights } from './recall-service.ts';
import { sifCommonComponent } from './sif-common-component.ts';
import { SifEmbedder } from './sif-embedder.ts';
import { tokenize } from './tokenize.ts';
import { fixtureWordVectors } from './word-vectors.fixture.ts';
import { sifWeights, zipfProbabilities } from './word-vectors.ts';

const texts = ['the cat chased the mouse', 'the stock markets fell sharply', 'memory consolidation during sleep'];
let dir: string;
let store: HomeStore;

/** A source that records its calls and ranks the sleep chunk (no BM25 match for "cat") first. */
class RecordingSource implements RecallSignalSource {
  readonly signal = 'wave' as const;
  readonly calls: RecallSignalQuery[] = [];
  constructor(readonly needsVector: boolean) {}
  search(input: RecallSignalQuery): Promise<RankedList> {
    this.calls.push(input);
    return Promise.resolve({ signal: 'wave', results: [{ id: chunkIdOf(2), score: 5 }] });
  }
}

function recall(weights: RecallWeights, source: RecallSignalSource): RecallService {
  const vectors = fixtureWordVectors();
  const component = sifCommonComponent(vectors, sifWeights(zipfProbabilities(vectors.words.length)), { documents: 64 });
  const embedder = new SifEmbedder({ vectors, component, sourceTag: 'fixture' });
  const projection = createProjection('0123456789abcdef', embedder.dimensions);
  return new RecallService({ index: new MemoryIndex(store), embedder, projection, weights, extraSignals: [source] });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-recall-'));
  store = openLmdbHomeStore(dir);
  store.write((writer) => {
    let terms = 0;
    texts.forEach((text, ordinal) => {
      const stems = tokenize(text);
      terms += stems.length;
      const id = chunkIdOf(ordinal) as ChunkId;
      const chunk: ChunkRecord = {
        ordinal, id, sourceId: `s${ordinal}` as SourceId, path: `doc${ordinal}.txt`, title: `doc ${ordinal}`, index: 0, text,
        startChar: 0, endChar: text.length, termCount: stems.length, terms: [...new Set(stems)], untrusted: false,
        hazardReasons: [], nodeId: id as unknown as NodeId, coord: [0, 0, 0, 0, 0, 0, 0, 0, 0],
      };
      writer.put('chunks', ordinal, chunk);
      for (const term of new Set(stems)) writer.put('postings', [term, ordinal], stems.filter((s) => s === term).length);
    });
    writer.put('meta', metaKeys.corpus, { chunks: texts.length, terms });
    writer.put('meta', metaKeys.generation, 1);
  });
});

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('RecallService', () => {
  test('search() fuses an extra source\'s list when its weight is > 0', async () => {
    const source = new RecordingSource(false);
    const results = await recall({ ...recallWeightsDefault, wave: 0.5 }, source).search('cat');
    expect(results.map((r) => r.id)).toEqual([chunkIdOf(0), chunkIdOf(2)]);
    expect(results[1]?.signals['wave']).toEqual({ rank: 1, score: 5 });
  });

  test('search() never calls an extra source whose weight is 0', async () => {
    const source = new RecordingSource(true);
    const results = await recall(recallWeightsDefault, source).search('cat');
    expect(source.calls).toHaveLength(0);
    expect(results.map((r) => r.id)).toEqual([chunkIdOf(0)]);
  });

  test('search() gives a source the first-stage lists, and the query vector only when it asks', async () => {
    const blind = new RecordingSource(false);
    const seeing = new RecordingSource(true);
    await recall({ ...recallWeightsDefault, wave: 1 }, blind).search('cat');
    await recall({ ...recallWeightsDefault, wave: 1 }, seeing).search('cat');
    expect(blind.calls[0]?.lists.map((l) => l.signal)).toEqual(['bm25']);
    expect(blind.calls[0]?.vector).toBeUndefined();
    expect(seeing.calls[0]?.vector).toHaveLength(8);
  });
});
