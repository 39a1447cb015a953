/**
 * Picks the window of a chunk that holds the most query terms, for search results. Pure.
 * A word hits when its lower-case form starts with an analyzed query term (a Porter2
 * stem is a prefix of the words it comes from, barring rare spelling changes such as
 * y -> i), which avoids analyzing every word of every result; a sliding window over the
 * hit positions then finds the densest stretch.
 */

const letterOrDigit = /[\p{L}\p{N}]/u;

/**
 * The best `charsMax`-character window of `text` for the analyzed query `terms`, cut at
 * word boundaries, with an ellipsis where text was cut.
 */
export function bestSnippet(text: string, terms: ReadonlySet<string>, charsMax: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= charsMax) return flat;
  const lower = flat.toLowerCase();
  const hits: number[] = [];
  for (const stem of terms) {
    if (stem.length < 2) continue;
    for (let at = lower.indexOf(stem); at !== -1; at = lower.indexOf(stem, at + stem.length)) {
      if (at === 0 || !letterOrDigit.test(lower[at - 1]!)) hits.push(at);
    }
  }
  hits.sort((a, b) => a - b);
  let bestStart = 0;
  let bestCount = 0;
  for (let i = 0, j = 0; i < hits.length; i++) {
    while (j < hits.length && hits[j]! < hits[i]! + charsMax) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      bestStart = hits[i]!;
    }
  }
  // Start a little before the first hit so it reads in context, at a word boundary.
  const lead = Math.max(0, bestStart - Math.floor(charsMax / 5));
  const from = lead === 0 ? 0 : flat.indexOf(' ', lead) + 1;
  const end = Math.min(flat.length, from + charsMax);
  const window = flat.slice(from, end);
  const cut = end < flat.length ? window.slice(0, Math.max(window.lastIndexOf(' '), 1)) : window;
  return `${from > 0 ? '…' : ''}${cut}${end < flat.length ? '…' : ''}`;
}
