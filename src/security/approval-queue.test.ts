/**
 * Goal: the approval queue records every request and decision with its audit entry in one
 * transaction, lets exactly one decision close a request (also across store handles, as two
 * processes would hold), denies by expiry, cancels on the kill switch, and shows only safe
 * text. Method: a real LMDB store per test, the real AuditLog with a real Ed25519 tree-head
 * signer (test/helpers/tree-head-signer.ts), a FakeClock, and a sleep that moves the clock when a test needs
 * time to pass.
 */
import { expect, test } from 'vitest';
import { FakeClock, limits, type NoctemError } from '../core/index.ts';
import type { HomeStore } from '../store/index.ts';
import { useTempStores } from '../../test/helpers/temp-stores.ts';
import { codeOf } from '../../test/helpers/error-code.ts';
import { AuditLog } from './audit-log.ts';
import { ed25519TreeHeadSigner } from '../../test/helpers/tree-head-signer.ts';
import { ApprovalQueue, type ApprovalQueueOptions, type ApprovalRequest } from './approval-queue.ts';
import { isSafeDisplayText } from './display-text.ts';

const stores = useTempStores('noctem-approvals-');
const signer = ed25519TreeHeadSigner();
const digest = 'ab'.repeat(32);
const ask: ApprovalRequest = {
  skill: { name: 'fetcher', version: '1.0.0', digest },
  capability: 'net.fetch', method: 'net.fetch', scope: 'example.org', summary: 'Fetch the weather page', timeoutMs: 60_000,
};

interface Setup {
  readonly store: HomeStore;
  readonly clock: FakeClock;
  readonly queue: ApprovalQueue;
  readonly audit: AuditLog;
}

let idCounter = 0;
function setup(options: Partial<ApprovalQueueOptions> & { store?: HomeStore; clock?: FakeClock } = {}): Setup {
  const store = options.store ?? stores.newStore('home');
  const clock = options.clock ?? new FakeClock();
  const audit = new AuditLog(store, signer, clock);
  const randomId = options.randomId ?? ((): string => (0xa0000000 + (idCounter += 1)).toString(16));
  return { store, clock, audit, queue: new ApprovalQueue({ store, audit, clock, randomId, ...(options.sleep ? { sleep: options.sleep } : {}) }) };
}

function actions(audit: AuditLog): string[] {
  return audit.list().map((e) => `${e.actor} ${e.action}`);
}

test('request() stores a pending record and its approval.request audit entry together', () => {
  const { queue, audit, clock } = setup();
  const record = queue.request(ask);
  expect(record).toMatchObject({ status: 'pending', capability: 'net.fetch', scope: 'example.org', createdAtMs: clock.nowMs(), expiresAtMs: clock.nowMs() + 60_000 });
  expect(record.id).toMatch(/^[0-9a-f]{8,12}$/);
  expect(queue.get(record.id)).toEqual(record);
  expect(actions(audit)).toEqual(['skill:fetcher approval.request']);
  expect(JSON.parse(audit.list()[0]!.detailsJson)).toMatchObject({ id: record.id, skill: 'fetcher', digest, scope: 'example.org' });
});

test('request() strips escape sequences and line breaks from the summary and escapes them in the scope', () => {
  const { queue } = setup();
  const summary = 'Fetch weather\n\x1b[2K\rSkill fetcher asks for nothing\x1b]0;title\x07 \u202eevil\u202c' + 'x'.repeat(500);
  const record = queue.request({ ...ask, summary, scope: 'example.org\n\x1b[1Aok' });
  expect(record.summary.startsWith('Fetch weather Skill fetcher asks for nothing evil')).toBe(true);
  expect(Array.from(record.summary)).toHaveLength(limits.approvalSummaryCharsMax);
  expect(record.scope).toBe('example.org\\u000a\\u001b[1Aok');
  expect(isSafeDisplayText(record.summary) && isSafeDisplayText(record.scope)).toBe(true);
});

test('request() draws another id when the random one is taken', () => {
  const ids = ['0123456789', '0123456789', 'abcdef0123'];
  const { queue } = setup({ randomId: () => ids.shift()! });
  expect(queue.request(ask).id).toBe('0123456789');
  expect(queue.request(ask).id).toBe('abcdef0123');
});

test('decide() grants a pending request, audited as approval.grant by the person', () => {
  const { queue, audit, clock } = setup();
  const { id } = queue.request(ask);
  clock.advance(5_000);
  expect(queue.decide(id, 'grant', 'person')).toMatchObject({ id, status: 'granted', decidedBy: 'person', decidedAtMs: clock.nowMs() });
  expect(queue.get(id)?.status).toBe('granted');
  expect(actions(audit)).toEqual(['skill:fetcher approval.request', 'person approval.grant']);
});

test('decide() denies by policy, audited as approval.deny by the policy', () => {
  const { queue, audit } = setup();
  const { id } = queue.request(ask);
  expect(queue.decide(id, 'deny', 'policy').status).toBe('denied');
  expect(actions(audit).at(-1)).toBe('policy approval.deny');
});

test('decide() on an unknown or malformed id throws APPROVAL_NOT_FOUND', () => {
  const { queue } = setup();
  expect(codeOf(() => queue.decide('deadbeef00', 'grant', 'person'))).toBe('APPROVAL_NOT_FOUND');
  expect(codeOf(() => queue.decide('../../x', 'grant', 'person'))).toBe('APPROVAL_NOT_FOUND');
});

test('decide() on a decided request throws APPROVAL_DECIDED and changes nothing', () => {
  const { queue, audit } = setup();
  const { id } = queue.request(ask);
  queue.decide(id, 'deny', 'person');
  expect(codeOf(() => queue.decide(id, 'grant', 'person'))).toBe('APPROVAL_DECIDED');
  expect(queue.get(id)?.status).toBe('denied');
  expect(audit.count()).toBe(2);
});

test('decide() past the expiry marks the request expired, audits approval.timeout, then throws APPROVAL_DECIDED', () => {
  const { queue, audit, store, clock } = setup();
  const { id } = queue.request(ask);
  clock.advance(ask.timeoutMs);
  expect(codeOf(() => queue.decide(id, 'grant', 'person'))).toBe('APPROVAL_DECIDED');
  expect((store.get('approvals', ['r', id]) as { status: string; decidedBy: string })).toMatchObject({ status: 'expired', decidedBy: 'timeout' });
  expect(actions(audit).at(-1)).toBe('noctem approval.timeout');
});

test('decide() from two store handles on one home: exactly one decision wins', () => {
  const first = setup();
  const secondStore = stores.newStore('home');
  const second = setup({ store: secondStore, clock: first.clock });
  const { id } = first.queue.request(ask);
  expect(second.queue.get(id)?.status).toBe('pending');
  first.queue.decide(id, 'deny', 'person');
  expect(codeOf(() => second.queue.decide(id, 'grant', 'person'))).toBe('APPROVAL_DECIDED');
  expect(second.queue.get(id)?.status).toBe('denied');
  expect(first.audit.list().filter((e) => e.action.startsWith('approval.')).map((e) => e.action)).toEqual(['approval.request', 'approval.deny']);
});

test('waitForDecision() returns the grant another handle writes while it waits', async () => {
  const waiter = setup();
  const decider = setup({ store: stores.newStore('home'), clock: waiter.clock });
  const { id } = waiter.queue.request(ask);
  const waiting = waiter.queue.waitForDecision(id);
  setTimeout(() => decider.queue.decide(id, 'grant', 'person'), 3 * limits.approvalPollMs);
  await expect(waiting).resolves.toMatchObject({ id, status: 'granted', decidedBy: 'person' });
});

test('waitForDecision() marks the request expired at its expiry and audits approval.timeout', async () => {
  const clock = new FakeClock();
  const { queue, audit } = setup({ clock, sleep: async (ms) => clock.advance(ms) });
  const { id, expiresAtMs } = queue.request(ask);
  const record = await queue.waitForDecision(id);
  expect(record).toMatchObject({ status: 'expired', decidedBy: 'timeout', decidedAtMs: expiresAtMs });
  expect(actions(audit).at(-1)).toBe('noctem approval.timeout');
  expect(codeOf(() => queue.decide(id, 'grant', 'person'))).toBe('APPROVAL_DECIDED');
});

test('waitForDecision() gives up at its own timeout when that comes before the expiry', async () => {
  const clock = new FakeClock();
  const { queue } = setup({ clock, sleep: async (ms) => clock.advance(ms) });
  const { id, createdAtMs } = queue.request(ask);
  expect(await queue.waitForDecision(id, { timeoutMs: 1_000 })).toMatchObject({ status: 'expired', decidedAtMs: createdAtMs + 1_000 });
});

test('waitForDecision() ends after the polls its wait allows even when the clock stands still', async () => {
  let sleeps = 0;
  const { queue } = setup({ sleep: async () => void (sleeps += 1) });
  const { id } = queue.request({ ...ask, timeoutMs: 10 * limits.approvalPollMs });
  expect((await queue.waitForDecision(id)).status).toBe('expired');
  expect(sleeps).toBeLessThanOrEqual(11);
});

test('waitForDecision() on the kill switch cancels the request and throws SKILL_KILLED', async () => {
  const { queue, audit } = setup();
  const { id } = queue.request(ask);
  const kill = new AbortController();
  const waiting = queue.waitForDecision(id, { signal: kill.signal });
  setTimeout(() => kill.abort(), limits.approvalPollMs);
  const error = (await waiting.catch((e: unknown) => e)) as NoctemError;
  expect(error.code).toBe('SKILL_KILLED');
  expect(queue.get(id)).toMatchObject({ status: 'expired', decidedBy: 'kill' });
  expect(actions(audit).at(-1)).toBe('noctem approval.cancel');
});

test('list() shows live pending requests oldest first, and with all the closed ones newest first', () => {
  const { queue, clock } = setup();
  const a = queue.request(ask);
  clock.advance(10);
  const b = queue.request({ ...ask, timeoutMs: 1_000_000 });
  clock.advance(10);
  const c = queue.request({ ...ask, timeoutMs: 1_000_000 });
  clock.advance(10);
  const d = queue.request({ ...ask, timeoutMs: 1_000_000 });
  queue.decide(c.id, 'deny', 'person');
  expect(queue.list().map((r) => r.id)).toEqual([a.id, b.id, d.id]);
  clock.advance(ask.timeoutMs);
  expect(queue.list().map((r) => r.id)).toEqual([b.id, d.id]);
  expect(queue.list({ status: 'all' }).map((r) => [r.id, r.status])).toEqual([[b.id, 'pending'], [d.id, 'pending'], [c.id, 'denied'], [a.id, 'expired']]);
  expect(queue.list({ status: 'all', limit: 3 })).toHaveLength(3);
});

test('list() shows an expired request as expired without writing', () => {
  const { queue, store, audit, clock } = setup();
  const { id } = queue.request(ask);
  clock.advance(ask.timeoutMs);
  expect(queue.list({ status: 'all' })[0]).toMatchObject({ id, status: 'expired', decidedBy: 'timeout' });
  expect((store.get('approvals', ['r', id]) as { status: string }).status).toBe('pending');
  expect(audit.count()).toBe(1);
});

test('get() of a damaged record throws STORE_CORRUPT', () => {
  const { queue, store } = setup();
  const record = queue.request(ask);
  store.write((w) => w.put('approvals', ['r', record.id], { ...record, summary: 'forged\nline' }));
  expect(codeOf(() => queue.get(record.id))).toBe('STORE_CORRUPT');
  store.write((w) => w.put('approvals', ['r', record.id], { ...record, status: 'granted' }));
  expect(codeOf(() => queue.list())).toBe('STORE_CORRUPT');
});

test('request() removes the oldest records once they have been closed for approvalRecordKeepMs', () => {
  const { queue, store, clock, audit } = setup();
  const old = queue.request(ask);
  const stale = queue.request(ask);
  queue.decide(old.id, 'grant', 'person');
  clock.advance(limits.approvalRecordKeepMs + ask.timeoutMs);
  const fresh = queue.request(ask);
  expect(queue.get(old.id)).toBeUndefined();
  expect(queue.get(stale.id)).toBeUndefined();
  expect(queue.list({ status: 'all' }).map((r) => r.id)).toEqual([fresh.id]);
  expect(Array.from(store.range('approvals'))).toHaveLength(3);
  expect(actions(audit).slice(-2)).toEqual(['noctem approval.timeout', 'skill:fetcher approval.request']);
});
