/**
 * Goal: contentTerms() keeps the words that carry meaning, folded so inflections meet.
 * Method: hand-picked words and questions with their expected terms.
 */
import { describe, expect, it } from 'vitest';
import { contentTerms, stripSuffix } from './answer-terms.ts';

describe('contentTerms', () => {
  it('contentTerms() drops stopwords and question words and folds case and accents', () => {
    expect(contentTerms('What does the Café serve on Mondays?')).toEqual(['cafe', 'serv', 'monday']);
  });

  it('contentTerms() keeps numbers and drops one-letter words', () => {
    expect(contentTerms('Is p53 a gene in 2019?')).toEqual(['p53', 'gene', '2019']);
  });
});

describe('stripSuffix', () => {
  it('stripSuffix() maps inflections of one word to one form', () => {
    expect(new Set(['increase', 'increased', 'increases', 'increasing'].map(stripSuffix))).toEqual(new Set(['increas']));
    expect(new Set(['activate', 'activated', 'activation'].map(stripSuffix))).toEqual(new Set(['activat']));
    expect(new Set(['study', 'studies'].map(stripSuffix))).toEqual(new Set(['study']));
  });

  it('stripSuffix() undoubles a final consonant left by -ing or -ed', () => {
    expect(stripSuffix('running')).toBe('run');
    expect(stripSuffix('stopped')).toBe('stop');
  });

  it('stripSuffix() leaves words ending in -ss, -us and -is, and short words, alone', () => {
    expect(['class', 'virus', 'analysis', 'gas', 'bed'].map(stripSuffix)).toEqual(['class', 'virus', 'analysis', 'gas', 'bed']);
  });
});
