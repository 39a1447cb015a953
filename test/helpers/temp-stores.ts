/**
 * Bare LMDB stores in a fresh temp folder per test: `useTempStores('noctem-plan-')` registers
 * the vitest hooks that create the folder before each test and close every store and remove
 * the folder after it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openLmdbHomeStore, type HomeStore } from '../../src/store/index.ts';

/** What {@link useTempStores} gives a test file. */
export interface TempStores {
  /** Opens (creating) store `name` in this test's folder; closed after the test. */
  newStore(name: string): HomeStore;
  /** This test's folder. */
  dir(): string;
}

/**
 * Registers the per-test folder hooks.
 * @param prefix - the temp folder's name prefix
 */
export function useTempStores(prefix: string): TempStores {
  let folder = '';
  let opened: HomeStore[] = [];
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), prefix));
    opened = [];
  });
  afterEach(async () => {
    for (const store of opened) await store.close();
    await rm(folder, { recursive: true, force: true });
  });
  return {
    newStore(name) {
      const store = openLmdbHomeStore(join(folder, name));
      opened.push(store);
      return store;
    },
    dir: () => folder,
  };
}
