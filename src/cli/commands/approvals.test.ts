/**
 * Goal: a person answers a skill's capability request from another terminal: `noctem
 * approvals list` shows what waits, `grant ID` / `deny ID` decide it once (audited, by the
 * person), an unknown id is APPROVAL_NOT_FOUND, a decided or expired one APPROVAL_DECIDED, and
 * a run waiting in `waitForDecision` is released by the CLI call — also when two real
 * processes race to answer, where exactly one wins. Method: one real home, requests made
 * through an ApprovalQueue on it in the test process, the CLI in-process and as child processes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock, systemClock, type Clock } from '../../core/index.ts';
import { openNoctem, type Noctem } from '../../daemon/index.ts';
import { ApprovalQueue, type ApprovalRequest } from '../../security/index.ts';
import { cli } from '../../../test/helpers/cli.ts';
import { initHome } from '../../../test/helpers/home.ts';
import { spawnWorker } from '../../../test/helpers/spawn-worker.ts';

let dir: string;
let home: string;
let noctem: Noctem;
let counter = 0;
const ask: ApprovalRequest = {
  skill: { name: 'fetcher', version: '1.0.0', digest: 'cd'.repeat(32) },
  capability: 'net.fetch', method: 'net.fetch', scope: 'example.org', summary: 'GET https://example.org/weather', timeoutMs: 60_000,
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-approvals-cli-'));
  home = await initHome(join(dir, 'home'));
  noctem = await openNoctem(home, { clock: new FakeClock() });
});
afterAll(async () => {
  await noctem.close();
  await rm(dir, { recursive: true, force: true });
});

function queue(clock: Clock = noctem.clock, sleep?: (ms: number) => Promise<void>): ApprovalQueue {
  const randomId = (): string => (0xb0000000 + (counter += 1)).toString(16);
  return new ApprovalQueue({ store: noctem.store, audit: noctem.audit, clock, randomId, ...(sleep === undefined ? {} : { sleep }) });
}

const run = (...args: string[]): ReturnType<typeof cli> => cli([...args, '--json', '--home', home]);
const errorCode = (result: Awaited<ReturnType<typeof cli>>): string => result.json<{ error: { code: string } }>().error.code;

test('noctem approvals list shows nothing on a home without requests', async () => {
  expect((await run('approvals', 'list')).json()).toEqual({ approvals: [] });
  expect((await cli(['approvals', 'list', '--home', home])).stdout).toBe('No pending approvals.\n');
});

test('noctem approvals grant grants a pending request, audited as approval.grant by the person', async () => {
  const { id } = queue().request(ask);
  const listed = (await run('approvals', 'list')).json<{ approvals: Record<string, unknown>[] }>().approvals;
  expect(listed).toEqual([expect.objectContaining({ id, status: 'pending', skill: 'fetcher', version: '1.0.0', capability: 'net.fetch', scope: 'example.org', summary: ask.summary })]);
  const result = await run('approvals', 'grant', id);
  expect(result.code).toBe(0);
  expect(result.json()).toEqual({ approval: expect.objectContaining({ id, status: 'granted', decidedBy: 'person' }) });
  expect((await run('approvals', 'list')).json()).toEqual({ approvals: [] });
  const audit = (await run('audit')).json<{ entries: { actor: string; action: string; details: { id?: string } }[] }>();
  expect(audit.entries.find((e) => e.details.id === id && e.action === 'approval.grant')?.actor).toBe('person');
});

test('noctem approvals deny denies a pending request', async () => {
  const { id } = queue().request(ask);
  expect((await run('approvals', 'deny', id)).json()).toEqual({ approval: expect.objectContaining({ id, status: 'denied', decidedBy: 'person' }) });
  expect(queue().get(id)?.status).toBe('denied');
});

test('noctem approvals grant of an unknown id exits 1 with APPROVAL_NOT_FOUND, of a malformed one with USAGE', async () => {
  const missing = await run('approvals', 'grant', 'ffffffff00');
  expect([missing.code, errorCode(missing)]).toEqual([1, 'APPROVAL_NOT_FOUND']);
  const malformed = await run('approvals', 'grant', '../x');
  expect([malformed.code, errorCode(malformed)]).toEqual([1, 'USAGE']);
});

test('noctem approvals grant twice exits 1 with APPROVAL_DECIDED and keeps the first decision', async () => {
  const { id } = queue().request(ask);
  expect((await run('approvals', 'deny', id)).code).toBe(0);
  const again = await run('approvals', 'grant', id);
  expect([again.code, errorCode(again)]).toEqual([1, 'APPROVAL_DECIDED']);
  expect(queue().get(id)?.status).toBe('denied');
});

test('waitForDecision() in a skill run is released by noctem approvals grant', async () => {
  const waiter = queue(noctem.clock);
  const { id } = waiter.request(ask);
  const waiting = waiter.waitForDecision(id, { timeoutMs: 10_000 });
  const [granted, decided] = await Promise.all([run('approvals', 'grant', id), waiting]);
  expect(granted.code).toBe(0);
  expect(decided).toMatchObject({ id, status: 'granted', decidedBy: 'person' });
});

test('waitForDecision() denies by timeout, and a later grant exits 1 with APPROVAL_DECIDED', async () => {
  const clock = new FakeClock();
  const waiter = queue(clock, async (ms) => clock.advance(ms));
  const { id } = waiter.request({ ...ask, timeoutMs: 1_000 });
  expect(await waiter.waitForDecision(id)).toMatchObject({ status: 'expired', decidedBy: 'timeout' });
  const late = await run('approvals', 'grant', id);
  expect([late.code, errorCode(late)]).toEqual([1, 'APPROVAL_DECIDED']);
  const all = (await run('approvals', 'list', '--all')).json<{ approvals: { id: string; status: string; decidedBy?: string }[] }>().approvals;
  expect(all.find((a) => a.id === id)).toMatchObject({ status: 'expired', decidedBy: 'timeout' });
});

test('two processes answering one request: exactly one wins, and the waiting run gets its answer', async () => {
  const waiter = queue(systemClock);
  const { id } = waiter.request(ask);
  const waiting = waiter.waitForDecision(id, { timeoutMs: 20_000 });
  const children = [spawnWorker(['cli', '1', 'approvals', 'grant', id, '--home', home]), spawnWorker(['cli', '1', 'approvals', 'deny', id, '--home', home])];
  const [[granted, denied], decided] = await Promise.all([Promise.all(children.map((c) => c.exited)), waiting]);
  expect([granted!.code, denied!.code].sort()).toEqual([0, 1]);
  expect(`${granted!.stderr}${denied!.stderr}`).toContain('APPROVAL_DECIDED');
  expect(decided.status).toBe(granted!.code === 0 ? 'granted' : 'denied');
  const decisions = noctem.audit.list({ newestFirst: true, limit: 50 }).filter((e) => /approval\.(grant|deny)/.test(e.action) && e.detailsJson.includes(id));
  expect(decisions).toHaveLength(1);
});
