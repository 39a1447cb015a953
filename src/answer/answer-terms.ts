/**
 * Content words for matching a question against sentences: case- and accent-folded words,
 * without stopwords or question words, reduced by a light suffix stripper ("cells" → "cell",
 * "increased"/"increases"/"increase" → "increas", "activation"/"activated" → "activat").
 * It is deliberately small: recall's BM25 analyzer does the heavy lifting upstream, and this
 * only has to rank a few dozen sentences from chunks already retrieved.
 */

/** Function words and question words that carry no content. */
const stopwords = new Set(
  ('a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing done down during each either few for from further had has have having he her here hers him ' +
    'his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over ' +
    'own please same she should so some such tell than that the their theirs them then there these they this those through ' +
    'to too under until up us very was we were what when where which while who whom whose why will with would you your yours ' +
    'know explain describe mean means anything something').split(' '),
);

const wordPattern = /[\p{L}\p{N}]+/gu;

/**
 * The content terms of `text`, in order, repeats kept.
 * @param text - a question or a sentence
 * @returns folded, stopword-free, suffix-stripped terms (each at least 2 characters)
 */
export function contentTerms(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  const terms: string[] = [];
  for (const match of folded.matchAll(wordPattern)) {
    const word = match[0];
    if (word.length < 2 || stopwords.has(word)) continue;
    terms.push(stripSuffix(word));
  }
  return terms;
}

/**
 * A light English suffix stripper (an "S-stemmer" plus -ing, -ed, -ly, -ation and a final
 * -e), so inflections of one word meet. Words of 3 letters or fewer, and words with digits,
 * are left alone.
 * @param word - one lowercase word
 * @returns its stripped form (never shorter than 3 letters)
 */
export function stripSuffix(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/[sui]s$/.test(w)) w = w.slice(0, -1);
  const before = w;
  for (const suffix of ['ation', 'ing', 'ed', 'ly']) {
    const stem = w.slice(0, -suffix.length);
    if (w.endsWith(suffix) && stem.length >= 3 && /[aeiouy]/.test(stem)) {
      w = suffix === 'ation' ? `${stem}at` : stem;
      break;
    }
  }
  if (w !== before && /([bdfgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}
