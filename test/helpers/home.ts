/**
 * Helpers for tests that work on whole homes: a template home made once per test file and
 * copied per test (creating an identity costs ~1.5 s of SLH-DSA signing), and a
 * fingerprint of every file in a home to show that a refused command changed nothing.
 */
import { createHash } from 'node:crypto';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { cli } from './cli.ts';

/**
 * Files whose bytes change on every open without any change of data: LMDB's lock file
 * holds the reader table and the pids of the processes that opened the environment.
 */
const volatileFiles = new Set(['store/lock.mdb']);

/**
 * SHA-256 of every file under `root` (except LMDB's lock file), keyed by relative path,
 * with the folders listed too, so an added, removed or changed file shows as a difference.
 */
export async function fingerprintHome(root: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      const rel = relative(root, path);
      if (entry.isDirectory()) {
        result[`${rel}/`] = 'folder';
        await walk(path);
      } else if (!volatileFiles.has(rel)) {
        result[rel] = createHash('sha256').update(await readFile(path)).digest('hex');
      }
    }
  };
  await walk(root);
  return result;
}

/** Copies the (closed) home at `template` to `target`, LMDB files included. */
export async function copyHome(template: string, target: string): Promise<string> {
  await cp(template, target, { recursive: true });
  return target;
}

/** Options for {@link initHome}. */
export interface InitHomeOptions {
  /** Extra `init` arguments (`--name`, `--encrypt`). @default [] */
  readonly args?: readonly string[];
  /** The environment (NOCTEM_PASSPHRASE). @default {} */
  readonly env?: Record<string, string>;
}

/**
 * Creates a home at `root` through the in-process CLI, failing the test if `init` fails.
 * @returns `root`
 */
export async function initHome(root: string, options: InitHomeOptions = {}): Promise<string> {
  const result = await cli(['init', '--home', root, ...(options.args ?? [])], { env: options.env ?? {} });
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}${result.stdout}`);
  return root;
}
