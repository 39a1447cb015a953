/**
 * Goal: walkFiles() finds what a person means to ingest and nothing else, and
 * readFileCapped() reads only regular files within the cap. Method: a real folder tree in
 * a temporary directory, removed after each test.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractResult } from './extract-result.ts';
import type { ExtractJob } from './fs-file-source.ts';
import { readFileCapped, walkFiles } from './fs-file-source.ts';

let root: string;
let outside: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'noctem-walk-'));
  outside = await mkdtemp(join(tmpdir(), 'noctem-outside-'));
  await mkdir(join(root, 'sub', 'deeper'), { recursive: true });
  await mkdir(join(root, '.git'));
  await mkdir(join(root, 'node_modules', 'pkg'), { recursive: true });
  await writeFile(join(root, 'b.txt'), 'b');
  await writeFile(join(root, 'a.md'), '# a');
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(join(root, '.git', 'config'), 'x');
  await writeFile(join(root, 'node_modules', 'pkg', 'index.js'), 'x');
  await writeFile(join(root, 'sub', 'c.txt'), 'c');
  await writeFile(join(root, 'sub', 'deeper', 'd.txt'), 'd');
  await writeFile(join(outside, 'secret.txt'), 'outside');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

async function walk(roots: string[], options = {}): Promise<(ExtractJob | ExtractResult)[]> {
  const items: (ExtractJob | ExtractResult)[] = [];
  for await (const item of walkFiles(roots, options)) items.push(item);
  return items;
}

const relativePaths = (items: readonly (ExtractJob | ExtractResult)[]): string[] =>
  items.filter((item) => !('ok' in item)).map((item) => item.path.slice(root.length + 1));

describe('walkFiles()', () => {
  it('walkFiles() yields files in sorted order, skipping dot entries and node_modules', async () => {
    expect(relativePaths(await walk([root]))).toEqual(['a.md', 'b.txt', 'sub/c.txt', 'sub/deeper/d.txt']);
  });

  it('walkFiles() follows a symlinked file inside the root, reading its target', async () => {
    await symlink(join(root, 'b.txt'), join(root, 'link.txt'));
    const link = (await walk([root])).find((item) => item.path.endsWith('link.txt'));
    expect(link).toEqual({ path: join(root, 'link.txt'), sourcePath: join(root, 'b.txt') });
  });

  it('walkFiles() skips a symlinked file that points outside the root', async () => {
    await symlink(join(outside, 'secret.txt'), join(root, 'escape.txt'));
    const escape = (await walk([root])).find((item) => item.path.endsWith('escape.txt'));
    expect(escape).toMatchObject({ ok: false, skipped: true, reason: expect.stringMatching(/outside the folder/) });
  });

  it('walkFiles() does not descend into symlinked folders', async () => {
    await symlink(outside, join(root, 'elsewhere'));
    await symlink(join(root, 'sub'), join(root, 'loop'));
    expect(relativePaths(await walk([root]))).toEqual(['a.md', 'b.txt', 'sub/c.txt', 'sub/deeper/d.txt']);
  });

  it('walkFiles() yields a file root as it is, even a dot-file', async () => {
    expect(await walk([join(root, '.env')])).toEqual([{ path: join(root, '.env') }]);
  });

  it('walkFiles() reports a missing root with FILE_NOT_FOUND', async () => {
    expect(await walk([join(root, 'missing')])).toEqual([expect.objectContaining({ ok: false, code: 'FILE_NOT_FOUND' })]);
  });

  it('walkFiles() stops below the depth limit with INGEST_LIMIT', async () => {
    const items = await walk([root], { depthMax: 1 });
    expect(relativePaths(items)).toEqual(['a.md', 'b.txt', 'sub/c.txt']);
    expect(items).toContainEqual(expect.objectContaining({ path: join(root, 'sub', 'deeper'), code: 'INGEST_LIMIT' }));
  });
});

describe('readFileCapped()', () => {
  it('readFileCapped() reads a file within the cap', async () => {
    const read = await readFileCapped('b', join(root, 'b.txt'), 10);
    expect(read.ok && new TextDecoder().decode(read.bytes)).toBe('b');
  });

  it('readFileCapped() refuses a file over the cap with INGEST_LIMIT', async () => {
    const read = await readFileCapped('a', join(root, 'a.md'), 2);
    expect(read).toMatchObject({ ok: false, result: { code: 'INGEST_LIMIT' } });
  });

  it('readFileCapped() skips a FIFO instead of blocking on it', async () => {
    const fifo = join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(await readFileCapped(fifo, fifo, 10)).toMatchObject({ ok: false, result: { skipped: true, reason: 'not a regular file' } });
  });
});
