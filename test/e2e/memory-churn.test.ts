/**
 * Goal: the stored memory stays consistent under churn: after many documents are written,
 * replaced and removed, every invariant of test/helpers/memory-invariants.ts holds, above
 * all that no k-NN list (D2) names a node that is gone, even when the node that named it
 * sits far from the removed node in curve order (beyond the candidate window).
 * Method: putDocument/removeDocument on a real temporary LMDB with seeded random
 * embeddings (no embedder, so it runs in about a second); enough documents that the
 * graph outgrows limits.knnCandidatesMax, then seeded removals and replacements.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Xoshiro256pp, limits } from '../../src/core/index.ts';
import { putDocument, removeDocument, type PreparedDocument } from '../../src/ingest/index.ts';
import { createProjection } from '../../src/manifold/index.ts';
import { sourceIdOf } from '../../src/recall/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../../src/store/index.ts';
import { edgeLists, memoryProblems } from '../helpers/memory-invariants.ts';

const seed = 0xc4_0123;
const dimensions = 16;
let dir: string;
let store: HomeStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-churn-'));
  store = openLmdbHomeStore(join(dir, 'store'));
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Document `n` at `version`: 1 to 3 chunks with random embeddings and a few terms. */
function documentOf(rng: Xoshiro256pp, n: number, version: number): PreparedDocument {
  const path = `notes/${n}.txt`;
  const chunks = Array.from({ length: 1 + Math.floor(rng.nextFloat64() * 3) }, (_, index) => {
    const terms = new Map([[`doc${n}`, 1], [`v${version}`, 1], [`w${Math.floor(rng.nextFloat64() * 50)}`, 2]]);
    return {
      index,
      text: `doc${n} v${version} chunk ${index}`,
      startChar: 0,
      endChar: 10,
      termFrequencies: terms,
      termCount: 4,
      embedding: Float32Array.from({ length: dimensions }, () => rng.nextGaussian()),
      untrusted: false,
      hazardReasons: [],
    };
  });
  const source = {
    id: sourceIdOf(path), path, sourcePath: path, contentHash: `${n}:${version}`, kind: 'text', mime: 'text/plain',
    title: path, sizeBytes: 10, truncated: false, embedderId: 'test', ingestedAtMs: 0,
  };
  return { source, chunks };
}

it('putDocument() and removeDocument() under churn leave no dangling k-NN edge and every index in step', () => {
  const rng = Xoshiro256pp.fromSeed(seed);
  const projection = createProjection('5eed'.repeat(16), dimensions);
  const documents = 300;
  store.write((writer) => {
    for (let n = 0; n < documents; n += 1) putDocument(writer, projection, documentOf(rng, n, 0));
  });
  expect(store.count('nodes')).toBeGreaterThan(limits.knnCandidatesMax * 4);
  for (let round = 1; round <= 3; round += 1) {
    store.write((writer) => {
      for (let n = 0; n < documents; n += 1) {
        const roll = rng.nextFloat64();
        if (roll < 0.2) removeDocument(writer, sourceIdOf(`notes/${n}.txt`));
        else if (roll < 0.4) putDocument(writer, projection, documentOf(rng, n, round));
      }
    });
    expect({ seed, round, problems: memoryProblems(store) }).toEqual({ seed, round, problems: [] });
  }
  const lists = edgeLists(store);
  expect([...lists.values()].every((neighbours) => neighbours.length === 18)).toBe(true);
});
