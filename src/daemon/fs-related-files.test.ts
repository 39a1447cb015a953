/**
 * Goal: a thin region's ingest suggestion proposes real, not-yet-ingested document files from
 * the folders its documents came from, best named first, and never ones already in memory or
 * ones that are not documents. Method: a real home, three notes ingested from a folder that
 * also holds files never ingested.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NodeId } from '../core/index.ts';
import type { ChunkRecord } from '../recall/index.ts';
import { createNoctem, type Noctem } from './compose.ts';
import { relatedFileSuggester } from './fs-related-files.ts';
import { openMemory } from './memory.ts';

const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };
let dir: string;
let docs: string;
let noctem: Noctem;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-related-'));
  docs = join(dir, 'docs');
  await mkdir(docs);
  const notes: [string, string][] = [
    ['sourdough.md', '# Sourdough starter\n\nA sourdough starter is flour and water fermented by wild yeast.'],
    ['tides.md', '# Tides\n\nThe moon pulls the oceans and the tides rise twice a day.'],
  ];
  for (const [name, text] of notes) await writeFile(join(docs, name), text);
  noctem = await createNoctem(join(dir, 'home'), { name: 'related' });
  const memory = await openMemory(noctem, { env, workers: 1 });
  await memory.ingest.ingest(notes.map(([name, text]) => ({ path: join(docs, name), bytes: new TextEncoder().encode(text) })));
  // Written after ingestion: in the folder, not in memory.
  await writeFile(join(docs, 'sourdough-hydration.txt'), 'Hydration of a sourdough loaf.');
  await writeFile(join(docs, 'garden.md'), 'Tomatoes.');
  await writeFile(join(docs, 'sourdough.png'), 'not a document');
}, 60_000);

afterAll(async () => {
  await noctem.close();
  await rm(dir, { recursive: true, force: true });
});

describe('relatedFileSuggester', () => {
  test('proposes the folder\'s unread documents, the best-named first, never a file already in memory', () => {
    const chunkIds = new Map<NodeId, string>();
    for (const { value } of noctem.store.range('chunks')) {
      const chunk = value as ChunkRecord;
      chunkIds.set(chunk.nodeId, chunk.id);
    }
    const sourdoughNodes = [...noctem.store.range('chunks')].map(({ value }) => value as ChunkRecord).filter((c) => c.path.endsWith('sourdough.md')).map((c) => c.nodeId);
    const suggested = relatedFileSuggester(noctem.store, chunkIds)(sourdoughNodes);
    expect(suggested).toEqual([join(docs, 'sourdough-hydration.txt'), join(docs, 'garden.md')]);
  });

  test('proposes nothing when the region\'s folder is gone', async () => {
    const chunkIds = new Map<NodeId, string>();
    const nodes: NodeId[] = [];
    for (const { value } of noctem.store.range('chunks')) {
      const chunk = value as ChunkRecord;
      chunkIds.set(chunk.nodeId, chunk.id);
      nodes.push(chunk.nodeId);
    }
    await rm(docs, { recursive: true, force: true });
    expect(relatedFileSuggester(noctem.store, chunkIds)(nodes)).toEqual([]);
  });
});
