/**
 * Goal: the command-line contract of `noctem checkpoint`, `noctem verify` and `noctem restore`:
 * their JSON shapes, text output and exit codes, and their errors (a file that exists, a file
 * that does not, a damaged file, a chain without its parent, a target that exists).
 * Method: a home made by the in-process CLI, memory written with putDocument (seeded random
 * embeddings, no embedder), then the three commands run in-process.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Xoshiro256pp } from '../../core/index.ts';
import { openNoctem } from '../../daemon/index.ts';
import { putDocument } from '../../ingest/index.ts';
import { createProjection } from '../../manifold/index.ts';
import { cli, type CliResult } from '../../../test/helpers/cli.ts';
import { randomDocument } from '../../../test/helpers/checkpoint.ts';
import { initHome } from '../../../test/helpers/home.ts';

let dir: string;
let home: string;
let full: Record<string, unknown>;
let diff: Record<string, unknown>;

function noctem(args: readonly string[]): Promise<CliResult> {
  return cli([...args, '--json'], { cwd: dir });
}

async function addDocuments(from: number, count: number): Promise<void> {
  const open = await openNoctem(home);
  try {
    const projection = createProjection(open.config.projectionSeed, 16);
    const rng = Xoshiro256pp.fromSeed(from);
    open.store.write((w) => {
      for (let n = from; n < from + count; n++) putDocument(w, projection, randomDocument(rng, n, 1));
    });
  } finally {
    await open.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-cli-checkpoint-'));
  home = await initHome(join(dir, 'home'));
  await addDocuments(0, 4);
  const first = await noctem(['checkpoint', '--home', home]);
  expect(first.code, first.stderr + first.stdout).toBe(0);
  full = first.json();
  await addDocuments(4, 2);
  const second = await noctem(['checkpoint', '--home', home, '--out', 'second.nik']);
  expect(second.code, second.stderr + second.stdout).toBe(0);
  diff = second.json();
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('noctem checkpoint', () => {
  test('prints {file, nodes, bytes, merkleRoot, parent}: a full snapshot first, then a differential naming it', () => {
    expect(Object.keys(full).sort()).toEqual(['bytes', 'encrypted', 'file', 'kind', 'merkleRoot', 'nodes', 'parent']);
    expect(full).toMatchObject({ kind: 'full', parent: null, encrypted: false, merkleRoot: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(full['file']).toMatch(new RegExp(`^${home}/checkpoints/.+-full\\.nik$`));
    expect(diff).toMatchObject({ kind: 'differential', parent: full['merkleRoot'], file: join(dir, 'second.nik') });
  });

  test('--full forces a full snapshot, and an existing --out file is refused (FILE_EXISTS)', async () => {
    const again = await noctem(['checkpoint', '--home', home, '--out', 'second.nik']);
    expect(again.code).toBe(1);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('FILE_EXISTS');
    const forced = await noctem(['checkpoint', '--home', home, '--full', '--out', 'forced.nik']);
    expect(forced.code).toBe(0);
    expect(forced.json()).toMatchObject({ kind: 'full', parent: null, nodes: full['nodes'] as number + (diff['nodes'] as number) });
  });

  test('prints a text summary without --json', async () => {
    const result = await cli(['checkpoint', '--home', home, '--out', join(dir, 'text.nik')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Wrote a differential checkpoint: .*text\.nik\n {2}\d+ nodes, \d+ bytes, Merkle root [0-9a-f]{64}\n {2}parent [0-9a-f]{64}\n$/);
  });
});

describe('noctem verify', () => {
  test('prints {valid: true, errors: []} and exits 0 for a sound file, without a home', async () => {
    const result = await cli(['verify', String(full['file']), '--json'], { cwd: dir, userHome: join(dir, 'nobody') });
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ valid: true, errors: [], kind: 'full', nodes: full['nodes'], merkleRoot: full['merkleRoot'], parent: null });
  });

  test('prints {valid: false, errors} and exits 1 for a damaged file', async () => {
    const bytes = await readFile(String(diff['file']));
    bytes[100]! ^= 0xff;
    await writeFile(join(dir, 'damaged.nik'), bytes);
    const result = await noctem(['verify', 'damaged.nik']);
    expect(result.code).toBe(1);
    const output = result.json<{ valid: boolean; errors: { check: string }[] }>();
    expect(output.valid).toBe(false);
    expect(output.errors.length).toBeGreaterThan(0);
    expect((await cli(['verify', 'damaged.nik'], { cwd: dir })).stdout).toMatch(/is INVALID \(\d+ problems?\):\n {2}\[/);
  });

  test('fails with FILE_NOT_FOUND for a missing file and USAGE without exactly one file', async () => {
    expect((await noctem(['verify', 'missing.nik'])).json<{ error: { code: string } }>().error.code).toBe('FILE_NOT_FOUND');
    const usage = await noctem(['verify']);
    expect(usage.code).toBe(1);
    expect(usage.json<{ error: { code: string } }>().error.code).toBe('USAGE');
  });
});

describe('noctem restore', () => {
  test('prints {home, files, nodes, merkleRoot} for a chain and exits 0', async () => {
    const result = await noctem(['restore', String(full['file']), 'second.nik', '--home', 'restored']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.json()).toEqual({
      home: join(dir, 'restored'), files: [full['file'], join(dir, 'second.nik')], nodes: (full['nodes'] as number) + (diff['nodes'] as number),
      merkleRoot: diff['merkleRoot'], encrypted: false,
    });
  });

  test('fails with HOME_EXISTS, NIK_PARENT_MISSING or NIK_CHAIN_ORDER, and exits 1', async () => {
    const codeOf = async (args: string[]): Promise<[number, string]> => {
      const result = await noctem(['restore', ...args]);
      return [result.code, result.json<{ error: { code: string } }>().error.code];
    };
    expect(await codeOf([String(full['file']), '--home', home])).toEqual([1, 'HOME_EXISTS']);
    expect(await codeOf(['second.nik', '--home', 'orphan'])).toEqual([1, 'NIK_PARENT_MISSING']);
    await copyFile(String(full['file']), join(dir, 'full-copy.nik'));
    expect(await codeOf(['second.nik', 'full-copy.nik', '--home', 'reversed'])).toEqual([1, 'NIK_CHAIN_ORDER']);
    expect(await codeOf(['--home', 'nothing'])).toEqual([1, 'USAGE']);
  });
});
