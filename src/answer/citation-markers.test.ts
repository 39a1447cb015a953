/**
 * Goal: renumberCitations() maps a model's [n] markers to chunk ids and renumbers them by
 * first use, dropping markers that name no source. Method: hand-written model answers.
 */
import { describe, expect, it } from 'vitest';
import type { AnswerChunk } from './answer-prompt.ts';
import { renumberCitations } from './citation-markers.ts';

const chunk = (id: string): AnswerChunk => ({ id, source: `${id}.md`, text: '', untrusted: false });
const chunks = [chunk('a'), chunk('b'), chunk('c')];

describe('renumberCitations', () => {
  it('renumberCitations() keeps only cited chunks, numbered by first use, and rewrites the markers', () => {
    expect(renumberCitations('Rain falls [3]. It is wet [1][3].', chunks)).toEqual({
      text: 'Rain falls [1]. It is wet [2][1].',
      citations: [{ id: 'c', source: 'c.md' }, { id: 'a', source: 'a.md' }],
    });
  });

  it('renumberCitations() reads [2, 3], [2; 3] and [Source 2]', () => {
    const result = renumberCitations('One [2, 3]. Two [2; 3]. Three [Source 2].', chunks);
    expect(result.text).toBe('One [1, 2]. Two [1, 2]. Three [1].');
    expect(result.citations.map((c) => c.id)).toEqual(['b', 'c']);
  });

  it('renumberCitations() drops markers that name no source', () => {
    expect(renumberCitations('Made up [7]. Real [1, 9].', chunks)).toEqual({
      text: 'Made up. Real [1].',
      citations: [{ id: 'a', source: 'a.md' }],
    });
  });

  it('renumberCitations() cites one chunk id once even if the prompt held it twice', () => {
    expect(renumberCitations('X [1] Y [2]', [chunk('a'), chunk('a')]).citations).toEqual([{ id: 'a', source: 'a.md' }]);
  });

  it('renumberCitations() leaves text without markers unchanged and cites nothing', () => {
    expect(renumberCitations('No citations here.', chunks)).toEqual({ text: 'No citations here.', citations: [] });
  });
});
