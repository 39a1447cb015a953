/**
 * The shape of an answer, the same for both modes, as `noctem ask --json` prints it:
 * `{"answer","citations":[{"id","source"}],"mode":"llm"|"extractive"}`.
 */

/** A chunk an answer relies on; the answer's `[n]` marker names `citations[n-1]`. */
export interface Citation {
  /** The chunk id. */
  readonly id: string;
  /** Where the chunk came from. */
  readonly source: string;
}

/** How an answer was made: by a language model, or by quoting the best sentences. */
export type AnswerMode = 'llm' | 'extractive';

/** An answer with its citations. */
export interface Answer {
  /** The answer text, with inline `[n]` markers (1-based) into {@link Answer.citations}. */
  readonly answer: string;
  /** The cited chunks, in the order of their numbers; empty when nothing was found. */
  readonly citations: readonly Citation[];
  /** Which answerer made it. */
  readonly mode: AnswerMode;
}

/** The answer text when no retrieved text answers the question. */
export const notFoundAnswerText = 'Nothing in your documents answers this question.';
