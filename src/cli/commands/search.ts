/**
 * `noctem search QUERY [--k 10]`: hybrid recall over the memory.
 */
import { NoctemError, limits } from '../../core/index.ts';
import { topicOf, type RecallResult } from '../../recall/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { withMemory } from '../open-memory.ts';

interface SearchInput {
  readonly query: string;
  readonly k: number;
}

/** Parses `--k`. */
export function parseK(values: FlagValues, fallback: number): number {
  const raw = values['k'];
  const k = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(k) || k < 1 || k > limits.searchResultsMax) {
    throw new NoctemError('USAGE', `--k must be an integer from 1 to ${limits.searchResultsMax}`);
  }
  return k;
}

/** Joins the positionals into one non-empty text. */
export function joinedText(positionals: readonly string[], what: string): string {
  const text = positionals.join(' ').trim();
  if (text === '') throw new NoctemError('USAGE', `Give a ${what}`);
  return text;
}

/** One search result as two lines: rank, id, title, source and trust; then the snippet. */
export function renderResult(result: RecallResult, index: number): string {
  const flag = result.untrusted ? ' ⚠ untrusted' : '';
  return `${index + 1}. [${result.id}] ${result.title} (${result.source})${flag}\n   ${result.snippet}`;
}

/** The `search` command. */
export const searchCommand = defineCommand<SearchInput, { results: RecallResult[] }>({
  name: 'search',
  summary: 'Search the memory (BM25 + dense + torus prior, fused)',
  usage: 'QUERY [--k N]',
  options: { k: { type: 'string' } },
  positionals: true,
  parse: (values, positionals) => ({ query: joinedText(positionals, 'query'), k: parseK(values, 10) }),
  run: (input, context) =>
    withMemory(context, async (memory, noctem) => {
      const results = await memory.recall.search(input.query, { k: input.k, scoreMin: memory.recallScoreMin() });
      const topic = topicOf(input.query);
      if (topic !== undefined) noctem.profile.recordTopic(topic);
      return { results };
    }),
  renderText: (o) =>
    o.results.length === 0
      ? 'Nothing found.'
      : o.results.map(renderResult).join('\n'),
});
