/**
 * Goal: `net.fetch` follows redirects only inside the allowlist and caps the body. Method: a
 * real HTTP server on 127.0.0.1 (the allowlist names 127.0.0.1; "localhost" stands for a host
 * outside it).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { limits } from '../core/index.ts';
import { codeOfAsync } from '../../test/helpers/error-code.ts';
import { fetchForSkill } from './http-skill-fetch.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const port = (server.address() as AddressInfo).port;
    if (request.url === '/redirect-inside') response.writeHead(302, { location: '/page' }).end();
    else if (request.url === '/redirect-outside') response.writeHead(302, { location: `http://localhost:${port}/page` }).end();
    else if (request.url === '/loop') response.writeHead(302, { location: '/loop' }).end();
    else if (request.url === '/huge') response.end(Buffer.alloc(limits.skillFetchBytesMax + 10, 97));
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<title>Tea</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const request = (path: string) => ({ url: new URL(`${base}${path}`), method: 'GET' as const, headers: {}, body: undefined, hosts: ['127.0.0.1'] });

test('fetchForSkill() returns status, headers and body', async () => {
  const response = await fetchForSkill(request('/page'));
  expect(response.status).toBe(200);
  expect(response.body).toBe('<title>Tea</title>');
  expect(response.truncated).toBe(false);
});

test('fetchForSkill() follows a redirect inside the allowlist', async () => {
  expect((await fetchForSkill(request('/redirect-inside'))).body).toBe('<title>Tea</title>');
});

test('fetchForSkill() refuses a redirect to a host outside the allowlist', async () => {
  expect(await codeOfAsync(() => fetchForSkill(request('/redirect-outside')))).toBe('SKILL_CAPABILITY_DENIED');
});

test('fetchForSkill() stops a redirect loop with SKILL_FETCH_FAILED', async () => {
  expect(await codeOfAsync(() => fetchForSkill(request('/loop')))).toBe('SKILL_FETCH_FAILED');
});

test('fetchForSkill() truncates a body past skillFetchBytesMax', async () => {
  const response = await fetchForSkill(request('/huge'));
  expect(response.truncated).toBe(true);
  expect(response.body.length).toBe(limits.skillFetchBytesMax);
});

test('fetchForSkill() reports an unreachable host as SKILL_FETCH_FAILED', async () => {
  const closed = { ...request('/page'), url: new URL('http://127.0.0.1:9/') };
  expect(await codeOfAsync(() => fetchForSkill(closed))).toBe('SKILL_FETCH_FAILED');
});
