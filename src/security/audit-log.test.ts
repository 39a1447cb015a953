/**
 * Goal: the audit log detects every kind of tampering. Method: append entries on a real
 * LMDB, then change the stored records behind the log's back (modify, delete, insert,
 * reorder, truncate) and check `verify()` reports the first broken entry; then check which
 * heads are kept across a key change (the signer stands for the identity and can rotate).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { FakeClock, limits } from '../core/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../store/index.ts';
import { hashAuditEntry, type AuditEntry, type TreeHead, type TreeHeadSignature } from './audit-entry.ts';
import { AuditLog } from './audit-log.ts';
import { ed25519TreeHeadSigner } from '../../test/helpers/tree-head-signer.ts';

let dir: string;
let store: HomeStore;
let log: AuditLog;
const signer = ed25519TreeHeadSigner();

beforeEach(async () => {
  signer.living = 0;
  dir = await mkdtemp(join(tmpdir(), 'noctem-audit-'));
  store = openLmdbHomeStore(dir);
  log = new AuditLog(store, signer, new FakeClock());
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function appendMany(n: number): void {
  const records = Array.from({ length: n }, (_, i) => ({ actor: 'person', action: 'test.event', details: { i } }));
  log.append(...records);
}

function entry(seq: number): AuditEntry {
  return store.get('audit', seq) as AuditEntry;
}

test('verify() accepts an untouched log of several batches', () => {
  appendMany(2500);
  appendMany(3);
  expect(log.verify()).toEqual({ valid: true, entries: 2503, treeHeads: 3 });
});

test('append() keeps a head at every span boundary and only the newest in between', () => {
  for (let i = 0; i < 5; i += 1) appendMany(1);
  appendMany(limits.auditEntriesPerTreeHeadMax);
  const counts = Array.from(store.range('treeHeads'), (e) => e.key);
  expect(counts).toEqual([limits.auditEntriesPerTreeHeadMax, limits.auditEntriesPerTreeHeadMax + 5]);
});

test('verify() detects a modified entry', () => {
  appendMany(10);
  store.write((w) => w.put('audit', 4, { ...entry(4), action: 'test.forged' }));
  expect(log.verify().error).toEqual({ seq: 4, reason: 'the entry was modified' });
});

test('verify() detects a modified entry whose hashes were all recomputed', () => {
  appendMany(10);
  store.write((w) => {
    let prevHash = entry(3).hash;
    for (let seq = 4; seq < 10; seq += 1) {
      const body = { ...entry(seq), action: seq === 4 ? 'test.forged' : entry(seq).action, prevHash };
      const forged = { ...body, hash: hashAuditEntry(body) };
      w.put('audit', seq, forged);
      prevHash = forged.hash;
    }
  });
  expect(log.verify()).toMatchObject({ valid: false, error: { seq: 9 } });
});

test('verify() detects a deleted entry', () => {
  appendMany(10);
  store.write((w) => w.remove('audit', 5));
  expect(log.verify()).toMatchObject({ valid: false, error: { seq: 5 } });
});

test('verify() detects an inserted entry', () => {
  appendMany(10);
  store.write((w) => {
    for (let seq = 9; seq >= 5; seq -= 1) w.put('audit', seq + 1, { ...entry(seq), seq: seq + 1 });
    const body = { ...entry(4), seq: 5, action: 'test.inserted', prevHash: entry(4).hash };
    w.put('audit', 5, { ...body, hash: hashAuditEntry(body) });
  });
  expect(log.verify()).toMatchObject({ valid: false, error: { seq: 6 } });
});

test('verify() detects reordered entries', () => {
  appendMany(10);
  const [a, b] = [entry(2), entry(3)];
  store.write((w) => {
    w.put('audit', 2, { ...b, seq: 2 });
    w.put('audit', 3, { ...a, seq: 3 });
  });
  expect(log.verify()).toMatchObject({ valid: false, error: { seq: 2 } });
});

test('verify() detects a truncated tail', () => {
  appendMany(10);
  store.write((w) => w.remove('audit', 9));
  expect(log.verify()).toMatchObject({ valid: false, entries: 9 });
});

test('verify() detects a forged tree head signature', () => {
  appendMany(10);
  const head = store.get('treeHeads', 10) as { signature: TreeHeadSignature };
  const bad = Buffer.from(head.signature.ed25519, 'base64');
  bad[0] = (bad[0] ?? 0) ^ 1;
  store.write((w) => w.put('treeHeads', 10, { ...head, signature: { ...head.signature, ed25519: bad.toString('base64') } }));
  expect(log.verify().error?.reason).toMatch(/invalid signature/);
});

test('append() refuses oversized details and writes nothing', () => {
  const details = { blob: 'x'.repeat(limits.auditDetailsBytesMax) };
  expect(() => log.append({ actor: 'person', action: 'test.big', details })).toThrow(expect.objectContaining({ code: 'FILE_TOO_LARGE' }));
  expect(log.count()).toBe(0);
});

test('append() keeps the last head of each key, so a rotation point stays checkable', () => {
  appendMany(3);
  signer.living = 1;
  appendMany(2);
  appendMany(2);
  const heads = Array.from(store.range('treeHeads'), (e) => [e.key, (e.value as { signature: TreeHeadSignature }).signature.keySequence]);
  expect(heads).toEqual([[3, 0], [7, 1]]);
  expect(log.verify()).toMatchObject({ valid: true, entries: 7, treeHeads: 2 });
});

test('verify() rejects a head by a key rotated out before an earlier head\'s key', () => {
  appendMany(3);
  signer.living = 1;
  appendMany(2);
  signer.living = 0; // A thief holding only the old key appends after the rotation.
  appendMany(1);
  signer.living = 1;
  expect(log.verify()).toMatchObject({ valid: false, error: { seq: 5, reason: expect.stringMatching(/rotated out/) } });
});

test('verify() rejects a newest head not signed by the living key', () => {
  appendMany(3);
  signer.living = 1; // The identity rotated without its audit entry, or a stale key re-signed the tail.
  expect(log.verify()).toMatchObject({ valid: false, error: { seq: 2, reason: expect.stringMatching(/not the living key/) } });
});

test('seal() seals a tail another session left unsealed, and only once', () => {
  appendMany(4);
  const clock = new FakeClock();
  const fresh = new AuditLog(store, signer, clock); // A later session: it appended nothing itself.
  expect(fresh.appendedSinceSeal).toBe(false);
  fresh.seal();
  const newest = (): TreeHead => Array.from(store.range('treeHeads', { reverse: true, limit: 1 }))[0]?.value as TreeHead;
  const sealed = newest();
  expect(sealed.signature.slhDsa).toBeDefined();
  clock.advance(1000);
  fresh.seal();
  expect(newest()).toEqual(sealed);
  expect(log.verify()).toMatchObject({ valid: true, entries: 4 });
});
