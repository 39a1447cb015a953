/**
 * Goal: `watch` keeps the memory in step with a folder: a created file becomes
 * searchable, a modified one is re-read, a renamed one moves, a deleted one (or deleted
 * archive, or deleted subfolder) is forgotten; and the persistent queue survives a
 * restart: what was queued before is drained when a new service starts.
 * Method: a real WatchService on a temp folder with real chokidar, over a real home opened
 * through openNoctem/openMemory. Each step changes the folder and polls the store with a
 * bounded timeout (waitFor) until the change lands, then settles the service; no fixed
 * sleeps. The restart test closes the home with entries in the queue for files outside
 * the watched folder (so only the queue can bring them in), reopens it, and starts a new
 * service without calling settle().
 */
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemory, openNoctem, type Memory, type Noctem } from '../../src/daemon/index.ts';
import { WatchQueue, WatchService } from '../../src/ingest/index.ts';
import type { SourceRecord } from '../../src/recall/index.ts';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';
import { memoryProblems } from '../helpers/memory-invariants.ts';
import { waitFor } from '../helpers/wait-for.ts';

const corpus = resolve(import.meta.dirname, '../../../shared/corpora/documents');
const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };

let dir: string;
let inbox: string;
let home: string;
let noctem: Noctem;
let memory: Memory;
let service: WatchService;

async function open(): Promise<void> {
  noctem = await openNoctem(home);
  memory = await openMemory(noctem, { env, workers: 1 });
}

function startService(): WatchService {
  return new WatchService({ store: noctem.store, ingest: memory.ingest, clock: noctem.clock, onError: (error) => console.error(error) });
}

/** The paths the memory holds, sorted. */
function rememberedPaths(): string[] {
  return [...noctem.store.range('sources')].map((e) => (e.value as SourceRecord).path).sort();
}

async function sourcesOf(query: string): Promise<string[]> {
  return (await memory.recall.search(query)).map((r) => r.source);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-watch-'));
  inbox = join(dir, 'inbox');
  await mkdir(inbox);
  home = await initHome(join(dir, 'home'));
  await open();
  service = startService();
  await service.start(inbox);
}, 60_000);

afterAll(async () => {
  await service.stop();
  await noctem.close();
  await rm(dir, { recursive: true, force: true });
});

describe('WatchService', () => {
  it('WatchService makes a created file searchable', async () => {
    const path = join(inbox, 'owls.md');
    await writeFile(path, '# Owls\n\nThe barn owl hunts voles at dusk over the meadow.\n');
    await waitFor('owls.md to be remembered', () => memory.ingest.source(path) !== undefined);
    await service.settle();
    expect(await sourcesOf('barn owl voles')).toEqual([path]);
  });

  it('WatchService re-reads a modified file: the new text replaces the old', async () => {
    const path = join(inbox, 'owls.md');
    const before = memory.ingest.source(path)?.contentHash;
    await writeFile(path, '# Owls\n\nThe tawny owl calls from the beech wood at midnight.\n');
    await waitFor('owls.md to change', () => memory.ingest.source(path)?.contentHash !== before);
    await service.settle();
    expect(await sourcesOf('barn voles meadow')).toEqual([]);
    expect(await sourcesOf('tawny owl beech')).toEqual([path]);
  });

  it('WatchService follows a rename: the old path is forgotten, the new one remembered', async () => {
    const from = join(inbox, 'owls.md');
    const to = join(inbox, 'birds.md');
    await rename(from, to);
    await waitFor('the rename to land', () => memory.ingest.source(from) === undefined && memory.ingest.source(to) !== undefined);
    await service.settle();
    expect(rememberedPaths()).toEqual([to]);
    expect(await sourcesOf('tawny owl beech')).toEqual([to]);
  });

  it('WatchService forgets a deleted file and leaves no chunk, node or posting behind', async () => {
    const path = join(inbox, 'birds.md');
    await rm(path);
    await waitFor('birds.md to be forgotten', () => memory.ingest.source(path) === undefined);
    await service.settle();
    expect({ sources: rememberedPaths(), chunks: noctem.store.count('chunks'), nodes: noctem.store.count('nodes'), postings: noctem.store.count('postings') })
      .toEqual({ sources: [], chunks: 0, nodes: 0, postings: 0 });
    expect(memoryProblems(noctem.store)).toEqual([]);
  });

  it('WatchService forgets every member of a deleted archive', async () => {
    const path = join(inbox, 'pair.tar');
    await copyFile(join(corpus, 'misc/archives/tar/multi-file.tar'), path);
    await waitFor('the archive members to be remembered', () => rememberedPaths().length === 2);
    await service.settle();
    expect(rememberedPaths()).toEqual([`${path}!/file-1.txt`, `${path}!/file-2.txt`]);
    await rm(path);
    await waitFor('the archive members to be forgotten', () => rememberedPaths().length === 0);
    await service.settle();
    expect(memoryProblems(noctem.store)).toEqual([]);
  });

  it('WatchService forgets the files of a deleted subfolder', async () => {
    const folder = join(inbox, 'trips', 'alps');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'hike.md'), 'We hiked past the glacier to the hut below the ridge.\n');
    await writeFile(join(inbox, 'trips', 'sea.md'), 'The ferry crossed the strait in a force six wind.\n');
    await waitFor('the trip notes to be remembered', () => rememberedPaths().length === 2);
    await rm(join(inbox, 'trips'), { recursive: true });
    await waitFor('the trip notes to be forgotten', () => rememberedPaths().length === 0);
    await service.settle();
    expect(memoryProblems(noctem.store)).toEqual([]);
  });

  it('WatchService drains the persistent queue left by an earlier run when it starts', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside);
    const late = join(outside, 'late.md');
    const old = join(outside, 'old.md');
    await writeFile(late, 'The lighthouse keeper logs every passing trawler.\n');
    await writeFile(old, 'The orchard ladder leans against the pear tree.\n');
    expect((await memory.ingest.ingest([old])).files.ok).toBe(1);
    await service.stop();
    // Changes seen but not drained when the process stopped: only the queue knows them.
    new WatchQueue(noctem.store).push({ path: late, op: 'upsert', seenAtMs: Date.now() });
    new WatchQueue(noctem.store).push({ path: old, op: 'delete', seenAtMs: Date.now() });
    await noctem.close();

    await open();
    expect(new WatchQueue(noctem.store).size()).toBe(2);
    service = startService();
    await service.start(inbox);
    await waitFor('the queue to drain', () => new WatchQueue(noctem.store).size() === 0 && memory.ingest.source(late) !== undefined);
    expect(rememberedPaths()).toEqual([late]);
    expect(await sourcesOf('lighthouse trawler')).toEqual([late]);
  });
});

describe('noctem watch --once', () => {
  it('watch DIR --once takes in the files already there and exits', async () => {
    const folder = join(dir, 'once');
    await mkdir(folder);
    await writeFile(join(folder, 'a.md'), 'Sourdough needs a lively starter and a long proof.\n');
    await writeFile(join(folder, 'b.txt'), 'The kayak paddle floats if you drop it.\n');
    const onceHome = await initHome(join(dir, 'once-home'));
    const result = await cli(['watch', folder, '--once', '--json', '--home', onceHome], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toMatchObject({ dir: folder, ingested: 2, forgotten: 0 });
    const status = await cli(['status', '--json', '--home', onceHome], { env });
    expect(status.json()).toMatchObject({ documents: 2, queued: 0 });
  });
});
