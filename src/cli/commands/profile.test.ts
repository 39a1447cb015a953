/**
 * Goal: `noctem profile` shows the profile of spec §6.3.1 and `--name` renames it with its
 * audit entry in the same transaction. Method: the in-process CLI on a temp home.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cli, type CliResult } from '../../../test/helpers/cli.ts';
import { initHome } from '../../../test/helpers/home.ts';

let dir: string;
let home: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-profile-cli-'));
  home = await initHome(join(dir, 'home'), { args: ['--name', 'Ada'] });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(...argv: string[]): Promise<CliResult> {
  return cli([...argv, '--json', '--home', home]);
}

test('profile shows the name, preferences, topic counts and events', async () => {
  expect((await run('profile')).json()).toMatchObject({ name: 'Ada', preferences: [], topicCounts: [], events: [] });
});

test('profile prints the profile as text', async () => {
  expect((await cli(['profile', '--home', home])).stdout).toMatchInlineSnapshot(`
    "name: Ada
    preferences: (none yet)
    topics: (none yet)
    events (0, newest 10):
    "
  `);
});

test('profile --name renames and records profile.rename in the audit log', async () => {
  expect((await run('profile', '--name', 'Ada Lovelace')).json()).toMatchObject({ name: 'Ada Lovelace' });
  expect((await run('identity', 'show')).json()).toMatchObject({ name: 'Ada Lovelace' });
  const newest = (await run('audit', '--limit', '1')).json<{ entries: unknown[] }>().entries[0];
  expect(newest).toMatchObject({ action: 'profile.rename', details: { name: 'Ada Lovelace' } });
  expect((await run('audit', 'verify')).json()).toMatchObject({ valid: true });
});

test('profile --name refuses an empty name', async () => {
  expect((await run('profile', '--name', ' ')).json()).toMatchObject({ error: { code: 'USAGE' } });
});

test('profile --name refuses a name longer than the limit and records nothing', async () => {
  const before = (await run('audit')).json<{ total: number }>().total;
  expect((await run('profile', '--name', 'x'.repeat(1000))).json()).toMatchObject({ error: { code: 'PROFILE_INVALID' } });
  expect((await run('audit')).json<{ total: number }>().total).toBe(before);
});
