/**
 * Goal: the file-system vault passes the KeyVault contract plain and sealed, never
 * overwrites a damaged keyring, and tells a wrong passphrase from damage.
 * Method: real files in a temporary folder; damaged files are compared byte for byte
 * before and after the failed operation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFsKeyVault } from './fs-key-vault.ts';
import { runKeyVaultContract, sampleKeyringEntry } from './key-vault.contract.ts';

const sealingKey = new Uint8Array(32).fill(7);

async function fixture(sealed: boolean): Promise<{ vault: ReturnType<typeof openFsKeyVault>; scratchDir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'noctem-vault-'));
  const vault = openFsKeyVault(join(dir, 'keys.json'), sealed ? { sealingKey } : {});
  return { vault, scratchDir: dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

runKeyVaultContract('fs, plain', () => fixture(false));
runKeyVaultContract('fs, sealed', () => fixture(true));

describe('openFsKeyVault()', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'noctem-vault-'));
    path = join(dir, 'keys.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('openFsKeyVault() writes a plain keyring with a warning when there is no passphrase', async () => {
    openFsKeyVault(path).add([sampleKeyringEntry(1)]);
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect([file['sealed'], typeof file['warning']]).toEqual([false, 'string']);
  });

  it('openFsKeyVault() seals the keyring so the seed does not appear in the file', async () => {
    const entry = sampleKeyringEntry(1);
    openFsKeyVault(path, { sealingKey }).add([entry]);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('"sealed": true');
    expect(text).not.toContain(entry.keyId);
  });

  it('openFsKeyVault() writes keys.json readable by the owner only and leaves no temporary file', async () => {
    openFsKeyVault(path).add([sampleKeyringEntry(1)]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['keys.json']);
  });

  it('list() reports a wrong sealing key with IDENTITY_PASSPHRASE_WRONG', () => {
    openFsKeyVault(path, { sealingKey }).add([sampleKeyringEntry(1)]);
    const wrong = openFsKeyVault(path, { sealingKey: new Uint8Array(32).fill(8) });
    expect(() => wrong.list()).toThrow(expect.objectContaining({ code: 'IDENTITY_PASSPHRASE_WRONG' }));
  });

  it('list() asks for the passphrase when the keyring is sealed and none was given', () => {
    openFsKeyVault(path, { sealingKey }).add([sampleKeyringEntry(1)]);
    expect(() => openFsKeyVault(path).list()).toThrow(expect.objectContaining({ code: 'IDENTITY_PASSPHRASE_REQUIRED' }));
  });

  it('list() refuses a plain keyring in a home with a passphrase', () => {
    openFsKeyVault(path).add([sampleKeyringEntry(1)]);
    expect(() => openFsKeyVault(path, { sealingKey }).list()).toThrow(expect.objectContaining({ code: 'IDENTITY_KEYS_CORRUPT' }));
  });

  it('add() fails on a truncated keyring with IDENTITY_KEYS_CORRUPT and leaves it untouched', async () => {
    openFsKeyVault(path).add([sampleKeyringEntry(1), sampleKeyringEntry(2)]);
    const whole = await readFile(path);
    const truncated = whole.subarray(0, whole.length >> 1);
    await writeFile(path, truncated);
    expect(() => openFsKeyVault(path).add([sampleKeyringEntry(3)])).toThrow(expect.objectContaining({ code: 'IDENTITY_KEYS_CORRUPT' }));
    expect(Buffer.compare(await readFile(path), truncated)).toBe(0);
  });

  it('remove() fails on a damaged sealed keyring and leaves it untouched', async () => {
    openFsKeyVault(path, { sealingKey }).add([sampleKeyringEntry(1)]);
    const damaged = (await readFile(path, 'utf8')).replace('"nonce": "u', '"nonce": "uA');
    await writeFile(path, damaged);
    expect(() => openFsKeyVault(path, { sealingKey }).remove([sampleKeyringEntry(1).keyId])).toThrow(
      expect.objectContaining({ code: 'IDENTITY_KEYS_CORRUPT' }),
    );
    expect(await readFile(path, 'utf8')).toBe(damaged);
  });

  it('list() rejects a keyring whose seed was cut short', async () => {
    openFsKeyVault(path).add([sampleKeyringEntry(1)]);
    const file = JSON.parse(await readFile(path, 'utf8')) as { keys: Record<string, { seed: string }> };
    for (const entry of Object.values(file.keys)) entry.seed = entry.seed.slice(0, 40);
    await writeFile(path, JSON.stringify(file));
    expect(() => openFsKeyVault(path).list()).toThrow(expect.objectContaining({ code: 'IDENTITY_KEYS_CORRUPT' }));
  });

  it('list() rejects a keyring larger than the limit', async () => {
    await writeFile(path, Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(() => openFsKeyVault(path).list()).toThrow(expect.objectContaining({ code: 'IDENTITY_KEYS_CORRUPT' }));
  });
});
