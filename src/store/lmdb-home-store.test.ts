/**
 * Runs the HomeStore contract (and its change-journal part) on a real LMDB in a temp dir,
 * plus LMDB-only cases: persistence across reopen and encryption at rest.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runChangeJournalContract } from './change-journal.contract.ts';
import { runHomeStoreContract, type HomeStoreSetup } from './home-store.contract.ts';
import { openLmdbHomeStore } from './lmdb-home-store.ts';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'noctem-store-'));
}

const setup: HomeStoreSetup = async () => {
  const dir = await tempDir();
  const store = openLmdbHomeStore(dir);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

runHomeStoreContract(setup);
runChangeJournalContract(setup);

test('openLmdbHomeStore() keeps data across reopen', async () => {
  const dir = await tempDir();
  try {
    const first = openLmdbHomeStore(dir);
    first.write((w) => w.put('meta', 'kept', 'yes'));
    await first.close();
    const second = openLmdbHomeStore(dir);
    expect(second.get('meta', 'kept')).toBe('yes');
    await second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('openLmdbHomeStore() with an encryption key leaves no plaintext on disk', async () => {
  const dir = await tempDir();
  try {
    const key = new Uint8Array(24).fill(9);
    const store = openLmdbHomeStore(dir, { encryptionKey: key });
    store.write((w) => w.put('meta', 'secret', 'PLAINTEXT-MARKER-1234567890'));
    expect(store.stats().encrypted).toBe(true);
    await store.close();
    const raw = await readFile(join(dir, 'data.mdb'));
    expect(raw.includes(Buffer.from('PLAINTEXT-MARKER'))).toBe(false);
    const again = openLmdbHomeStore(dir, { encryptionKey: key });
    expect(again.get('meta', 'secret')).toBe('PLAINTEXT-MARKER-1234567890');
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
