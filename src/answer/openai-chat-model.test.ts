/**
 * Goal: OpenAiChatModel speaks the OpenAI chat-completions protocol and turns every failure
 * into LLM_UNAVAILABLE. Method: a real node:http server on 127.0.0.1 (port 0) started per
 * test plays the model server: it records each request and answers as the test says
 * (a completion, HTTP 500, garbage, silence, an oversized body); "refused" uses a port
 * whose server was just closed. The adapter gets Node's real fetch.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NoctemError } from '../core/index.ts';
import { runLanguageModelContract } from './language-model.contract.ts';
import { OpenAiChatModel } from './openai-chat-model.ts';

interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

interface TestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

type Reply = (request: RecordedRequest, response: ServerResponse) => void;

async function startServer(reply: Reply): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString('utf8') };
      requests.push(recorded);
      reply(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function completion(text: string, model = 'test-model-7b'): string {
  return JSON.stringify({
    id: 'chatcmpl-1', object: 'chat.completion', created: 1, model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  });
}

const answerWith = (text: string): Reply => (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(completion(text));
};

async function failure(promise: Promise<unknown>): Promise<NoctemError> {
  const outcome = await promise.then(() => undefined, (error: unknown) => error);
  if (!(outcome instanceof NoctemError)) throw new Error(`expected a NoctemError, got ${String(outcome)}`);
  return outcome;
}

const messages = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'What is in my notes?' },
] as const;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

runLanguageModelContract('OpenAiChatModel', async () => {
  const contractServer = await startServer(answerWith('Hello.'));
  return { model: new OpenAiChatModel({ baseUrl: contractServer.url, model: 'test-model-7b', fetch }), close: () => contractServer.close() };
});

describe('OpenAiChatModel', () => {
  it('complete() posts a chat-completions request and returns the reply text and model', async () => {
    server = await startServer(answerWith('Your notes cover Noctem [1].'));
    const model = new OpenAiChatModel({ baseUrl: server.url, model: 'llama3.1:8b', fetch });
    const result = await model.complete(messages, { maxTokens: 64 });
    expect(result).toEqual({ text: 'Your notes cover Noctem [1].', model: 'test-model-7b' });
    const request = server.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ model: 'llama3.1:8b', messages, max_tokens: 64, temperature: 0, stream: false });
  });

  it('complete() sends the API key as a bearer token only when one is set', async () => {
    server = await startServer(answerWith('ok'));
    await new OpenAiChatModel({ baseUrl: server.url, model: 'm', apiKey: 'sk-test', fetch }).complete(messages);
    await new OpenAiChatModel({ baseUrl: server.url, model: 'm', fetch }).complete(messages);
    expect(server.requests.map((r) => r.headers['authorization'])).toEqual(['Bearer sk-test', undefined]);
  });

  it('complete() reaches /v1/chat/completions from a base URL that already ends in /v1/', async () => {
    server = await startServer(answerWith('ok'));
    await new OpenAiChatModel({ baseUrl: `${server.url}/v1/`, model: 'm', fetch }).complete(messages);
    expect(server.requests[0]?.url).toBe('/v1/chat/completions');
  });

  it('complete() falls back to the requested model name when the server names none', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200).end(JSON.stringify({ choices: [{ message: { content: 'ok' } }] }));
    });
    const result = await new OpenAiChatModel({ baseUrl: server.url, model: 'phi3', fetch }).complete(messages);
    expect(result.model).toBe('phi3');
  });

  it('complete() turns HTTP 500 into LLM_UNAVAILABLE with the status and body', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"model not loaded"}');
    });
    const error = await failure(new OpenAiChatModel({ baseUrl: server.url, model: 'm', fetch }).complete(messages));
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.details).toMatchObject({ reason: 'http-status', status: 500, body: '{"error":"model not loaded"}' });
  });

  it('complete() turns a body that is not JSON into LLM_UNAVAILABLE (malformed) with the parse error as cause', async () => {
    server = await startServer((_request, response) => response.writeHead(200).end('<html>gateway</html>'));
    const error = await failure(new OpenAiChatModel({ baseUrl: server.url, model: 'm', fetch }).complete(messages));
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.details['reason']).toBe('malformed');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('complete() turns JSON without choices[0].message.content into LLM_UNAVAILABLE (malformed)', async () => {
    server = await startServer((_request, response) => response.writeHead(200).end('{"choices":[]}'));
    const error = await failure(new OpenAiChatModel({ baseUrl: server.url, model: 'm', fetch }).complete(messages));
    expect(error.details['reason']).toBe('malformed');
  });

  it('complete() gives up after requestMsMax when the server never answers', async () => {
    server = await startServer(() => undefined);
    const model = new OpenAiChatModel({ baseUrl: server.url, model: 'm', fetch, requestMsMax: 200 });
    const started = performance.now();
    const error = await failure(model.complete(messages));
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.details['reason']).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('complete() turns a refused connection into LLM_UNAVAILABLE (unreachable) naming ECONNREFUSED', async () => {
    const closed = await startServer(answerWith('never'));
    await closed.close();
    const error = await failure(new OpenAiChatModel({ baseUrl: closed.url, model: 'm', fetch }).complete(messages));
    expect(error.code).toBe('LLM_UNAVAILABLE');
    expect(error.details['reason']).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('complete() refuses a response whose Content-Length is over responseBytesMax', async () => {
    server = await startServer(answerWith('x'.repeat(10_000)));
    const model = new OpenAiChatModel({ baseUrl: server.url, model: 'm', fetch, responseBytesMax: 1000 });
    const error = await failure(model.complete(messages));
    expect(error.details['reason']).toBe('too-large');
  });

  it('complete() stops reading a streamed body once it passes responseBytesMax', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 100; i++) response.write('x'.repeat(1000));
      response.end();
    });
    const model = new OpenAiChatModel({ baseUrl: server.url, model: 'm', fetch, responseBytesMax: 5000 });
    const error = await failure(model.complete(messages));
    expect(error.details['reason']).toBe('too-large');
  });

  it('complete() keeps the API key and URL credentials out of errors', async () => {
    server = await startServer((_request, response) => response.writeHead(401).end('bad key'));
    const withCredentials = server.url.replace('http://', 'http://user:hunter2@');
    const error = await failure(new OpenAiChatModel({ baseUrl: withCredentials, model: 'm', apiKey: 'sk-secret', fetch }).complete(messages));
    const rendered = JSON.stringify({ message: error.message, details: error.details });
    expect(error.details['status']).toBe(401);
    expect(rendered).not.toContain('sk-secret');
    expect(rendered).not.toContain('hunter2');
  });

  it('complete() sends credentials written in the URL as HTTP Basic authorization', async () => {
    server = await startServer(answerWith('ok'));
    await new OpenAiChatModel({ baseUrl: server.url.replace('http://', 'http://user:p%40ss@'), model: 'm', fetch }).complete(messages);
    expect(server.requests[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`);
  });

  it('constructor rejects a URL that is not http(s) with CONFIG_INVALID', () => {
    expect(() => new OpenAiChatModel({ baseUrl: 'file:///etc/passwd', model: 'm', fetch })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('constructor rejects an empty model name with CONFIG_INVALID', () => {
    expect(() => new OpenAiChatModel({ baseUrl: 'http://127.0.0.1:1', model: ' ', fetch })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
