/**
 * Goal: the SIF embedder is the weighted average of known word vectors minus the common
 * component, unit length, and passes the Embedder contract. Method: the 8-d fixture vocabulary.
 */
import { describe, expect, test } from 'vitest';
import { cosine, norm } from '../core/index.ts';
import { runEmbedderContract } from './embedder.contract.ts';
import { SifEmbedder } from './sif-embedder.ts';
import { sifCommonComponent } from './sif-common-component.ts';
import { sifWeights, zipfProbabilities } from './word-vectors.ts';
import { fixtureWordVectors } from './word-vectors.fixture.ts';

function fixtureEmbedder(component?: Float32Array): SifEmbedder {
  const vectors = fixtureWordVectors();
  const weights = sifWeights(zipfProbabilities(vectors.words.length));
  return new SifEmbedder({ vectors, component: component ?? sifCommonComponent(vectors, weights, { documents: 256 }), sourceTag: 'fixture' });
}

runEmbedderContract(async () => ({ embedder: fixtureEmbedder(), cleanup: async () => undefined }));

describe('sif-embedder', () => {
  test('SifEmbedder.embedOne() is the SIF-weighted sum of word vectors, normalized', () => {
    const vectors = fixtureWordVectors();
    const embedder = fixtureEmbedder(new Float32Array(8));
    const weights = sifWeights(zipfProbabilities(vectors.words.length));
    const row = (word: string): Float32Array => vectors.matrix.subarray(vectors.words.indexOf(word) * 8, vectors.words.indexOf(word) * 8 + 8);
    const expected = row('cat').map((x, d) => weights[vectors.words.indexOf('cat')]! * x + weights[vectors.words.indexOf('dog')]! * row('dog')[d]!);
    expect(cosine(embedder.embedOne('Cat, dog!'), expected)).toBeCloseTo(1, 6);
  });

  test('SifEmbedder.embedOne() removes the common component', () => {
    const component = Float32Array.of(1, 0, 0, 0, 0, 0, 0, 0);
    expect(fixtureEmbedder(component).embedOne('the cat sat on the mat')[0]).toBeCloseTo(0, 6);
  });

  test('SifEmbedder.embedOne() gives zeros when no word is known', () => {
    expect(norm(fixtureEmbedder().embedOne('zzz qqq'))).toBe(0);
  });

  test('SifEmbedder.embedOne() ignores case, punctuation and possessives', () => {
    const embedder = fixtureEmbedder();
    expect(Array.from(embedder.embedOne("The CAT's mat."))).toEqual(Array.from(embedder.embedOne('the cat mat')));
  });

  test('SifEmbedder has an id naming its source', () => {
    expect(fixtureEmbedder().id).toBe('sif/fixture');
  });
});
