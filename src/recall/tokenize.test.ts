import { describe, expect, test } from 'vitest';
import { termFrequencies, tokenize, words } from './tokenize.ts';

describe('tokenize', () => {
  test('tokenize() lowercases, drops stopwords and stems', () => {
    expect(tokenize('The Connections of running systems')).toEqual(['connect', 'run', 'system']);
  });

  test('words() removes possessives with straight or curly apostrophes', () => {
    expect(words("Noctem's memory and Ada’s notes")).toEqual(['noctem', 'memory', 'and', 'ada', 'notes']);
  });

  test('words() keeps a contraction as one word', () => {
    expect(words("Don't panic")).toEqual(['dont', 'panic']);
  });

  test('words() folds diacritics and splits on Unicode punctuation', () => {
    expect(words('Café—naïve «Zürich» 42nd')).toEqual(['cafe', 'naive', 'zurich', '42nd']);
  });

  test('words() keeps letters of other scripts', () => {
    expect(words('Привет, мир')).toEqual(['привет', 'мир']);
  });

  test('words() drops words longer than 64 characters', () => {
    expect(words(`a ${'x'.repeat(65)} b`)).toEqual(['a', 'b']);
  });

  test('tokenize() can keep stopwords and skip stemming', () => {
    expect(tokenize('The running', { stopwords: new Set(), stem: false })).toEqual(['the', 'running']);
  });

  test('termFrequencies() counts repeats', () => {
    expect(termFrequencies(['a', 'b', 'a'])).toEqual(new Map([['a', 2], ['b', 1]]));
  });
});
