import { describe, expect, test } from 'vitest';
import { isNoctemError } from '../core/index.ts';
import { parseWinkEmbeddings } from './wink-embeddings-parser.ts';
import { fixtureWinkJson, fixtureWordVectors } from './word-vectors.fixture.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('wink-embeddings-parser', () => {
  test('parseWinkEmbeddings() reads words in rank order with float32 vectors', () => {
    const parsed = parseWinkEmbeddings(encode(fixtureWinkJson()));
    expect(parsed).toEqual(fixtureWordVectors());
  });

  test('parseWinkEmbeddings() reads exponents, escapes and UTF-8 words', () => {
    const json = '{"wordIndex":3,"size":2,"dimensions":2,"words":["\\"","é"],"vectors":{"\\"":[1.5e-3,-2E2,1,0],"é":[-0.25,7,1,1]},"unkVector":[0,0]}';
    const parsed = parseWinkEmbeddings(encode(json));
    expect(parsed.words).toEqual(['"', 'é']);
    expect(Array.from(parsed.matrix)).toEqual([Math.fround(1.5e-3), -200, -0.25, 7]);
  });

  test('parseWinkEmbeddings() rejects a file that is not the wink format', () => {
    let caught: unknown;
    try {
      parseWinkEmbeddings(encode('{"hello":1}'));
    } catch (error) {
      caught = error;
    }
    expect(isNoctemError(caught, 'EMBEDDER_MODEL_NOT_FOUND')).toBe(true);
  });

  test('parseWinkEmbeddings() rejects a truncated file', () => {
    const json = fixtureWinkJson();
    expect(() => parseWinkEmbeddings(encode(json.slice(0, json.length - 200)))).toThrow(expect.objectContaining({ code: 'EMBEDDER_MODEL_NOT_FOUND' }));
  });
});
