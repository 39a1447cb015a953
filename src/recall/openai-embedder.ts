/**
 * An {@link Embedder} over an OpenAI-compatible embeddings endpoint (D15's upgrade path:
 * OpenAI, Ollama, llama.cpp server, vLLM, LM Studio all speak it): `POST {url}/v1/embeddings`
 * with `{"model", "input": [texts]}`, answered by `{"data": [{"index", "embedding"}]}`.
 * Texts go in batches of `batchSize`, one request at a time, each under a timeout and a
 * response-size limit. `fetch` is injected, so this file does no I/O of its own.
 */
import { NoctemError, assert, limits } from '../core/index.ts';
import type { Embedder } from './embedder.ts';

/** The subset of `fetch` this embedder uses. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Options for {@link OpenAiEmbedder}. */
export interface OpenAiEmbedderOptions {
  /** Server base URL without `/v1`, e.g. `http://127.0.0.1:11434`. */
  readonly url: string;
  /** The model name the server knows. */
  readonly model: string;
  /** The model's vector width; {@link openOpenAiEmbedder} discovers it when omitted. */
  readonly dimensions: number;
  /** The fetch implementation (the composition root passes `globalThis.fetch`). */
  readonly fetch: FetchFunction;
  /** Sent as `Authorization: Bearer …` when set. @default undefined */
  readonly apiKey?: string;
  /** Texts per request, 1..limits.embedderBatchTextsMax. @default limits.embedderBatchTextsMax */
  readonly batchSize?: number;
  /** Wall time of one request. @default limits.embedderRequestMsMax */
  readonly timeoutMs?: number;
}

/** Embeds through an OpenAI-compatible server; vectors are scaled to unit length. */
export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly #options: OpenAiEmbedderOptions;

  /** @param options - the server, model, width and transport */
  constructor(options: OpenAiEmbedderOptions) {
    assert(Number.isInteger(options.dimensions) && options.dimensions >= 1 && options.dimensions <= limits.embeddingDimensionsMax, 'dimensions in range');
    const batchSize = options.batchSize ?? limits.embedderBatchTextsMax;
    assert(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= limits.embedderBatchTextsMax, 'batchSize in range');
    this.#options = options;
    this.dimensions = options.dimensions;
    this.id = `openai-compatible/${options.model}/${options.dimensions}`;
  }

  /** {@inheritDoc Embedder.embed} */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const batchSize = this.#options.batchSize ?? limits.embedderBatchTextsMax;
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      out.push(...(await requestEmbeddings(this.#options, texts.slice(start, start + batchSize), this.dimensions)));
    }
    return out;
  }
}

/**
 * Creates an {@link OpenAiEmbedder}, asking the server for the width when it is not given.
 * @param options - as for the class, with `dimensions` optional
 * @throws {NoctemError} EMBEDDER_UNAVAILABLE when the probe request fails
 */
export async function openOpenAiEmbedder(
  options: Omit<OpenAiEmbedderOptions, 'dimensions'> & { readonly dimensions?: number },
): Promise<OpenAiEmbedder> {
  if (options.dimensions !== undefined) return new OpenAiEmbedder({ ...options, dimensions: options.dimensions });
  const [probe] = await requestEmbeddings(options, ['dimension probe'], undefined);
  if (probe === undefined || probe.length < 1 || probe.length > limits.embeddingDimensionsMax) {
    throw unavailable(endpointOf(options.url), 'the probe embedding has no usable width');
  }
  return new OpenAiEmbedder({ ...options, dimensions: probe.length });
}

/** One POST of one batch; `dimensions` undefined accepts any width (the probe). */
async function requestEmbeddings(
  options: Omit<OpenAiEmbedderOptions, 'dimensions'>,
  texts: readonly string[],
  dimensions: number | undefined,
): Promise<Float32Array[]> {
  const endpoint = endpointOf(options.url);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  const timeoutMs = options.timeoutMs ?? limits.embedderRequestMsMax;
  const signal = AbortSignal.timeout(timeoutMs);
  const body = JSON.stringify({ model: options.model, input: texts });
  let response: Response;
  try {
    response = await options.fetch(endpoint, { method: 'POST', headers, body, signal });
  } catch (error) {
    throw unavailable(endpoint, signal.aborted ? `no answer within ${timeoutMs} ms` : 'the connection failed', error);
  }
  const text = await readLimited(response, endpoint, signal);
  if (!response.ok) throw unavailable(endpoint, `HTTP ${response.status}: ${text.slice(0, 200)}`);
  return parseEmbeddings(text, texts.length, dimensions, endpoint);
}

function endpointOf(url: string): string {
  return `${url.replace(/\/+$/, '')}/v1/embeddings`;
}

function parseEmbeddings(body: string, count: number, dimensions: number | undefined, endpoint: string): Float32Array[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw unavailable(endpoint, 'the answer is not JSON', error);
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length !== count) throw unavailable(endpoint, `expected ${count} embeddings in "data"`);
  const out = new Array<Float32Array | undefined>(count);
  data.forEach((item: unknown, position) => {
    const entry = item as { index?: unknown; embedding?: unknown } | null;
    const index = typeof entry?.index === 'number' ? entry.index : position;
    const vector = entry?.embedding;
    if (!Number.isInteger(index) || index < 0 || index >= count || out[index] !== undefined) throw unavailable(endpoint, 'an embedding has a bad index');
    if (!Array.isArray(vector) || !vector.every((x) => typeof x === 'number' && Number.isFinite(x))) throw unavailable(endpoint, 'an embedding is not a list of numbers');
    if (dimensions !== undefined && vector.length !== dimensions) throw unavailable(endpoint, `an embedding has ${vector.length} dimensions, expected ${dimensions}`);
    out[index] = unitVector(vector as number[]);
  });
  return out as Float32Array[];
}

function unitVector(values: readonly number[]): Float32Array {
  const vector = Float32Array.from(values);
  let sum = 0;
  for (const x of vector) sum += x * x;
  const length = Math.sqrt(sum);
  if (length > 0) for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / length;
  return vector;
}

async function readLimited(response: Response, endpoint: string, signal: AbortSignal): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limits.embedderResponseBytesMax) throw unavailable(endpoint, `the answer is ${declared} bytes, over the limit`);
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limits.embedderResponseBytesMax) {
        await reader.cancel();
        throw unavailable(endpoint, 'the answer is over the size limit');
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    if (error instanceof NoctemError) throw error;
    throw unavailable(endpoint, signal.aborted ? 'the answer did not finish in time' : 'the answer was cut off', error);
  }
  return text + decoder.decode();
}

function unavailable(endpoint: string, reason: string, cause?: unknown): NoctemError {
  return new NoctemError('EMBEDDER_UNAVAILABLE', `Cannot embed with ${endpoint}: ${reason}`, {
    details: { endpoint },
    ...(cause === undefined ? {} : { cause }),
  });
}
