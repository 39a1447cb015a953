/**
 * Picks the window of a chunk that holds the most query terms, for search results. Pure.
 */
import { tokenize } from './tokenize.ts';

/**
 * The best `charsMax`-character window of `text` for the analyzed query `terms`, cut at
 * word boundaries, with an ellipsis where text was cut.
 */
export function bestSnippet(text: string, terms: ReadonlySet<string>, charsMax: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= charsMax) return flat;
  const step = Math.max(1, Math.floor(charsMax / 4));
  let bestStart = 0;
  let bestHits = -1;
  for (let start = 0; start < flat.length; start += step) {
    const hits = tokenize(flat.slice(start, start + charsMax)).filter((t) => terms.has(t)).length;
    if (hits > bestHits) {
      bestHits = hits;
      bestStart = start;
    }
    if (start + charsMax >= flat.length) break;
  }
  const from = bestStart === 0 ? 0 : flat.indexOf(' ', bestStart) + 1;
  const window = flat.slice(from, from + charsMax);
  const cut = from + charsMax < flat.length ? window.slice(0, Math.max(window.lastIndexOf(' '), 1)) : window;
  return `${from > 0 ? '…' : ''}${cut}${from + charsMax < flat.length ? '…' : ''}`;
}
