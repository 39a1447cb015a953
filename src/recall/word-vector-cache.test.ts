/**
 * Goal: the cache codec round-trips and rejects damage. Method: encode the fixture, decode
 * it, and flip bytes across the header and the body.
 */
import { describe, expect, test } from 'vitest';
import { decodeWordVectorCache, encodeWordVectorCache, type WordVectorCache } from './word-vector-cache.ts';
import { fixtureWordVectors } from './word-vectors.fixture.ts';

const cache: WordVectorCache = { vectors: fixtureWordVectors(), component: Float32Array.of(1, 0, 0, 0, 0, 0, 0, 0), sourceTag: 'fixture:v1' };

describe('word-vector-cache', () => {
  test('encodeWordVectorCache() round-trips through decodeWordVectorCache()', () => {
    const decoded = decodeWordVectorCache(encodeWordVectorCache(cache));
    expect(decoded.sourceTag).toBe('fixture:v1');
    expect(decoded.vectors.words).toEqual(cache.vectors.words);
    expect(Array.from(decoded.vectors.matrix)).toEqual(Array.from(cache.vectors.matrix));
    expect(Array.from(decoded.component)).toEqual(Array.from(cache.component));
  });

  test('decodeWordVectorCache() rejects a flipped byte anywhere in the body', () => {
    const bytes = encodeWordVectorCache(cache);
    const bodyStart = bytes.length - cache.vectors.matrix.byteLength - cache.vectors.words.join('\n').length;
    for (let i = bodyStart; i < bytes.length; i += 7) {
      const damaged = bytes.slice();
      damaged[i] = damaged[i]! ^ 1;
      expect(() => decodeWordVectorCache(damaged)).toThrow(expect.objectContaining({ code: 'EMBEDDER_CACHE_CORRUPT' }));
    }
  });

  test('decodeWordVectorCache() rejects a wrong magic, a truncation and a bad header', () => {
    const bytes = encodeWordVectorCache(cache);
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0x41;
    const badHeader = bytes.slice();
    badHeader[12] = 0x41;
    for (const damaged of [wrongMagic, bytes.subarray(0, bytes.length - 1), badHeader, new Uint8Array(3)]) {
      expect(() => decodeWordVectorCache(damaged)).toThrow(expect.objectContaining({ code: 'EMBEDDER_CACHE_CORRUPT' }));
    }
  });
});
