/**
 * Goal: `feedback ID +1` contracts the metrics around the result's node in the same
 * transaction as the feedback record and its audit entry, keeping every metric SPD, the
 * stored k-NN graph well formed and the audit chain valid; `-1` changes no metric.
 * Method: a real home built by the in-process CLI from eight small notes (one topic, so the
 * nodes sit close), then `search`, `feedback`, `audit verify`; the store is read directly.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hexToBytes, type NodeId } from '../core/index.ts';
import {
  decodeEdgeRecord,
  decodeNodeRecord,
  isIdentityMetric,
  isPositiveDefiniteMetric,
  torusDistance,
  type NodeRecord,
} from '../manifold/index.ts';
import { readGeometryGeneration, type ChunkRecord } from '../recall/index.ts';
import { homePaths, openLmdbHomeStore, type HomeStore } from '../store/index.ts';
import { cli, type CliResult } from '../../test/helpers/cli.ts';
import { initHome } from '../../test/helpers/home.ts';
import { memoryProblems } from '../../test/helpers/memory-invariants.ts';

const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };
const notes = [
  'Tomatoes need six hours of direct sun and deep watering twice a week.',
  'Mulch the tomato beds to keep the soil moist through the summer.',
  'Prune tomato suckers so the plants put energy into the fruit.',
  'Basil grows well beside tomatoes and likes the same sunny beds.',
  'Water the garden early in the morning so the leaves dry by noon.',
  'Compost feeds the soil; turn the compost heap every two weeks.',
  'Peppers and tomatoes are both nightshades and share their pests.',
  'Stake tall tomato plants before the fruit makes them fall over.',
];

let dir: string;
let home: string;

function noctem(args: readonly string[]): Promise<CliResult> {
  return cli([...args, '--home', home, '--json'], { env });
}

async function withStore<T>(fn: (store: HomeStore) => T): Promise<T> {
  const store = openLmdbHomeStore(homePaths(home).store);
  try {
    return fn(store);
  } finally {
    await store.close();
  }
}

/** Every node record, keyed by id. */
function nodesById(store: HomeStore): Map<NodeId, NodeRecord> {
  return new Map([...store.range('nodes')].map(({ value }) => {
    const node = decodeNodeRecord(value as Uint8Array);
    return [node.id, node];
  }));
}

async function bestResult(query: string): Promise<{ id: string; nodeId: NodeId }> {
  const result = await noctem(['search', query]);
  expect(result.code, result.stderr).toBe(0);
  const [best] = result.json<{ results: { id: string }[] }>().results;
  const nodeId = await withStore((store) => (store.get('chunks', Number.parseInt(best!.id, 16)) as ChunkRecord).nodeId);
  return { id: best!.id, nodeId };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-plasticity-'));
  const docs = join(dir, 'docs');
  await mkdir(docs);
  for (const [i, text] of notes.entries()) await writeFile(join(docs, `note-${i}.md`), `# Note ${i}\n\n${text}\n`);
  home = await initHome(join(dir, 'home'));
  const ingested = await noctem(['ingest', docs]);
  expect(ingested.code, ingested.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('feedback plasticity', () => {
  test('applyFeedbackPlasticity() via `feedback ID +1` warps the result node\'s metric, keeps it SPD and shortens a co-activated edge', async () => {
    const { id, nodeId } = await bestResult('tomato sun watering');
    const before = await withStore(nodesById);
    const geometryBefore = await withStore(readGeometryGeneration);
    expect([...before.values()].every((n) => isIdentityMetric(n.metric))).toBe(true);
    const feedback = await noctem(['feedback', id, '+1']);
    expect(feedback.code, feedback.stderr + feedback.stdout).toBe(0);
    expect(await withStore(readGeometryGeneration)).toBe(geometryBefore + 1); // graph caches rebuild
    const { after, neighbours } = await withStore((store) => {
      const key = (store.get('nodeIndex', Uint8Array.of(0x6e, ...hexToBytes(nodeId))) as { key: Uint8Array }).key;
      return { after: nodesById(store), neighbours: decodeEdgeRecord(store.get('edges', key) as Uint8Array).neighbours };
    });
    const result = after.get(nodeId)!;
    expect(isIdentityMetric(result.metric)).toBe(false);
    expect(isPositiveDefiniteMetric(result.metric)).toBe(true);
    expect(neighbours.length).toBeGreaterThan(0);
    for (const { id: neighbourId } of neighbours) {
      const neighbour = after.get(neighbourId)!;
      expect(torusDistance(result.coord, neighbour.coord, result.metric)).toBeLessThan(torusDistance(result.coord, neighbour.coord));
      expect(isPositiveDefiniteMetric(neighbour.metric)).toBe(true);
    }
  });

  test('applyFeedbackPlasticity() keeps the stored graph consistent: edge records carry the node metric and re-measured, sorted lists', async () => {
    const problems = await withStore((store) => {
      const found = memoryProblems(store);
      const nodes = nodesById(store);
      for (const { key, value } of store.range('edges')) {
        const edge = decodeEdgeRecord(value as Uint8Array);
        const node = decodeNodeRecord(store.get('nodes', key as Uint8Array) as Uint8Array);
        if (isIdentityMetric(node.metric) !== (edge.metric === undefined)) found.push(`${node.id}: edge metric flag disagrees`);
        if (edge.metric !== undefined && edge.metric.some((v, k) => v !== node.metric[k])) found.push(`${node.id}: edge metric differs`);
        edge.neighbours.forEach((n, i) => {
          const expected = torusDistance(node.coord, nodes.get(n.id)!.coord, node.metric);
          if (Math.abs(n.distance - expected) > 1e-6) found.push(`${node.id} -> ${n.id}: stored ${n.distance}, measured ${expected}`);
          if (i > 0 && n.distance < edge.neighbours[i - 1]!.distance) found.push(`${node.id}: list not sorted`);
        });
      }
      return found;
    });
    expect(problems).toEqual([]);
  });

  test('recordFeedback() writes the metric change with its audit entry, and the audit chain verifies', async () => {
    const verified = await noctem(['audit', 'verify']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.json()).toMatchObject({ valid: true });
    const listed = (await noctem(['audit', '--limit', '5'])).json<{ entries: { action: string; details: { signal: number; metricsChanged: number } }[] }>();
    const entry = listed.entries.find((e) => e.action === 'recall.feedback');
    expect(entry?.details.signal).toBe(1);
    expect(entry?.details.metricsChanged).toBeGreaterThan(1);
  });

  test('recordFeedback() with -1 changes no metric', async () => {
    const { id } = await bestResult('compost heap soil');
    const before = await withStore((store) => [...store.range('nodes')].map((e) => Buffer.from(e.value as Uint8Array).toString('hex')));
    const feedback = await noctem(['feedback', id, '-1']);
    expect(feedback.code, feedback.stderr).toBe(0);
    const after = await withStore((store) => [...store.range('nodes')].map((e) => Buffer.from(e.value as Uint8Array).toString('hex')));
    expect(after).toEqual(before);
    const listed = (await noctem(['audit', '--limit', '1'])).json<{ entries: { details: { metricsChanged: number } }[] }>();
    expect(listed.entries[0]?.details.metricsChanged).toBe(0);
  });
});
