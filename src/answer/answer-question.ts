/**
 * The answer service behind `noctem ask` (D14): with a language model, it builds the D12
 * prompt from the retrieved chunks, asks the model, and maps the model's `[n]` markers back
 * to chunk ids; without one, it answers extractively. A model failure is not hidden behind
 * the fallback: `LLM_UNAVAILABLE` propagates, and the caller (the CLI) decides whether to
 * tell the person or to answer extractively instead.
 */
import { NoctemError, limits } from '../core/index.ts';
import { buildAnswerPrompt, type AnswerChunk } from './answer-prompt.ts';
import { notFoundAnswerText, type Answer } from './answer.ts';
import { renumberCitations } from './citation-markers.ts';
import { extractiveAnswer } from './extractive-answer.ts';
import type { LanguageModel } from './language-model.ts';

/** Options for {@link answerQuestion}. */
export interface AnswerQuestionOptions {
  /** The model to answer with; extractive answering when absent. @default none */
  readonly model?: LanguageModel;
  /** Aborts a model call. @default none */
  readonly signal?: AbortSignal;
  /** Chunks used, best first. @default limits.answerChunksMax */
  readonly chunksMax?: number;
}

/** A reasoning model's thinking block, which is not part of its answer. */
const thinkingPattern = /^\s*<think>[\s\S]*?<\/think>/i;

/**
 * Answers `question` from `chunks`, with citations.
 *
 * With a model: the citations are the chunks the model cited (renumbered by first use, as
 * the markers in the text are); when it cites none, every chunk it was given. With no
 * chunks the model is not called: the answer is the not-found text, mode `extractive`.
 * @param question - the person's question
 * @param chunks - retrieved chunks, best first
 * @param options - the model, cancellation and how many chunks to use
 * @returns the answer, its citations and its mode
 * @throws {NoctemError} QUESTION_INVALID when the question is blank or longer than
 *   limits.answerQuestionCharsMax
 * @throws {NoctemError} LLM_UNAVAILABLE when the model fails or answers with empty text
 */
export async function answerQuestion(question: string, chunks: readonly AnswerChunk[], options: AnswerQuestionOptions = {}): Promise<Answer> {
  const asked = validQuestion(question);
  const chunksMax = options.chunksMax ?? limits.answerChunksMax;
  const used = chunks.slice(0, chunksMax);
  if (options.model === undefined) return extractiveAnswer(asked, used, { chunksMax });
  if (used.length === 0) return { answer: notFoundAnswerText, citations: [], mode: 'extractive' };
  const messages = buildAnswerPrompt(asked, used, { chunksMax });
  const completion = await options.model.complete(messages, options.signal === undefined ? {} : { signal: options.signal });
  const text = completion.text.replace(thinkingPattern, '').trim();
  if (text === '') {
    throw new NoctemError('LLM_UNAVAILABLE', `The language model "${completion.model}" answered with empty text`, {
      details: { model: completion.model, reason: 'empty' },
    });
  }
  const { text: answer, citations } = renumberCitations(text, used);
  if (citations.length > 0) return { answer, citations, mode: 'llm' };
  return { answer, citations: uniqueCitations(used), mode: 'llm' };
}

/** The trimmed question, or a QUESTION_INVALID error. */
function validQuestion(question: string): string {
  const trimmed = question.trim();
  if (trimmed === '') throw new NoctemError('QUESTION_INVALID', 'The question is empty');
  if (trimmed.length > limits.answerQuestionCharsMax) {
    throw new NoctemError('QUESTION_INVALID', `The question has ${trimmed.length} characters; the most is ${limits.answerQuestionCharsMax}`, {
      details: { chars: trimmed.length, charsMax: limits.answerQuestionCharsMax },
    });
  }
  return trimmed;
}

/** One citation per distinct chunk id, in order. */
function uniqueCitations(chunks: readonly AnswerChunk[]): { id: string; source: string }[] {
  const seen = new Set<string>();
  const out: { id: string; source: string }[] = [];
  for (const chunk of chunks) {
    if (seen.has(chunk.id)) continue;
    seen.add(chunk.id);
    out.push({ id: chunk.id, source: chunk.source });
  }
  return out;
}
