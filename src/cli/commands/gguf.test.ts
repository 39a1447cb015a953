/**
 * Goal: `noctem export gguf` and `noctem import gguf` keep their CLI contract: the JSON shapes,
 * exit codes, the audit entries, an export that rebuilds the home's nodes, an import that
 * makes a complete new home (nodes, index entries, k-NN edges, no chunks) or nothing at all.
 * Method: one template home made by the in-process CLI, holding 200 seeded nodes (warped
 * metrics, 10 % vacuum) written through the ingest layer's insertNodeRecord; one export and
 * one successful import shared by the tests; refusals compare the parent folder's listing or
 * the home's fingerprint before and after.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cli, type CliResult } from '../../../test/helpers/cli.ts';
import { copyHome, fingerprintHome, initHome } from '../../../test/helpers/home.ts';
import { insertNodeRecord } from '../../ingest/index.ts';
import { decodeNodeRecord, type NodeRecord } from '../../manifold/index.ts';
import { isVacuumNode, nodesFromGguf } from '../../persist/index.ts';
import { randomGgufNodes } from '../../persist/gguf-nodes.testing.ts';
import { homePaths, openLmdbHomeStore, type HomeStore } from '../../store/index.ts';

let dir: string;
let home: string;
let exportFile: string;
let exported: CliResult;
let imported: CliResult;
const nodes = randomGgufNodes(200, { seed: 3, vacuumShare: 0.1 });

async function withStore<T>(root: string, fn: (store: HomeStore) => T): Promise<T> {
  const store = openLmdbHomeStore(homePaths(root).store);
  try {
    return fn(store);
  } finally {
    await store.close();
  }
}

function storedNodes(store: HomeStore): NodeRecord[] {
  return [...store.range('nodes')].map((entry) => decodeNodeRecord(entry.value as Uint8Array));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-gguf-cli-'));
  home = await initHome(join(dir, 'home'));
  await withStore(home, (store) => store.write((writer) => nodes.forEach((node) => insertNodeRecord(writer, node, []))));
  exportFile = join(dir, 'memory.gguf');
  exported = await cli(['export', 'gguf', exportFile, '--home', home, '--json']);
  imported = await cli(['import', 'gguf', exportFile, '--home', join(dir, 'imported'), '--json']);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('export gguf prints {file, nodes, active, vacuum, bytes} and exits 0', async () => {
  const vacuum = nodes.filter(isVacuumNode).length;
  expect(exported.code).toBe(0);
  expect(exported.json()).toEqual({ file: exportFile, nodes: 200, active: 200 - vacuum, vacuum, bytes: (await readFile(exportFile)).length });
  expect(vacuum).toBeGreaterThan(0);
});

test('export gguf writes a file that rebuilds every node of the home', async () => {
  const back = nodesFromGguf(new Uint8Array(await readFile(exportFile)));
  const stored = await withStore(home, storedNodes);
  expect(back.map(({ psi: _psi, ...rest }) => rest)).toEqual(stored.map(({ psi: _psi, ...rest }) => rest));
});

test('export gguf records export.gguf in the audit log with the file hash', async () => {
  const audit = (await cli(['audit', '--home', home, '--json'])).json<{ entries: { action: string; details: Record<string, unknown> }[] }>();
  expect(audit.entries[0]).toMatchObject({ action: 'export.gguf', details: { file: exportFile, nodes: 200, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
});

test('export gguf without a FILE is a USAGE error (exit 1)', async () => {
  const result = await cli(['export', 'gguf', '--home', home, '--json']);
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ error: { code: 'USAGE' } });
});

test('export gguf into a missing folder is FILE_NOT_FOUND and writes nothing', async () => {
  const result = await cli(['export', 'gguf', join(dir, 'no-such-folder', 'm.gguf'), '--home', home, '--json']);
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ error: { code: 'FILE_NOT_FOUND' } });
});

test('import gguf prints {home, nodes} and exits 0', () => {
  expect(imported.code).toBe(0);
  expect(imported.json()).toEqual({ home: join(dir, 'imported'), nodes: 200 });
});

test('import gguf makes a home whose nodes equal the export and who has index entries, edges and no chunks', async () => {
  const original = await withStore(home, storedNodes);
  const counts = await withStore(join(dir, 'imported'), (store) => ({
    nodes: storedNodes(store), edges: store.count('edges'), chunks: store.count('chunks'), sources: store.count('sources'),
  }));
  expect(counts.nodes.map(({ psi: _psi, ...rest }) => rest)).toEqual(original.map(({ psi: _psi, ...rest }) => rest));
  expect({ edges: counts.edges, chunks: counts.chunks, sources: counts.sources }).toEqual({ edges: 200, chunks: 0, sources: 0 });
  const status = (await cli(['status', '--home', join(dir, 'imported'), '--json'])).json();
  expect(status).toMatchObject({ nodes: 200, chunks: 0, documents: 0 });
});

test('import gguf records import.gguf in the new home\'s audit log', async () => {
  const audit = (await cli(['audit', '--home', join(dir, 'imported'), '--json'])).json<{ entries: { action: string; details: Record<string, unknown> }[] }>();
  expect(audit.entries.map((e) => e.action)).toEqual(['import.gguf', 'home.init']);
  expect(audit.entries[0]!.details).toMatchObject({ file: exportFile, nodes: 200 });
});

test('import gguf into an existing folder is HOME_EXISTS and changes nothing', async () => {
  const target = await copyHome(home, join(dir, 'existing'));
  const before = await fingerprintHome(target);
  const result = await cli(['import', 'gguf', exportFile, '--home', target, '--json']);
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ error: { code: 'HOME_EXISTS' } });
  expect(await fingerprintHome(target)).toEqual(before);
});

test('import gguf without --home is a USAGE error', async () => {
  const result = await cli(['import', 'gguf', exportFile, '--json']);
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ error: { code: 'USAGE' } });
});

test('import gguf of a truncated file is a GGUF_* error and leaves no home and no staging folder', async () => {
  const cut = join(dir, 'cut.gguf');
  const whole = await readFile(exportFile);
  await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
  const before = await readdir(dir);
  const result = await cli(['import', 'gguf', cut, '--home', join(dir, 'from-cut'), '--json']);
  expect(result.code).toBe(1);
  expect(result.json<{ error: { code: string } }>().error.code).toMatch(/^GGUF_/);
  expect(await readdir(dir)).toEqual(before);
});

test('import gguf of a missing file is FILE_NOT_FOUND', async () => {
  const result = await cli(['import', 'gguf', join(dir, 'absent.gguf'), '--home', join(dir, 'from-absent'), '--json']);
  expect(result.code).toBe(1);
  expect(result.json()).toMatchObject({ error: { code: 'FILE_NOT_FOUND' } });
});
