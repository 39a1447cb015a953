/**
 * Goal: with `recall.weights.wave` > 0 a real home's search fuses the wave signal (D4),
 * seeded from the first-stage hits or from the query's cell on the torus, reads the k-NN
 * graph from the store, and sees documents written after its first query; at weight 0 the
 * source is not built. Method: one home made by `createNoctem`, a handful of short notes
 * ingested through the real pipeline (GloVe embedder from the shared test cache), then
 * memories opened over it with different `recall` configs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNoctem, type Noctem } from './compose.ts';
import { openMemory, type Memory } from './memory.ts';
import { memoryConfigOf } from './memory-config.ts';
import type { Propagator } from '../wave/index.ts';
import { clearBlacklistedPropagator, readPropagatorBlacklist } from './propagator-blacklist.ts';
import { WaveRecallSource, waveRecallConfigDefault } from './wave-recall-source.ts';
import { selfConceptParts, waveRecallGuard } from './wave-recall-guard.ts';

const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };
const notes: readonly [string, string][] = [
  ['tides.txt', 'The moon pulls the oceans and the tides rise and fall twice a day.'],
  ['garden.txt', 'Tomatoes need six hours of direct sun and deep watering twice a week.'],
  ['bread.txt', 'Sourdough bread rises slowly because wild yeast ferments the dough overnight.'],
  ['stars.txt', 'Stars fuse hydrogen into helium and shine for billions of years.'],
  ['bees.txt', 'Honey bees dance to tell the hive where the flowers are.'],
  ['rivers.txt', 'Rivers carve valleys as water carries sand and stones to the sea.'],
];
const encoder = new TextEncoder();
let dir: string;
let noctem: Noctem;

/** The memory of the home under a `recall` config section. */
function memoryWith(recall: Record<string, unknown>): Promise<Memory> {
  return openMemory({ ...noctem, config: { ...noctem.config, recall } }, { env, workers: 1 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-wave-'));
  noctem = await createNoctem(join(dir, 'home'), { name: 'wave' });
  const memory = await memoryWith({});
  await memory.ingest.ingest(notes.map(([name, text]) => ({ path: join(dir, name), bytes: encoder.encode(text) })));
}, 60_000);

afterAll(async () => {
  await noctem.close();
  await rm(dir, { recursive: true, force: true });
});

describe('WaveRecallSource', () => {
  test('search() with wave weight > 0 returns results carrying the wave signal', async () => {
    const memory = await memoryWith({ weights: { wave: 0.5 } });
    const results = await memory.recall.search('moon and ocean tides', { k: 6 });
    expect(results[0]?.source).toBe(join(dir, 'tides.txt'));
    expect(results.some((r) => r.signals['wave'] !== undefined)).toBe(true);
    expect(results[0]?.signals['wave']).toBeDefined(); // the strongest seed's own node carries wave energy
  });

  test('search() seeds at the query\'s nearest nodes on the torus', async () => {
    const memory = await memoryWith({ weights: { bm25: 0, wave: 1 }, wave: { seeding: 'torus', seeds: 2 } });
    const results = await memory.recall.search('bees flowers hive', { k: 6 });
    expect(results).toHaveLength(notes.length);
    expect(results.every((r) => Object.keys(r.signals).join() === 'wave')).toBe(true);
  });

  test('search() with wave weight 0 gives no result a wave signal', async () => {
    const memory = await memoryWith({ wave: { seeding: 'torus' } });
    const results = await memory.recall.search('moon and ocean tides', { k: 6 });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.signals['wave'] === undefined)).toBe(true);
  });

  test('search() rebuilds its graph when the memory changes', async () => {
    const memory = await memoryWith({ weights: { wave: 1 } });
    const source = new WaveRecallSource({ store: noctem.store, projection: memory.projection, config: waveRecallConfigDefault });
    const before = await memory.recall.search('volcano lava', { k: 6 });
    await memory.ingest.ingest([{ path: join(dir, 'volcano.txt'), bytes: encoder.encode('A volcano erupts when lava and gas escape from the crust.') }]);
    const after = await memory.recall.search('volcano lava', { k: 6 });
    const volcano = after.find((r) => r.source === join(dir, 'volcano.txt'));
    expect(before.some((r) => r.source === join(dir, 'volcano.txt'))).toBe(false);
    expect(volcano?.signals['wave']).toBeDefined();
    const seeded = await source.search({ query: 'volcano lava', vector: undefined, lists: [{ signal: 'bm25', results: [{ id: volcano!.id, score: 1 }] }] });
    // The new node is in the rebuilt graph: seeding it puts it in the wave list (its rank depends on
    // the firewall, which on a 7-node memory attenuates 4 of the 7 modes).
    expect(seeded.results.map((r) => r.id)).toContain(volcano!.id);
  });

  test('memoryConfigOf() reads recall.wave over its defaults and names a bad field', () => {
    const config = memoryConfigOf({ ...noctem.config, recall: { weights: { wave: 0.2 }, wave: { seeding: 'torus', steps: 8 } } }, {});
    expect(config.weights.wave).toBe(0.2);
    expect(config.wave).toEqual({ ...waveRecallConfigDefault, seeding: 'torus', steps: 8 });
    expect(memoryConfigOf(noctem.config, {}).weights.wave).toBe(0);
    expect(() => memoryConfigOf({ ...noctem.config, recall: { wave: { seeding: 'psychic' } } }, {})).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => memoryConfigOf({ ...noctem.config, recall: { wave: { steps: 0 } } }, {})).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('WaveRecallSource under the daemon', () => {
  const diverging: Propagator = {
    name: 'diverging-test',
    advance: (state) => ({ ...state, psiRe: state.psiRe.map(() => Number.NaN) }),
  };

  test('search() skips the wave signal of a blacklisted propagator and records a SCRAM once', async () => {
    const memory = await memoryWith({});
    const source = (guarded: boolean): WaveRecallSource => new WaveRecallSource({
      store: noctem.store, projection: memory.projection, config: waveRecallConfigDefault, propagator: diverging,
      ...(guarded ? { guard: waveRecallGuard(noctem) } : {}),
    });
    const lists = [{ signal: 'bm25', results: [{ id: '00000000', score: 1 }] }];
    const first = await source(true).search({ query: 'tides', vector: undefined, lists });
    expect(first.results).toEqual([]); // the diverged field is thrown away
    expect(readPropagatorBlacklist(noctem.store).map((e) => e.name)).toContain('diverging-test');
    expect(noctem.audit.list({ limit: 1000 }).some((e) => e.action === 'wave.scram' && (JSON.parse(e.detailsJson) as { propagator?: string }).propagator === 'diverging-test')).toBe(true);
    expect((await source(true).search({ query: 'tides', vector: undefined, lists })).results).toEqual([]);
    const scrams = noctem.audit.list({ limit: 1000 }).filter((e) => e.action === 'wave.scram');
    expect(scrams).toHaveLength(1); // refused before it ran again: no second SCRAM
    clearBlacklistedPropagator(noctem, 'diverging-test');
  });

  test('search() with a self-concept biases resonance near the person\'s liked topics', async () => {
    const memory = await memoryWith({});
    const parts = await selfConceptParts(noctem, memory.embedder);
    expect(parts).toHaveLength(1); // the name only: no liked topic yet
    const withIdentity = new WaveRecallSource({
      store: noctem.store, projection: memory.projection, config: { ...waveRecallConfigDefault, identityStrength: 1 },
      selfConcept: async () => [{ vector: (await memory.embedder.embed(['bread dough yeast']))[0]!, weight: 1 }],
    });
    const without = new WaveRecallSource({ store: noctem.store, projection: memory.projection, config: { ...waveRecallConfigDefault, identityStrength: 0 } });
    const lists = [{ signal: 'bm25', results: [{ id: '00000000', score: 1 }, { id: '00000002', score: 0.5 }] }];
    const a = await withIdentity.search({ query: 'q', vector: undefined, lists });
    const b = await without.search({ query: 'q', vector: undefined, lists });
    expect(a.results.length).toBeGreaterThan(0);
    expect(a.results.map((r) => r.score)).not.toEqual(b.results.map((r) => r.score));
  });
});

describe('WaveRecallSource and the drives', () => {
  test('search() propagates with the current norepinephrine (s_eff = s/(1+N))', async () => {
    const memory = await memoryWith({});
    const seen: number[] = [];
    const spy: Propagator = { name: 'spy', advance: (state, params) => { seen.push(params.norepinephrine ?? -1); return state; } };
    const source = new WaveRecallSource({ store: noctem.store, projection: memory.projection, config: waveRecallConfigDefault, propagator: spy, norepinephrine: () => 0.7 });
    await source.search({ query: 'q', vector: undefined, lists: [{ signal: 'bm25', results: [{ id: '00000000', score: 1 }] }] });
    expect(seen).toEqual([0.7]);
  });
});
