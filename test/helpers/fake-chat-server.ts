/**
 * The one fake the tests may use (STYLE.md "Contracts and fakes"): an OpenAI-compatible
 * chat server faked at its HTTP boundary. A node:http server on 127.0.0.1 (port 0) that
 * answers `POST /v1/chat/completions` with a scripted completion and records every request
 * body, so a test can read the exact prompt Noctem sent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request body. */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
}

/** A running fake server. */
export interface FakeChatServer {
  /** `http://127.0.0.1:PORT`: what NOCTEM_LLM_URL points at. */
  readonly url: string;
  /** Request bodies received, oldest first. */
  readonly requests: ChatRequest[];
  /** Paths requested, oldest first. */
  readonly paths: string[];
  close(): Promise<void>;
}

/** Starts a server whose every completion is `reply`. */
export async function startFakeChatServer(reply: string): Promise<FakeChatServer> {
  const requests: ChatRequest[] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      paths.push(req.url ?? '');
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      requests.push(JSON.parse(Buffer.concat(parts).toString('utf8')) as ChatRequest);
      const body = { id: 'chatcmpl-test', object: 'chat.completion', model: 'fake', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply } }] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
