/**
 * The contract every {@link Embedder} passes (STYLE.md "Contracts and fakes"). Call it from
 * the implementation's test file with a setup that builds the embedder on real resources.
 */
import { describe, expect, test } from 'vitest';
import { cosine, norm } from '../core/index.ts';
import type { Embedder } from './embedder.ts';

/** Setup returns a ready embedder and a cleanup function. */
export type EmbedderSetup = () => Promise<{ embedder: Embedder; cleanup: () => Promise<void> }>;

/** Runs the Embedder contract against `setup`. */
export function runEmbedderContract(setup: EmbedderSetup): void {
  async function withEmbedder(fn: (embedder: Embedder) => Promise<void>): Promise<void> {
    const { embedder, cleanup } = await setup();
    try {
      await fn(embedder);
    } finally {
      await cleanup();
    }
  }

  describe('Embedder contract', () => {
    test('embed() returns one vector of the declared width per text, in order', () => withEmbedder(async (embedder) => {
      const vectors = await embedder.embed(['the cat sat on the mat', 'stock markets fell sharply', 'the cat sat on the mat']);
      expect(vectors.map((v) => v.length)).toEqual([embedder.dimensions, embedder.dimensions, embedder.dimensions]);
      expect(Array.from(vectors[2]!)).toEqual(Array.from(vectors[0]!));
    }));

    test('embed() returns unit-length vectors', () => withEmbedder(async (embedder) => {
      const [vector] = await embedder.embed(['memory consolidation during sleep']);
      expect(norm(vector!)).toBeCloseTo(1, 5);
    }));

    test('embed() of no texts is no vectors', () => withEmbedder(async (embedder) => {
      expect(await embedder.embed([])).toEqual([]);
    }));

    test('embed() places related texts closer than unrelated ones', () => withEmbedder(async (embedder) => {
      const [cats, kittens, bonds] = await embedder.embed([
        'the cat chased a mouse around the house',
        'a kitten hunted mice in the home',
        'treasury bond yields rose after the central bank decision',
      ]);
      expect(cosine(cats!, kittens!)).toBeGreaterThan(cosine(cats!, bonds!));
    }));

    test('embed() gives the same vectors on every call', () => withEmbedder(async (embedder) => {
      const [first] = await embedder.embed(['deterministic output']);
      const [second] = await embedder.embed(['deterministic output']);
      expect(Array.from(second!)).toEqual(Array.from(first!));
    }));
  });
}
