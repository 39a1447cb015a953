/**
 * Goal: `noctem doctor` reports Node, the home, the store, both chains and the sandbox
 * tiers, exits 0 when all is well and 1 when the home is missing or a chain is broken,
 * and never throws on a bad home. Method: the in-process CLI on a temp home; the sandbox
 * probes really run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AuditEntry } from '../../security/index.ts';
import { openLmdbHomeStore } from '../../store/index.ts';
import { cli } from '../../../test/helpers/cli.ts';
import { copyHome, initHome } from '../../../test/helpers/home.ts';

let dir: string;
let home: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-doctor-'));
  home = await initHome(join(dir, 'home'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('doctor reports a healthy home and exits 0', async () => {
  const result = await cli(['doctor', '--json', '--home', home]);
  expect(result.code).toBe(0);
  expect(result.json()).toMatchObject({
    ok: true,
    node: { version: process.versions.node, ok: true },
    home: { path: home, ok: true, encrypted: false },
    store: { ok: true, entries: { keyEvents: 1, audit: 1, profile: 1 } },
    identity: { did: expect.stringMatching(/^did:key:/), sequence: 0, chainValid: true, genesisPresent: true },
    audit: { valid: true, entries: 1 },
  });
  const tiers = result.json<{ sandbox: { tier: string; available: boolean }[] }>().sandbox.map((t) => t.tier);
  expect(tiers).toEqual(['quickjs', 'process', 'gvisor', 'kvm']);
});

test('doctor without a home reports it and exits 1', async () => {
  const result = await cli(['doctor', '--json', '--home', join(dir, 'absent')]);
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ ok: false, home: { ok: false, error: expect.stringMatching(/^HOME_NOT_FOUND/) } });
});

test('doctor reports a tampered audit log and exits 1', async () => {
  const tampered = await copyHome(home, join(dir, 'tampered'));
  const store = openLmdbHomeStore(join(tampered, 'store'));
  store.write((writer) => writer.put('audit', 0, { ...(writer.get('audit', 0) as AuditEntry), action: 'home.forged' }));
  await store.close();
  const result = await cli(['doctor', '--home', tampered]);
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/^FAIL audit log: 0 entries \(the entry was modified\)$/m);
});
