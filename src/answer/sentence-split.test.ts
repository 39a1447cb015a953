/**
 * Goal: splitSentences() cuts prose at real sentence ends only. Method: hand-written
 * passages with the usual traps (abbreviations, initials, acronyms, decimals, citations,
 * Markdown structure, hard-wrapped lines) and their expected sentences.
 */
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentence-split.ts';

describe('splitSentences', () => {
  it('splitSentences() splits at periods, question marks and exclamation marks before a capital', () => {
    expect(splitSentences('It rained. Did it stop? No! It went on.')).toEqual(['It rained.', 'Did it stop?', 'No!', 'It went on.']);
  });

  it('splitSentences() does not split after e.g., i.e., Dr. or vs.', () => {
    expect(splitSentences('Use a tool, e.g. A hammer. Dr. Smith agreed, i.e. Yes. It was A vs. B here.')).toEqual([
      'Use a tool, e.g. A hammer.',
      'Dr. Smith agreed, i.e. Yes.',
      'It was A vs. B here.',
    ]);
  });

  it('splitSentences() keeps decimals, initials and dotted acronyms inside a sentence', () => {
    expect(splitSentences('The dose rose 3.5-fold to 0.25 mg. J. R. R. Tolkien lived in the U.K. for years.')).toEqual([
      'The dose rose 3.5-fold to 0.25 mg.',
      'J. R. R. Tolkien lived in the U.K. for years.',
    ]);
  });

  it('splitSentences() keeps "Fig. 3" and "et al. 2019" together but splits "et al. The"', () => {
    expect(splitSentences('See Fig. 3 for details. Smith et al. 2019 found it. So did Jones et al. The end came.')).toEqual([
      'See Fig. 3 for details.',
      'Smith et al. 2019 found it.',
      'So did Jones et al.',
      'The end came.',
    ]);
  });

  it('splitSentences() does not split before a lowercase word', () => {
    expect(splitSentences('The sample (n = 12.) was small. Values ... were close.')).toEqual([
      'The sample (n = 12.) was small.',
      'Values ... were close.',
    ]);
  });

  it('splitSentences() keeps closing quotes and brackets with their sentence', () => {
    expect(splitSentences('She said "stop." Then she left. (It was late.) Morning came.')).toEqual([
      'She said "stop."',
      'Then she left.',
      '(It was late.)',
      'Morning came.',
    ]);
  });

  it('splitSentences() starts a new sentence at blank lines, headings and list items', () => {
    expect(splitSentences('# Results\nThe test passed\n\n- first point\n- second point\n1. numbered')).toEqual([
      'Results',
      'The test passed',
      'first point',
      'second point',
      'numbered',
    ]);
  });

  it('splitSentences() joins hard-wrapped lines into one sentence', () => {
    expect(splitSentences('The cell\nmembrane is thin.\nIt bends.')).toEqual(['The cell membrane is thin.', 'It bends.']);
  });

  it('splitSentences() returns nothing for blank text', () => {
    expect(splitSentences(' \n\n\t ')).toEqual([]);
  });
});
