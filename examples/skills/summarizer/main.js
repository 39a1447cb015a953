// Summarizer: searches memory and stitches the leading sentences of the best passages into a
// short extractive summary. Needs memory.read only.
import { leadingSentences } from './sentences.js';

export default async function main(input, noctem) {
  const query = typeof input === 'string' ? input : input && input.query;
  if (typeof query !== 'string' || query.trim() === '') throw new Error('Give a query: {"query":"..."}');
  const k = input && Number.isInteger(input.k) ? Math.min(Math.max(input.k, 1), 20) : 5;
  const hits = await noctem.memory.search(query, { k });
  const seen = new Set();
  const sentences = [];
  for (const hit of hits) {
    for (const sentence of leadingSentences(hit.snippet, 2)) {
      const key = sentence.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      sentences.push(hit.untrusted ? `[untrusted] ${sentence}` : sentence);
    }
  }
  return {
    query,
    summary: sentences.slice(0, 8).join(' '),
    sources: [...new Set(hits.map((hit) => hit.source))],
  };
}
