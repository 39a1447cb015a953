/**
 * Goal: `noctem ingest` is charged ATP per chunk ingested at the home's calibrated price, and
 * the charge shows in `noctem status --json` (decisions MC2). Method: the in-process CLI on a
 * temporary home with the built-in embedder (its cache shared with the other tests).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cli } from '../../../test/helpers/cli.ts';
import { initHome } from '../../../test/helpers/home.ts';

const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };
let dir: string;
let home: string;

interface Status { chemistry: { atp: number }; chunks: number; metabolicCosts: { ingestion: number } | null }

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-ingest-cost-'));
  home = await initHome(join(dir, 'home'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

test('ingest charges calibrated ATP per chunk, visible in status --json chemistry.atp', async () => {
  const before = (await cli(['status', '--json', '--home', home], { env })).json<Status>();
  expect(before.chemistry.atp).toBe(1);
  expect(before.metabolicCosts?.ingestion).toBeGreaterThan(0);
  const docs = join(dir, 'docs');
  await mkdir(docs, { recursive: true });
  await writeFile(join(docs, 'a.md'), '# Lighthouses\n\nLighthouses guide ships along rocky coasts at night with bright rotating lamps.\n');
  const ingested = await cli(['ingest', docs, '--json', '--home', home], { env });
  expect(ingested.code).toBe(0);
  const chunks = ingested.json<{ chunks: number }>().chunks;
  expect(chunks).toBeGreaterThan(0);
  const after = (await cli(['status', '--json', '--home', home], { env })).json<Status>();
  expect(after.chemistry.atp).toBeLessThan(1);
  expect(after.chemistry.atp).toBeCloseTo(1 - (chunks * before.metabolicCosts!.ingestion) / 1000, 12);
  // Unchanged files ingest no chunk and cost nothing.
  expect((await cli(['ingest', docs, '--home', home], { env })).code).toBe(0);
  expect((await cli(['status', '--json', '--home', home], { env })).json<Status>().chemistry.atp).toBe(after.chemistry.atp);
}, 30_000);
