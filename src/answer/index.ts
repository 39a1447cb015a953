/**
 * @module answer
 * Answers to questions from retrieved memory (D14), with citations. This layer owns the
 * `LanguageModel` port and its OpenAI-compatible chat adapter (Ollama, llama.cpp server,
 * vLLM; the HTTP client is an injected `fetch`), the D12 answer prompt that passes chunks
 * as quoted data and escapes untrusted ones, the extractive answerer used when no model is
 * configured (sentence splitting, content terms, BM25 sentence scoring), the mapping of a
 * model's `[n]` markers back to chunk ids, and the `answerQuestion` service over them.
 * Ports: LanguageModel (contract: language-model.contract.ts).
 * Limits: llmRequestMsMax, llmResponseBytesMax, llmCompletionTokensMax,
 * answerQuestionCharsMax, answerChunksMax, answerChunkCharsMax, extractiveSentencesMax,
 * extractiveAnswerCharsMax.
 */
export * from './language-model.ts';
export * from './openai-chat-model.ts';
export * from './answer.ts';
export * from './answer-prompt.ts';
export * from './sentence-split.ts';
export * from './answer-terms.ts';
export * from './extractive-answer.ts';
export * from './citation-markers.ts';
export * from './answer-question.ts';
