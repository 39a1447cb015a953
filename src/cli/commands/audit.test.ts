/**
 * Goal: `noctem audit` lists the log newest first within its limit, and `noctem audit
 * verify` answers `{valid, entries}` with exit 0, or exit 1 once the stored log is
 * tampered with behind Noctem's back.
 * Method: the in-process CLI on one home per file, copied per test; tampering goes through
 * the real LMDB store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AuditEntry } from '../../security/index.ts';
import { openLmdbHomeStore } from '../../store/index.ts';
import { cli, type CliResult } from '../../../test/helpers/cli.ts';
import { copyHome, initHome } from '../../../test/helpers/home.ts';

let dir: string;
let home: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-audit-cli-'));
  home = await initHome(join(dir, 'home'), { args: ['--name', 'Ada'] });
  for (const name of ['Ada B', 'Ada C']) expect((await run(home, 'profile', '--name', name)).code).toBe(0);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(at: string, ...argv: string[]): Promise<CliResult> {
  return cli([...argv, '--json', '--home', at]);
}

test('audit lists entries newest first with the total', async () => {
  const listed = (await run(home, 'audit')).json<{ total: number; entries: { seq: number; action: string; details: unknown }[] }>();
  expect(listed.total).toBe(3);
  expect(listed.entries.map((e) => [e.seq, e.action, e.details])).toEqual([
    [2, 'profile.rename', { name: 'Ada C' }],
    [1, 'profile.rename', { name: 'Ada B' }],
    [0, 'home.init', expect.objectContaining({ name: 'Ada' })],
  ]);
});

test('audit --limit N lists the N newest entries', async () => {
  const listed = (await run(home, 'audit', '--limit', '1')).json<{ entries: { seq: number }[] }>();
  expect(listed.entries.map((e) => e.seq)).toEqual([2]);
});

test('audit prints one line per entry as text', async () => {
  const result = await cli(['audit', '--home', home]);
  expect(result.stdout.split('\n')[0]).toBe('3 entries (newest first)');
  expect(result.stdout).toMatch(/^ {5}2 {2}2026-01-01T00:00:00\.000Z {2}person {3}profile\.rename {2}\{"name":"Ada C"\}$/m);
});

test('audit verify answers valid with the entry count and exits 0', async () => {
  const result = await run(home, 'audit', 'verify');
  expect(result.code).toBe(0);
  expect(result.json()).toMatchObject({ valid: true, entries: 3 });
});

test('audit verify exits 1 and names the entry when one was modified', async () => {
  const tampered = await copyHome(home, join(dir, 'modified'));
  const store = openLmdbHomeStore(join(tampered, 'store'));
  store.write((writer) => writer.put('audit', 1, { ...(writer.get('audit', 1) as AuditEntry), actor: 'mallory' }));
  await store.close();
  const result = await run(tampered, 'audit', 'verify');
  expect(result.code).toBe(1);
  expect(result.json()).toEqual({ valid: false, entries: 1, treeHeads: 0, error: { seq: 1, reason: 'the entry was modified' } });
  expect((await cli(['audit', 'verify', '--home', tampered])).stdout).toMatchInlineSnapshot(`
    "The audit log is INVALID at entry 1: the entry was modified
    "
  `);
});

test('audit verify exits 1 when the newest entry was deleted', async () => {
  const tampered = await copyHome(home, join(dir, 'truncated'));
  const store = openLmdbHomeStore(join(tampered, 'store'));
  store.write((writer) => writer.remove('audit', 2));
  await store.close();
  const result = await run(tampered, 'audit', 'verify');
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ valid: false, error: { reason: expect.stringMatching(/deleted/) } });
});
