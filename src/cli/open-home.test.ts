/**
 * Goal: opening a home is safe against the wrong key and against a foreign or damaged
 * config: encryption at rest (NOCTEM_PASSPHRASE or a prompt on a TTY) leaves no plaintext
 * in the store or the keyring; a wrong or missing passphrase, a newer home version and a
 * malformed noctem.json each give their own code and change nothing.
 * Method: the in-process CLI; one encrypted and one plain home per file, copied per test;
 * "changes nothing" compares SHA-256 fingerprints of every file before and after; the
 * plaintext checks search the raw bytes of store/data.mdb and identity/keys.json for a
 * marker, with the plain home as the control that the search finds it when it is there.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cli } from '../../test/helpers/cli.ts';
import { copyHome, fingerprintHome, initHome } from '../../test/helpers/home.ts';

const passphrase = 'correct horse battery staple';
const marker = 'MARKER-7f3a9c-do-not-leak';
let dir: string;
let encrypted: string;
let plain: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-open-'));
  encrypted = await initHome(join(dir, 'encrypted'), { env: { NOCTEM_PASSPHRASE: passphrase } });
  plain = await initHome(join(dir, 'plain'));
  for (const home of [encrypted, plain]) await writeMarker(home);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Puts the marker in the profile and in an audit entry (both live in the store). */
async function writeMarker(home: string): Promise<void> {
  const renamed = await cli(['profile', '--name', marker, '--home', home], { env: { NOCTEM_PASSPHRASE: passphrase } });
  expect(renamed.code).toBe(0);
}

async function holdsMarker(home: string, file: string): Promise<boolean> {
  return (await readFile(join(home, file))).includes(Buffer.from(marker));
}

test('init with NOCTEM_PASSPHRASE encrypts the store and seals the keyring', async () => {
  const show = await cli(['identity', 'show', '--json', '--home', encrypted], { env: { NOCTEM_PASSPHRASE: passphrase } });
  expect(show.json()).toMatchObject({ chainValid: true, keysSealed: true, name: marker });
  const config = JSON.parse(await readFile(join(encrypted, 'noctem.json'), 'utf8')) as { encryption: unknown };
  expect(config.encryption).toMatchObject({ kdf: 'scrypt', cost: 2 ** 17, blockSize: 8, parallelism: 1 });
});

test('the plaintext search finds the marker in a plain home (control)', async () => {
  expect(await holdsMarker(plain, 'store/data.mdb')).toBe(true);
});

test('an encrypted home holds no plaintext of the marker in store/data.mdb', async () => {
  expect(await holdsMarker(encrypted, 'store/data.mdb')).toBe(false);
});

test('an encrypted home\'s keyring holds ciphertext only', async () => {
  const keyring = JSON.parse(await readFile(join(encrypted, 'identity', 'keys.json'), 'utf8')) as Record<string, unknown>;
  expect(Object.keys(keyring).sort()).toEqual(['cipher', 'ciphertext', 'format', 'nonce', 'sealed', 'version']);
  expect(keyring).toMatchObject({ sealed: true, cipher: 'xchacha20-poly1305' });
  expect(await holdsMarker(encrypted, 'identity/keys.json')).toBe(false);
});

test('a wrong passphrase gives IDENTITY_PASSPHRASE_WRONG and changes nothing', async () => {
  const home = await copyHome(encrypted, join(dir, 'wrong'));
  const before = await fingerprintHome(home);
  for (const argv of [['identity', 'show'], ['identity', 'rotate'], ['profile', '--name', 'Mallory'], ['audit', 'verify']]) {
    const result = await cli([...argv, '--json', '--home', home], { env: { NOCTEM_PASSPHRASE: 'wrong horse' } });
    expect({ argv, code: result.code, error: result.json<{ error: { code: string } }>().error.code }).toEqual({ argv, code: 1, error: 'IDENTITY_PASSPHRASE_WRONG' });
  }
  expect(await fingerprintHome(home)).toEqual(before);
});

test('no passphrase off a terminal gives IDENTITY_PASSPHRASE_REQUIRED', async () => {
  const result = await cli(['identity', 'show', '--home', encrypted]);
  expect(result.code).toBe(1);
  expect(result.stderr.replace(encrypted, '<home>')).toMatchInlineSnapshot(`
    "error[IDENTITY_PASSPHRASE_REQUIRED]: The home at "<home>" is encrypted
    hint: This home is encrypted: set NOCTEM_PASSPHRASE or run on a terminal to be prompted.
    "
  `);
});

test('the passphrase is asked on a terminal when NOCTEM_PASSPHRASE is unset', async () => {
  const result = await cli(['identity', 'show', '--json', '--home', encrypted], { answers: [passphrase] });
  expect(result.json()).toMatchObject({ chainValid: true, keysSealed: true });
});

test('init --encrypt off a terminal without NOCTEM_PASSPHRASE is refused before creating anything', async () => {
  const result = await cli(['init', '--encrypt', '--json', '--home', join(dir, 'no-passphrase')]);
  expect(result.json()).toMatchObject({ error: { code: 'IDENTITY_PASSPHRASE_REQUIRED' } });
  await expect(readFile(join(dir, 'no-passphrase', 'noctem.json'))).rejects.toMatchObject({ code: 'ENOENT' });
});

test('init --encrypt on a terminal refuses two different passphrases', async () => {
  const result = await cli(['init', '--encrypt', '--json', '--home', join(dir, 'mismatch')], { answers: ['first passphrase', 'second passphrase'] });
  expect(result.json()).toMatchObject({ error: { code: 'USAGE', message: 'The two passphrases differ' } });
});

test('a home of a newer format gives HOME_VERSION_UNSUPPORTED and changes nothing', async () => {
  const home = await copyHome(plain, join(dir, 'future'));
  const configPath = join(home, 'noctem.json');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
  await writeFile(configPath, JSON.stringify({ ...config, version: 99 }));
  const before = await fingerprintHome(home);
  const result = await cli(['identity', 'show', '--home', home]);
  expect(result.code).toBe(1);
  expect(result.stderr.replace(home, '<home>')).toMatchInlineSnapshot(`
    "error[HOME_VERSION_UNSUPPORTED]: Cannot open "<home>/noctem.json": it has version 99, this build reads up to 1
    hint: Open this home with the Noctem version that wrote it, or upgrade Noctem.
    "
  `);
  expect(await fingerprintHome(home)).toEqual(before);
});

test('a malformed noctem.json gives HOME_CONFIG_INVALID and changes nothing', async () => {
  const home = await copyHome(plain, join(dir, 'malformed'));
  await writeFile(join(home, 'noctem.json'), '{"format": "noctem-home", "version": 1, "name": ');
  const before = await fingerprintHome(home);
  for (const argv of [['identity', 'show'], ['profile', '--name', 'X'], ['init']]) {
    const result = await cli([...argv, '--json', '--home', home]);
    expect({ argv, error: result.json<{ error: { code: string } }>().error.code }).toEqual({ argv, error: argv[0] === 'init' ? 'HOME_EXISTS' : 'HOME_CONFIG_INVALID' });
  }
  expect(await fingerprintHome(home)).toEqual(before);
});

test('a noctem.json that is not a Noctem config gives HOME_CONFIG_INVALID', async () => {
  const home = await copyHome(plain, join(dir, 'foreign'));
  await writeFile(join(home, 'noctem.json'), '["not", "a", "config"]');
  const result = await cli(['audit', '--json', '--home', home]);
  expect(result.json()).toMatchObject({ error: { code: 'HOME_CONFIG_INVALID' } });
});

test('an encrypted home whose noctem.json lost its encryption settings gives STORE_CORRUPT, not a crash', async () => {
  const home = await copyHome(encrypted, join(dir, 'lost-settings'));
  const configPath = join(home, 'noctem.json');
  const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
  await writeFile(configPath, JSON.stringify({ ...config, encryption: null }));
  const before = await fingerprintHome(home);
  const result = await cli(['identity', 'show', '--json', '--home', home]);
  expect(result.json()).toMatchObject({ error: { code: 'STORE_CORRUPT' } });
  expect(await fingerprintHome(home)).toEqual(before);
});

test('a home whose store folder is gone gives STORE_CORRUPT and no new store is made', async () => {
  const home = await copyHome(plain, join(dir, 'no-store'));
  await rm(join(home, 'store'), { recursive: true });
  const before = await fingerprintHome(home);
  const result = await cli(['identity', 'show', '--json', '--home', home]);
  expect(result.json()).toMatchObject({ error: { code: 'STORE_CORRUPT' } });
  expect(await fingerprintHome(home)).toEqual(before);
});
