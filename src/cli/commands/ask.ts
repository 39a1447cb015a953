/**
 * `noctem ask QUESTION`: answers from the memory with citations: through the configured
 * OpenAI-compatible model (untrusted chunks passed as quoted data only, D12), else
 * extractively (D14).
 */
import type { Answer } from '../../answer/index.ts';
import { askMemory } from '../../daemon/index.ts';
import { defineCommand } from '../command.ts';
import { withMemory } from '../open-memory.ts';
import { joinedText } from './search.ts';

/** The `ask` command. */
export const askCommand = defineCommand<{ question: string }, Answer>({
  name: 'ask',
  summary: 'Answer a question from the memory, with citations',
  usage: 'QUESTION',
  options: {},
  positionals: true,
  parse: (_values, positionals) => ({ question: joinedText(positionals, 'question') }),
  run: (input, context) =>
    withMemory(context, async (memory, noctem) => {
      const answer = await askMemory(noctem, memory, input.question);
      noctem.profile.recordEvent(`Asked: ${input.question.slice(0, 200)}`);
      return answer;
    }),
  renderText: (o) =>
    [
      o.answer,
      '',
      ...o.citations.map((c, i) => `[${i + 1}] ${c.id}  ${c.source}`),
      '',
      `(${o.mode === 'llm' ? 'answered by the language model' : 'extractive answer: no language model configured'})`,
    ].join('\n'),
});
