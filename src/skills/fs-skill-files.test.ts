/**
 * Goal: scoped file access never reaches outside its root, even through symlinks or a
 * path swapped after the lexical check. Method: real files and symlinks in a temp folder;
 * the race is staged by replacing the checked folder with a link before the open.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { codeOfAsync } from '../../test/helpers/error-code.ts';
import { readScopedFile, writeScopedFile } from './fs-skill-files.ts';

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'noctem-scoped-'));
  root = join(base, 'scope');
  outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(root, 'in.txt'), 'inside');
  await writeFile(join(outside, 'secret.txt'), 'secret');
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

test('readScopedFile() reads a file inside the root', async () => {
  expect(await readScopedFile(join(root, 'in.txt'), root)).toBe('inside');
});

test('readScopedFile() refuses a symlink that points outside the root', async () => {
  await symlink(join(outside, 'secret.txt'), join(root, 'link.txt'));
  expect(await codeOfAsync(() => readScopedFile(join(root, 'link.txt'), root))).toBe('SKILL_CAPABILITY_DENIED');
});

test('readScopedFile() refuses a file reached through a linked folder (swapped after the check)', async () => {
  // The broker checked "<root>/sub/secret.txt" lexically; then "sub" became a link outside.
  await symlink(outside, join(root, 'sub'));
  expect(await codeOfAsync(() => readScopedFile(join(root, 'sub', 'secret.txt'), root))).toBe('SKILL_CAPABILITY_DENIED');
});

test('readScopedFile() reports a missing file as SKILL_CALL_INVALID', async () => {
  expect(await codeOfAsync(() => readScopedFile(join(root, 'nope.txt'), root))).toBe('SKILL_CALL_INVALID');
});

test('writeScopedFile() writes inside the root and creates the root on first use', async () => {
  const fresh = join(base, 'sandbox', 'skill');
  expect(await writeScopedFile(join(fresh, 'note.txt'), 'hello', fresh)).toEqual({ bytes: 5 });
  expect(await readFile(join(fresh, 'note.txt'), 'utf8')).toBe('hello');
});

test('writeScopedFile() refuses to write through a symlinked file or folder', async () => {
  await symlink(join(outside, 'secret.txt'), join(root, 'link.txt'));
  expect(await codeOfAsync(() => writeScopedFile(join(root, 'link.txt'), 'x', root))).toBe('SKILL_CAPABILITY_DENIED');
  await symlink(outside, join(root, 'sub'));
  expect(await codeOfAsync(() => writeScopedFile(join(root, 'sub', 'new.txt'), 'x', root))).toBe('SKILL_CAPABILITY_DENIED');
  expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  await expect(readFile(join(outside, 'new.txt'))).rejects.toThrow();
});
