/**
 * Goal: OpenAiEmbedder speaks the OpenAI embeddings protocol, batches, and turns every
 * failure into EMBEDDER_UNAVAILABLE. Method: a real node:http server on 127.0.0.1 that
 * embeds with the fixture SIF embedder (so the Embedder contract holds) and can be told to
 * fail, stall or misbehave; the embedder uses the real global fetch.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { isNoctemError } from '../core/index.ts';
import { runEmbedderContract } from './embedder.contract.ts';
import { OpenAiEmbedder, openOpenAiEmbedder } from './openai-embedder.ts';
import { SifEmbedder } from './sif-embedder.ts';
import { sifCommonComponent } from './sif-common-component.ts';
import { sifWeights, zipfProbabilities } from './word-vectors.ts';
import { fixtureWordVectors } from './word-vectors.fixture.ts';

type Mode = 'ok' | 'error500' | 'stall' | 'notJson' | 'wrongWidth' | 'shuffled';
const vectors = fixtureWordVectors();
const model = new SifEmbedder({ vectors, component: sifCommonComponent(vectors, sifWeights(zipfProbabilities(vectors.words.length)), { documents: 256 }), sourceTag: 'fixture' });
const requests: { body: { model: string; input: string[] }; authorization: string | undefined }[] = [];
let mode: Mode = 'ok';
let server: Server;
let url = '';

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let raw = '';
  for await (const chunk of request) raw += String(chunk);
  const body = JSON.parse(raw) as { model: string; input: string[] };
  requests.push({ body, authorization: request.headers.authorization });
  if (request.url !== '/v1/embeddings' || request.method !== 'POST') return void response.writeHead(404).end();
  if (mode === 'stall') return; // Never answer: the client's timeout must fire.
  if (mode === 'error500') return void response.writeHead(500).end('model not loaded');
  if (mode === 'notJson') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [');
  const embeddings = body.input.map((text, index) => ({ object: 'embedding', index, embedding: Array.from(model.embedOne(text), (x) => x * 3) }));
  if (mode === 'wrongWidth') embeddings.forEach((e) => e.embedding.push(0));
  if (mode === 'shuffled') embeddings.reverse();
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: embeddings, model: body.model }));
}

function rounded(vector: Float32Array): number[] {
  return Array.from(vector, (x) => Math.round(x * 1e5) / 1e5);
}

function embedder(options: Partial<ConstructorParameters<typeof OpenAiEmbedder>[0]> = {}): OpenAiEmbedder {
  return new OpenAiEmbedder({ url, model: 'fixture-model', dimensions: 8, fetch: globalThis.fetch, ...options });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

beforeAll(async () => {
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  mode = 'ok';
  requests.length = 0;
});

runEmbedderContract(async () => ({ embedder: embedder(), cleanup: async () => undefined }));

describe('openai-embedder', () => {
  test('embed() posts {model, input} to /v1/embeddings with the bearer key', async () => {
    await embedder({ apiKey: 'sk-test' }).embed(['cat']);
    expect(requests).toEqual([{ body: { model: 'fixture-model', input: ['cat'] }, authorization: 'Bearer sk-test' }]);
  });

  test('embed() sends batches of batchSize and keeps the order', async () => {
    const texts = ['cat', 'bank', 'sleep', 'home', 'dog'];
    const vectorsOut = await embedder({ batchSize: 2 }).embed(texts);
    expect(requests.map((r) => r.body.input.length)).toEqual([2, 2, 1]);
    expect(vectorsOut.map(rounded)).toEqual(texts.map((t) => rounded(model.embedOne(t))));
  });

  test('embed() places vectors by their index field', async () => {
    mode = 'shuffled';
    const [cat, bank] = await embedder().embed(['cat', 'bank']);
    expect([rounded(cat!), rounded(bank!)]).toEqual([rounded(model.embedOne('cat')), rounded(model.embedOne('bank'))]);
  });

  test.each<[Mode, string]>([['error500', 'an HTTP error'], ['notJson', 'a malformed answer'], ['wrongWidth', 'a wrong width']])(
    'embed() reports %s (%s) as EMBEDDER_UNAVAILABLE',
    async (failure) => {
      mode = failure;
      expect(isNoctemError(await failureOf(embedder().embed(['cat'])), 'EMBEDDER_UNAVAILABLE')).toBe(true);
    },
  );

  test('embed() gives up after timeoutMs with EMBEDDER_UNAVAILABLE', async () => {
    mode = 'stall';
    const error = await failureOf(embedder({ timeoutMs: 200 }).embed(['cat']));
    expect(isNoctemError(error, 'EMBEDDER_UNAVAILABLE')).toBe(true);
  });

  test('embed() reports a refused connection as EMBEDDER_UNAVAILABLE', async () => {
    const error = await failureOf(embedder({ url: 'http://127.0.0.1:1' }).embed(['cat']));
    expect(isNoctemError(error, 'EMBEDDER_UNAVAILABLE')).toBe(true);
  });

  test('openOpenAiEmbedder() discovers the width with one probe', async () => {
    const discovered = await openOpenAiEmbedder({ url, model: 'fixture-model', fetch: globalThis.fetch });
    expect([discovered.dimensions, discovered.id]).toEqual([8, 'openai-compatible/fixture-model/8']);
  });
});
