/**
 * Goal: chunkText() is the spec §5.3.6 sliding window: bounded chunks that cover the text,
 * share at most the overlap, prefer sentence cuts, and are deterministic.
 * Method: examples for each behaviour, then fast-check properties over random prose
 * (words, punctuation, newlines, CJK) and random window/overlap pairs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNoctemError } from '../core/index.ts';
import { chunkText, tokenSpans } from './chunker.ts';

const words = (count: number, word = 'word'): string => Array.from({ length: count }, (_, index) => `${word}${index}`).join(' ');

describe('tokenSpans()', () => {
  it('tokenSpans() splits words, punctuation and CJK characters into tokens', () => {
    const text = "Don't panic, 3.14 日本語";
    const spans = tokenSpans(text);
    const tokens = spans.starts.map((start, index) => text.slice(start, spans.ends[index]));
    expect(tokens).toEqual(['Don', "'", 't', 'panic', ',', '3', '.', '14', '日', '本', '語']);
  });
});

describe('chunkText()', () => {
  it('chunkText() returns no chunks for text without tokens', () => {
    expect(chunkText('  \n\t ')).toEqual([]);
  });

  it('chunkText() keeps a short text in one chunk that spans it', () => {
    const chunks = chunkText('  Hello there, world.  ');
    expect(chunks).toEqual([{ text: 'Hello there, world.', index: 0, startChar: 2, endChar: 21, startToken: 0, tokenCount: 5 }]);
  });

  it('chunkText() uses a 512-token window with a 50-token overlap by default', () => {
    const chunks = chunkText(words(2000));
    expect(chunks.map((chunk) => chunk.tokenCount).slice(0, 2)).toEqual([512, 512]);
    expect(chunks[1]?.startToken).toBe(462);
  });

  it('chunkText() cuts at a sentence end when one lies in the second half of the window', () => {
    const text = `${words(70)}. ${words(70, 'next')}`;
    const first = chunkText(text, { windowTokens: 100, overlapTokens: 10 })[0];
    expect(first?.text.endsWith('word69.')).toBe(true);
  });

  it('chunkText() starts the overlap at a sentence start when one lies in it', () => {
    const text = `${words(80)}. Short sentence here. ${words(200, 'more')}`;
    const chunks = chunkText(text, { windowTokens: 100, overlapTokens: 10 });
    expect(chunks[0]?.text.endsWith('here.')).toBe(true);
    expect(chunks[1]?.text.startsWith('Short sentence here.')).toBe(true);
  });

  it('chunkText() labels each chunk with the heading of the section it starts in', () => {
    const text = `Intro\n\n${words(30)}\n\nMethods\n\n${words(30)}`;
    const methodsAt = text.indexOf('Methods');
    const sections = [{ heading: 'Intro', startChar: 0 }, { heading: 'Methods', startChar: methodsAt }];
    const chunks = chunkText(text, { windowTokens: 40, overlapTokens: 5, sections });
    expect(chunks.map((chunk) => chunk.heading)).toEqual(['Intro', 'Methods']);
    expect(chunks[1]?.startChar).toBe(methodsAt);
  });

  it('chunkText() rejects an overlap as large as the window with INGEST_OPTIONS_INVALID', () => {
    const attempt = (): unknown => chunkText('a b c', { windowTokens: 50, overlapTokens: 50 });
    expect(attempt).toThrow(expect.objectContaining({ code: 'INGEST_OPTIONS_INVALID' }));
  });

  it('chunkText() rejects a window of zero tokens with INGEST_OPTIONS_INVALID', () => {
    let caught: unknown;
    try {
      chunkText('a b c', { windowTokens: 0, overlapTokens: 0 });
    } catch (error) {
      caught = error;
    }
    expect(isNoctemError(caught, 'INGEST_OPTIONS_INVALID')).toBe(true);
  });
});

describe('chunkText() properties', () => {
  const piece = fc.oneof(
    fc.stringMatching(/^[a-zA-Z]{1,8}$/),
    fc.constantFrom('.', ',', '!', '?', '"', '日', '本', '3.5', '—'),
    fc.constantFrom(' ', ' ', ' ', '\n', '\n\n', '  '),
  );
  const prose = fc.array(piece, { maxLength: 400 }).map((parts) => parts.join(''));
  const windows = fc.integer({ min: 1, max: 60 }).chain((window) => fc.record({
    windowTokens: fc.constant(window),
    overlapTokens: fc.integer({ min: 0, max: window - 1 }),
  }));

  it('chunkText() covers every non-space character with some chunk', () => {
    fc.assert(fc.property(prose, windows, (text, options) => {
      const chunks = chunkText(text, options);
      for (let index = 0; index < text.length; index += 1) {
        if (/\s/.test(text[index] as string)) continue;
        if (!chunks.some((chunk) => chunk.startChar <= index && index < chunk.endChar)) return false;
      }
      return true;
    }));
  });

  it('chunkText() keeps every chunk within the window and each text a slice of the source', () => {
    fc.assert(fc.property(prose, windows, (text, options) =>
      chunkText(text, options).every((chunk) =>
        chunk.tokenCount >= 1 && chunk.tokenCount <= options.windowTokens &&
        chunk.text === text.slice(chunk.startChar, chunk.endChar) &&
        tokenSpans(chunk.text).starts.length === chunk.tokenCount)));
  });

  it('chunkText() advances every chunk and shares at most the overlap, with no gap', () => {
    fc.assert(fc.property(prose, windows, (text, options) => {
      const chunks = chunkText(text, options);
      return chunks.every((chunk, index) => {
        const previous = chunks[index - 1];
        if (previous === undefined) return chunk.startToken === 0;
        const previousEnd = previous.startToken + previous.tokenCount;
        const shared = previousEnd - chunk.startToken;
        return chunk.startToken > previous.startToken && shared >= 0 && shared <= options.overlapTokens;
      });
    }));
  });

  it('chunkText() ends its last chunk at the last token', () => {
    fc.assert(fc.property(prose, windows, (text, options) => {
      const chunks = chunkText(text, options);
      const total = tokenSpans(text).starts.length;
      const last = chunks[chunks.length - 1];
      return total === 0 ? chunks.length === 0 : last !== undefined && last.startToken + last.tokenCount === total;
    }));
  });

  it('chunkText() returns the same chunks for the same input', () => {
    fc.assert(fc.property(prose, windows, (text, options) => {
      expect(chunkText(text, options)).toEqual(chunkText(text, options));
    }));
  });
});
