/**
 * Goal: the inbox watch that `noctem up` runs obeys the metabolism (§6.4): while ATP is below
 * its soft threshold new drains wait with their entries queued (never dropped), and every
 * drain holds an `ingestion` metabolic lock, so a nap in the same process waits for it.
 * Method: a real WatchService with real chokidar over a real home; the deferral is a flag the
 * test flips, the locks a real MetabolicLocks.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MetabolicLocks, type MetabolicLockHolder } from '../../src/autonomy/index.ts';
import { limits } from '../../src/core/index.ts';
import { openMemory, openNoctem, type Noctem } from '../../src/daemon/index.ts';
import { WatchQueue, WatchService } from '../../src/ingest/index.ts';
import { initHome } from '../helpers/home.ts';
import { waitFor } from '../helpers/wait-for.ts';

const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };
let dir: string;
let noctem: Noctem;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-watch-atp-'));
  noctem = await openNoctem(await initHome(join(dir, 'home')));
});

afterAll(async () => {
  await noctem.close();
  await rm(dir, { recursive: true, force: true });
});

test('a watch drain waits, queued, while ATP is low, and runs under an ingestion lock', async () => {
  const inbox = join(dir, 'inbox');
  await mkdir(inbox);
  const memory = await openMemory(noctem, { env, workers: 1 });
  const locks = new MetabolicLocks();
  let lowAtp = true;
  const heldDuringDrain: MetabolicLockHolder[][] = [];
  const service = new WatchService({
    store: noctem.store, ingest: memory.ingest, clock: noctem.clock, locks, deferred: () => lowAtp,
    onDrain: () => heldDuringDrain.push([...locks.held]),
  });
  await service.start(inbox);
  try {
    await writeFile(join(inbox, 'note.md'), '# Tides\n\nThe moon pulls the oceans.');
    const queue = new WatchQueue(noctem.store);
    await waitFor('the change queued', () => queue.size() === 1);
    // Several debounce periods later the entry is still queued and nothing was ingested.
    await new Promise((resolve) => setTimeout(resolve, 4 * limits.watchDebounceMs));
    expect(queue.size()).toBe(1);
    expect(noctem.store.count('sources')).toBe(0);
    lowAtp = false;
    await service.settle();
    expect(queue.size()).toBe(0);
    expect(noctem.store.count('sources')).toBe(1);
    expect(heldDuringDrain).toEqual([[expect.objectContaining({ kind: 'ingestion', label: 'watch drain' })]]);
    expect(locks.held).toEqual([]); // released after the drain
  } finally {
    await service.stop();
  }
}, 60_000);
