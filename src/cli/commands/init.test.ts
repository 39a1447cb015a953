/**
 * Goal: `noctem init` creates a portable home (DESIGN.md "The home"): the layout, a config
 * holding only relative paths, an identity and a first audit entry; a home moved to another
 * folder opens and verifies there; a second `init` is refused and changes nothing.
 * Method: the in-process CLI on temp folders; one home is created per file (signing costs
 * ~1.5 s) and copied for each test that changes it; "changes nothing" compares a SHA-256
 * fingerprint of every file in the home before and after.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cli } from '../../../test/helpers/cli.ts';
import { copyHome, fingerprintHome, initHome } from '../../../test/helpers/home.ts';

let dir: string;
let template: string;
let initOutput: { home: string; name: string; did: string; encrypted: boolean };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-init-'));
  template = join(dir, 'template');
  const result = await cli(['init', '--home', template, '--name', 'Ada', '--json']);
  expect(result.code).toBe(0);
  initOutput = result.json();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('init prints the home, name, DID and encryption as JSON', () => {
  expect(initOutput).toEqual({ home: template, name: 'Ada', did: expect.stringMatching(/^did:key:z6Mk/), encrypted: false });
});

test('init creates the DESIGN.md layout with an LMDB store and a keyring', async () => {
  for (const folder of ['identity', 'store', 'checkpoints', 'exports', 'skills', 'sandbox']) {
    expect((await stat(join(template, folder))).isDirectory()).toBe(true);
  }
  expect((await stat(join(template, 'store', 'data.mdb'))).isFile()).toBe(true);
  expect((await stat(join(template, 'identity', 'keys.json'))).mode & 0o077).toBe(0);
});

test('init writes a config with a format, version, seed and no absolute path', async () => {
  const config = JSON.parse(await readFile(join(template, 'noctem.json'), 'utf8')) as Record<string, unknown>;
  expect(config).toMatchObject({ format: 'noctem-home', version: 1, name: 'Ada', encryption: null, projectionSeed: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(JSON.stringify(config)).not.toContain(tmpdir());
});

test('init records home.init as the first audit entry', async () => {
  const home = await copyHome(template, join(dir, 'audit'));
  const listed = (await cli(['audit', '--json', '--home', home])).json<{ entries: { action: string; details: unknown }[]; total: number }>();
  expect(listed.total).toBe(1);
  expect(listed.entries[0]).toMatchObject({ action: 'home.init', details: { name: 'Ada', did: initOutput.did, encrypted: false } });
});

test('init on an existing home is refused with HOME_EXISTS and changes nothing', async () => {
  const home = await copyHome(template, join(dir, 'twice'));
  const before = await fingerprintHome(home);
  const result = await cli(['init', '--home', home, '--name', 'Other', '--json']);
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ error: { code: 'HOME_EXISTS', details: { home } } });
  expect(await fingerprintHome(home)).toEqual(before);
});

test('init refuses a folder holding a store without noctem.json and keeps the store', async () => {
  const home = await copyHome(template, join(dir, 'lost-config'));
  await rm(join(home, 'noctem.json'));
  const before = await fingerprintHome(home);
  const result = await cli(['init', '--home', home, '--json']);
  expect(result.json()).toMatchObject({ error: { code: 'HOME_EXISTS' } });
  expect(await fingerprintHome(home)).toEqual(before);
});

test('init starts over in a folder left by a crashed init (stale lock)', async () => {
  const home = join(dir, 'crashed');
  await mkdir(join(home, 'store'), { recursive: true });
  await writeFile(join(home, 'store', 'data.mdb'), 'half-written');
  await writeFile(join(home, '.init.lock'), '999999999'); // No such process.
  await initHome(home);
  expect((await cli(['audit', 'verify', '--json', '--home', home])).json()).toMatchObject({ valid: true, entries: 1 });
});

test('a home moved to another folder opens there and its chains verify', async () => {
  const original = await copyHome(template, join(dir, 'before-move'));
  const moved = join(dir, 'elsewhere', 'usb-stick', 'noctem');
  await mkdir(join(dir, 'elsewhere', 'usb-stick'), { recursive: true });
  await rename(original, moved);
  const show = await cli(['identity', 'show', '--json', '--home', moved]);
  expect(show.json()).toMatchObject({ did: initOutput.did, chainValid: true });
  expect((await cli(['audit', 'verify', '--json', '--home', moved])).json()).toMatchObject({ valid: true, entries: 1 });
  const rotated = await cli(['identity', 'rotate', '--json', '--home', moved]);
  expect(rotated.code).toBe(0);
});

test('no file of a home holds the folder it was created in', async () => {
  const needle = Buffer.from(template);
  const files = Object.keys(await fingerprintHome(template)).filter((path) => !path.endsWith('/'));
  for (const file of [...files, 'store/lock.mdb']) {
    expect({ file, holdsPath: (await readFile(join(template, file))).includes(needle) }).toEqual({ file, holdsPath: false });
  }
});

test('init refuses an empty --name before touching the folder', async () => {
  const home = join(dir, 'unnamed');
  const result = await cli(['init', '--home', home, '--name', '   ']);
  expect(result.stderr).toMatch(/^error\[USAGE\]/);
  await expect(stat(home)).rejects.toMatchObject({ code: 'ENOENT' });
});
