/**
 * The `LanguageModel` port (D14): chat messages in, one completion out. Noctem ships no
 * model weights; an adapter such as `OpenAiChatModel` speaks to a server the person runs.
 */

/** Who wrote a chat message, in the OpenAI chat-completions sense. */
export type ChatRole = 'system' | 'user' | 'assistant';

/** One message of a chat conversation. */
export interface ChatMessage {
  /** `system` sets the rules, `user` asks, `assistant` is a previous model turn. */
  readonly role: ChatRole;
  /** The message text. */
  readonly content: string;
}

/** Options for one {@link LanguageModel.complete} call. */
export interface CompleteOptions {
  /** Tokens the model may generate at most. @default limits.llmCompletionTokensMax */
  readonly maxTokens?: number;
  /** Sampling temperature, 0 (deterministic) to 2. @default 0 */
  readonly temperature?: number;
  /** Aborts the call; the adapter rejects with `LLM_UNAVAILABLE`. @default none */
  readonly signal?: AbortSignal;
}

/** What a model answered. */
export interface Completion {
  /** The generated text (may be empty if the model said nothing). */
  readonly text: string;
  /** The model that answered, as the server named it (falls back to the requested name). */
  readonly model: string;
}

/**
 * A chat model. Implementations hold no policy: they send the messages as given and
 * return the text.
 */
export interface LanguageModel {
  /**
   * Completes a conversation.
   * @param messages - the conversation, oldest first; at least one message
   * @param options - generation limits and cancellation
   * @returns the model's reply
   * @throws {NoctemError} LLM_UNAVAILABLE when the model cannot be reached, fails, times
   *   out, is aborted, or answers something that is not a completion
   */
  complete(messages: readonly ChatMessage[], options?: CompleteOptions): Promise<Completion>;
}
