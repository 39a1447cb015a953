/**
 * Goal: the broker lets through only granted capabilities inside their scope, asks for an
 * approval exactly where DESIGN rule 4 demands one, and audits every request and result
 * with the skill's name, version and digest. Method: the broker over a recording
 * `SkillServices` port (the real adapters have their own tests; e2e tests run them together).
 */
import { expect, test } from 'vitest';
import { codeOfAsync } from '../../test/helpers/error-code.ts';
import type { SandboxCall } from '../security/index.ts';
import { createCapabilityBroker, grantedMethods, type BrokerSkill } from './capability-broker.ts';
import type { ApprovalAsk, SkillServices } from './skill-services.ts';

interface Recorded {
  readonly services: SkillServices;
  readonly audits: { action: string; details: Record<string, unknown> }[];
  readonly asks: ApprovalAsk[];
  readonly calls: string[];
}

function recording(grant: boolean): Recorded {
  const audits: Recorded['audits'] = [];
  const asks: ApprovalAsk[] = [];
  const calls: string[] = [];
  const services: SkillServices = {
    memorySearch: async (query, k) => (calls.push(`search ${query} ${k}`), []),
    memoryWrite: async (note) => (calls.push(`write ${note.title}`), { id: 'n1', chunks: 1 }),
    fetch: async (request) => (calls.push(`fetch ${request.url.href}`), { status: 200, headers: {}, body: 'ok', truncated: false }),
    readFile: async (path) => (calls.push(`read ${path}`), 'text'),
    writeFile: async (path, text) => (calls.push(`writefile ${path}`), { bytes: text.length }),
    secret: async (name) => (calls.push(`secret ${name}`), 's3cret'),
    complete: async (prompt) => (calls.push(`complete ${prompt}`), 'answer'),
    approve: async (ask) => (asks.push(ask), { granted: grant, by: 'person' }),
    audit: (action, details) => audits.push({ action, details }),
  };
  return { services, audits, asks, calls };
}

const skill: BrokerSkill = {
  name: 'demo', version: '1.0.0', digest: 'ab'.repeat(32), sandboxDir: '/home/n/sandbox/demo',
  grants: [
    { name: 'memory.read', scope: [] }, { name: 'net.fetch', scope: ['example.org'] }, { name: 'fs.write', scope: ['/data/out'] },
    { name: 'secrets.get', scope: ['token'] }, { name: 'self.modify', scope: [] },
  ],
};

const call = (method: SandboxCall['method'], ...args: unknown[]): SandboxCall => ({ method, args });

test('grantedMethods() lists the methods of the granted capabilities only', () => {
  expect(grantedMethods(skill.grants)).toEqual(['memory.search', 'net.fetch', 'fs.write', 'secrets.get', 'self.modify']);
});

test('createCapabilityBroker() answers a granted call without approval and audits request and result', async () => {
  const r = recording(true);
  await createCapabilityBroker(skill, r.services).call(call('memory.search', 'tea', { k: 3 }));
  expect(r.calls).toEqual(['search tea 3']);
  expect(r.asks).toEqual([]);
  expect(r.audits.map((a) => a.action)).toEqual(['skill.request', 'skill.result']);
  expect(r.audits[1]?.details).toMatchObject({ skill: 'demo', version: '1.0.0', digest: skill.digest, capability: 'memory.read', outcome: 'ok' });
});

test('createCapabilityBroker() refuses a capability that was not granted, audited', async () => {
  const r = recording(true);
  expect(await codeOfAsync(() => createCapabilityBroker(skill, r.services).call(call('memory.write', 'x')))).toBe('SKILL_CAPABILITY_DENIED');
  expect(r.calls).toEqual([]);
  expect(r.audits.at(-1)?.details).toMatchObject({ outcome: 'SKILL_CAPABILITY_DENIED' });
});

test('createCapabilityBroker() asks before a fetch and refuses it when the person denies', async () => {
  const r = recording(false);
  expect(await codeOfAsync(() => createCapabilityBroker(skill, r.services).call(call('net.fetch', 'https://example.org/x')))).toBe('SKILL_APPROVAL_DENIED');
  expect(r.asks).toMatchObject([{ capability: 'net.fetch', scope: 'example.org' }]);
  expect(r.calls).toEqual([]);
});

test('createCapabilityBroker() fetches after approval, and never outside the allowlist', async () => {
  const r = recording(true);
  const broker = createCapabilityBroker(skill, r.services);
  await broker.call(call('net.fetch', 'https://example.org/x'));
  expect(r.calls).toEqual(['fetch https://example.org/x']);
  expect(await codeOfAsync(() => broker.call(call('net.fetch', 'https://evil.example/')))).toBe('SKILL_CAPABILITY_DENIED');
  expect(r.asks).toHaveLength(1);
});

test('createCapabilityBroker() writes in the sandbox folder without approval and asks outside it', async () => {
  const r = recording(true);
  const broker = createCapabilityBroker(skill, r.services);
  await broker.call(call('fs.write', 'a.txt', 'x'));
  expect(r.asks).toEqual([]);
  await broker.call(call('fs.write', '/data/out/b.txt', 'y'));
  expect(r.asks).toMatchObject([{ capability: 'fs.write', scope: '/data/out/b.txt' }]);
  expect(r.calls).toEqual(['writefile /home/n/sandbox/demo/a.txt', 'writefile /data/out/b.txt']);
});

test('createCapabilityBroker() asks before every secret read', async () => {
  const r = recording(true);
  expect(await createCapabilityBroker(skill, r.services).call(call('secrets.get', 'token'))).toBe('s3cret');
  expect(r.asks).toMatchObject([{ capability: 'secrets.get', scope: 'token' }]);
});

test('createCapabilityBroker() refuses self.modify even when a manifest holds it', async () => {
  const r = recording(true);
  expect(await codeOfAsync(() => createCapabilityBroker(skill, r.services).call(call('self.modify', {})))).toBe('SKILL_CAPABILITY_DENIED');
});

test('createCapabilityBroker() refuses malformed arguments with SKILL_CALL_INVALID', async () => {
  const broker = createCapabilityBroker(skill, recording(true).services);
  expect(await codeOfAsync(() => broker.call(call('memory.search', 42)))).toBe('SKILL_CALL_INVALID');
  expect(await codeOfAsync(() => broker.call(call('memory.search', 'q', { k: 1e9 })))).toBe('SKILL_CALL_INVALID');
  expect(await codeOfAsync(() => broker.call(call('net.fetch', 'https://example.org/', { headers: { cookie: 'a' } })))).toBe('SKILL_CALL_INVALID');
  expect(await codeOfAsync(() => broker.call(call('net.fetch', 'https://example.org/', { headers: { 'x-a': 'b\r\nhost: evil' } })))).toBe('SKILL_CALL_INVALID');
});
