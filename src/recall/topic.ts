/**
 * The topic of a text for the profile's topic counts and preferences (spec §6.3.2
 * `extract_topic`): its most frequent content word, the longer word on a tie. Pure.
 */
import { words } from './tokenize.ts';
import { englishStopwords } from './english-stopwords.ts';

/** The topic of `text`, or undefined when it has no content word. */
export function topicOf(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const word of words(text)) {
    if (word.length < 3 || englishStopwords.has(word) || /^\d+$/.test(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [word, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && word.length > best.length)) {
      best = word;
      bestCount = count;
    }
  }
  return best;
}
