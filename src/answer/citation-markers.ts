/**
 * Maps a model's `[n]` citation markers (n = the prompt's `<source id="n">`) back to chunk
 * ids. The citations keep only the chunks the model cited, numbered by first use, and the
 * markers in the text are renumbered to match, so `[k]` in the answer always names
 * `citations[k-1]`. Markers naming no source in the prompt (a model's invention) are
 * dropped from the text. Accepted forms: `[2]`, `[2, 3]`, `[2; 3]`, `[Source 2]`.
 */
import type { AnswerChunk } from './answer-prompt.ts';
import type { Citation } from './answer.ts';

/** A citation marker: one or more source numbers in square brackets. */
const markerPattern = /[ \t]?\[(?:sources?\s*)?(\d{1,4}(?:\s*[,;]\s*\d{1,4})*)\]/gi;

/** The outcome of {@link renumberCitations}. */
export interface RenumberedCitations {
  /** The text with markers renumbered into `citations` and invalid markers removed. */
  readonly text: string;
  /** The cited chunks by first use; empty when the text cites no valid source. */
  readonly citations: readonly Citation[];
}

/**
 * Renumbers the `[n]` markers of `text` into citations of `chunks`.
 * @param text - a model's answer, citing `chunks[n-1]` as `[n]`
 * @param chunks - the chunks the prompt numbered, in prompt order
 * @returns the renumbered text and the cited chunks (same id cited once)
 */
export function renumberCitations(text: string, chunks: readonly AnswerChunk[]): RenumberedCitations {
  const citations: Citation[] = [];
  const numberById = new Map<string, number>();
  const renumbered = text.replace(markerPattern, (whole: string, list: string) => {
    const numbers: number[] = [];
    for (const part of list.split(/[,;]/)) {
      const chunk = chunks[Number(part.trim()) - 1];
      if (chunk === undefined) continue;
      let n = numberById.get(chunk.id);
      if (n === undefined) {
        citations.push({ id: chunk.id, source: chunk.source });
        n = citations.length;
        numberById.set(chunk.id, n);
      }
      if (!numbers.includes(n)) numbers.push(n);
    }
    if (numbers.length === 0) return '';
    const space = whole.startsWith(' ') || whole.startsWith('\t') ? whole.charAt(0) : '';
    return `${space}[${numbers.join(', ')}]`;
  });
  return { text: renumbered, citations };
}
