/**
 * A {@link LanguageModel} over an OpenAI-compatible `POST /v1/chat/completions` endpoint,
 * which Ollama, the llama.cpp server, vLLM and hosted services all speak (D14). The HTTP
 * client is an injected Web-standard `fetch`, so this file does no I/O of its own and its
 * tests run against a real local server. Every failure becomes `LLM_UNAVAILABLE` with the
 * foreign error kept as `cause` and a `reason` in `details`.
 */
import { NoctemError, assert, limits } from '../core/index.ts';
import type { ChatMessage, CompleteOptions, Completion, LanguageModel } from './language-model.ts';

/** The Web-standard fetch signature (the global `fetch`, or a test double at the HTTP boundary). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Why a chat request failed, as recorded in `details.reason`. */
export type LlmFailureReason = 'unreachable' | 'timeout' | 'aborted' | 'http-status' | 'too-large' | 'malformed';

/** Options for {@link OpenAiChatModel}. */
export interface OpenAiChatModelOptions {
  /** Server address: `http://host:port` or `http://host:port/v1` (both reach `/v1/chat/completions`). */
  readonly baseUrl: string;
  /** The model name the server knows (`llama3.1:8b`, `qwen2.5-7b-instruct`, …). */
  readonly model: string;
  /**
   * Sent as `Authorization: Bearer …` when set; never logged or put in errors. Without it,
   * credentials in `baseUrl` (`http://user:pass@host`) are sent as HTTP Basic. @default none
   */
  readonly apiKey?: string;
  /** The HTTP client. */
  readonly fetch: FetchFunction;
  /** Wall time of one request, body included. @default limits.llmRequestMsMax */
  readonly requestMsMax?: number;
  /** Bytes of one response body. @default limits.llmResponseBytesMax */
  readonly responseBytesMax?: number;
}

/** Characters of an error response body kept in `details.body`. */
const errorBodyCharsMax = 500;

/** Talks to one model on one OpenAI-compatible server. */
export class OpenAiChatModel implements LanguageModel {
  readonly #endpoint: URL;
  readonly #authorization: string | undefined;
  readonly #options: OpenAiChatModelOptions;

  /**
   * @param options - server, model, key and HTTP client
   * @throws {NoctemError} CONFIG_INVALID when `baseUrl` is not an http(s) URL or `model` is empty
   */
  constructor(options: OpenAiChatModelOptions) {
    const url = chatCompletionsUrl(options.baseUrl);
    // fetch refuses URLs with credentials, so user:password@ becomes a Basic header.
    const basic = url.username === '' && url.password === '' ? undefined : basicAuthorization(url);
    url.username = '';
    url.password = '';
    this.#endpoint = url;
    this.#authorization = options.apiKey === undefined ? basic : `Bearer ${options.apiKey}`;
    if (options.model.trim() === '') {
      throw new NoctemError('CONFIG_INVALID', 'The language model name is empty', { details: { field: 'llm.model' } });
    }
    this.#options = options;
  }

  /** The endpoint requests go to, without credentials (for `doctor` and error messages). */
  get endpoint(): string {
    return this.#endpoint.href;
  }

  /** @inheritdoc */
  async complete(messages: readonly ChatMessage[], options: CompleteOptions = {}): Promise<Completion> {
    assert(messages.length > 0, 'a completion needs at least one message');
    const requestMsMax = this.#options.requestMsMax ?? limits.llmRequestMsMax;
    const timeout = AbortSignal.timeout(requestMsMax);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
    const body = JSON.stringify({
      model: this.#options.model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      max_tokens: options.maxTokens ?? limits.llmCompletionTokensMax,
      temperature: options.temperature ?? 0,
      stream: false,
    });
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.#authorization !== undefined) headers['authorization'] = this.#authorization;
    try {
      const response = await this.#options.fetch(this.#endpoint.href, { method: 'POST', headers, body, signal });
      const bytesMax = this.#options.responseBytesMax ?? limits.llmResponseBytesMax;
      const text = await readBounded(response, bytesMax);
      if (!response.ok) {
        throw this.#failure('http-status', `answered HTTP ${response.status}`, undefined, { status: response.status, body: (text ?? '').slice(0, errorBodyCharsMax) });
      }
      if (text === undefined) throw this.#failure('too-large', `sent a response larger than ${bytesMax} bytes`, undefined, { responseBytesMax: bytesMax });
      return parseCompletion(text, this.#options.model, (message, cause) => this.#failure('malformed', message, cause));
    } catch (error) {
      if (error instanceof NoctemError) throw error;
      if (timeout.aborted) throw this.#failure('timeout', `did not answer within ${requestMsMax} ms`, error, { requestMsMax });
      if (options.signal?.aborted === true) throw this.#failure('aborted', 'request was aborted', error);
      throw this.#failure('unreachable', `cannot be reached (${describeCause(error)})`, error);
    }
  }

  #failure(reason: LlmFailureReason, what: string, cause?: unknown, extra: Record<string, unknown> = {}): NoctemError {
    const url = this.#endpoint.href;
    return new NoctemError('LLM_UNAVAILABLE', `The language model at "${url}" ${what}`, {
      details: { url, model: this.#options.model, reason, ...extra },
      cause,
    });
  }
}

/** Parses a chat-completions response body into a {@link Completion}. */
function parseCompletion(text: string, requested: string, fail: (message: string, cause?: unknown) => NoctemError): Completion {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw fail('answered with a body that is not JSON', error);
  }
  if (typeof value !== 'object' || value === null) throw fail('answered with JSON that is not an object');
  const { choices, model } = value as { choices?: unknown; model?: unknown };
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const message: unknown = typeof first === 'object' && first !== null ? (first as { message?: unknown }).message : undefined;
  const content: unknown = typeof message === 'object' && message !== null ? (message as { content?: unknown }).content : undefined;
  if (typeof content !== 'string') throw fail('answered without choices[0].message.content');
  return { text: content, model: typeof model === 'string' && model !== '' ? model : requested };
}

/**
 * Reads a response body as UTF-8, or returns undefined (and cancels the stream) when it is
 * larger than `bytesMax` bytes: Content-Length is checked first, then the count while
 * streaming, so a huge body is never buffered.
 */
async function readBounded(response: Response, bytesMax: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > bytesMax) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > bytesMax) {
      await reader.cancel();
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** `http://h:p` and `http://h:p/v1` (with or without a trailing slash) → `…/v1/chat/completions`. */
function chatCompletionsUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (error) {
    throw new NoctemError('CONFIG_INVALID', `The language model URL "${baseUrl}" is not a URL`, { details: { field: 'llm.url' }, cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NoctemError('CONFIG_INVALID', `The language model URL must start with http:// or https://, not "${url.protocol}"`, { details: { field: 'llm.url' } });
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1') ? `${path}/chat/completions` : `${path}/v1/chat/completions`;
  url.search = '';
  url.hash = '';
  return url;
}

/** `Basic base64(user:password)` from a URL's credentials (RFC 7617, UTF-8). */
function basicAuthorization(url: URL): string {
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  let binary = '';
  for (const byte of new TextEncoder().encode(pair)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** The most specific description of a fetch failure (undici nests the socket error as `cause`). */
function describeCause(error: unknown): string {
  const nested = error instanceof Error ? error.cause : undefined;
  const code = typeof nested === 'object' && nested !== null ? (nested as { code?: unknown }).code : undefined;
  if (typeof code === 'string') return code;
  if (nested instanceof Error) return nested.message;
  return error instanceof Error ? error.message : String(error);
}
