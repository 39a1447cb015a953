/**
 * Goal: audit tree heads verify against the home's own key event log across rotations,
 * whatever the clocks of the processes that wrote them said, and a head signed by a
 * rotated-out key after the rotation is rejected.
 * Method: real homes through `createNoctem`/`openNoctem` on a temp LMDB; two sessions on
 * one home with their own clocks stand for two processes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock } from '../core/index.ts';
import { treeHeadMessage, type TreeHead } from '../security/index.ts';
import { createNoctem, openNoctem } from './compose.ts';

let dir: string;
const startMs = Date.UTC(2026, 10, 23);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-heads-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('verify() accepts heads the outgoing key signed while a rotation was being signed', async () => {
  const root = join(dir, 'race');
  await (await createNoctem(root, { clock: new FakeClock(startMs) })).close();
  // Session A starts rotating at +100 ms and spends a while signing; meanwhile session B
  // (another process, whose clock already reads +500 ms) appends with the living key.
  const rotating = await openNoctem(root, { clock: new FakeClock(startMs + 100) });
  const appending = await openNoctem(root, { clock: new FakeClock(startMs + 500) });
  // 999 entries after home.init: the head at 1000 is kept for good (a span boundary).
  const records = Array.from({ length: 999 }, (_, i) => ({ actor: 'person', action: 'test.during-rotation', details: { i } }));
  appending.audit.append(...records);
  rotating.identity.rotate({
    inTransaction: (writer) => rotating.audit.appendInTransaction(writer, [{ actor: 'person', action: 'identity.rotate' }]),
  });
  expect(rotating.audit.verify()).toMatchObject({ valid: true, entries: 1001 });
  await appending.close();
  await rotating.close();
});

test('verify() rejects a head signed by a rotated-out key after the rotation', async () => {
  const root = join(dir, 'stale');
  const clock = new FakeClock(startMs);
  const noctem = await createNoctem(root, { clock });
  const old = noctem.identity.livingSigner();
  clock.advance(1000);
  noctem.identity.rotate({
    inTransaction: (writer) => noctem.audit.appendInTransaction(writer, [{ actor: 'person', action: 'identity.rotate' }]),
  });
  // A thief holding the old living secret appends an entry and signs its head with it.
  noctem.audit.append({ actor: 'thief', action: 'test.forged' });
  noctem.store.write((writer) => {
    const head = Array.from(writer.range('treeHeads', { reverse: true, limit: 1 }))[0]?.value as TreeHead;
    const signature = { keySequence: old.sequence, ed25519: Buffer.from(old.signEd25519(treeHeadMessage(head))).toString('base64') };
    writer.put('treeHeads', head.count, { ...head, signature });
  });
  expect(noctem.audit.verify()).toMatchObject({ valid: false, error: { seq: 2 } });
  await noctem.close();
});
