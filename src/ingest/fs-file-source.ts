/**
 * The file-system side of extraction: walking folders for files to extract, and reading
 * one file with a size cap. The only ingest file that touches node:fs.
 *
 * Walking is recursive and sorted (so runs are repeatable). It skips names starting with
 * "." (dot-folders like .git, and dot-files like .env, which often hold secrets) and
 * node_modules. It never descends into a symlinked folder (no cycles, no escape), and
 * follows a symlinked file only when its target lies inside the root being walked.
 * Sockets, FIFOs and devices are passed over silently: reading a FIFO would block.
 */
import type { Dirent, Stats } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { limits } from '../core/index.ts';
import type { ExtractResult } from './extract-result.ts';
import { extractFailure, extractSkip } from './extract-result.ts';

/** A file to extract: read from `sourcePath` (default `path`) unless `bytes` are given. */
export interface ExtractJob {
  /** The path reported in results. */
  readonly path: string;
  /** The file to read; differs from `path` for a symlink (its target). @default path */
  readonly sourcePath?: string;
  /** The content, when the caller already holds it (nothing is read then). @default undefined */
  readonly bytes?: Uint8Array;
}

/** Options for {@link walkFiles}. */
export interface WalkOptions {
  /** Folder levels walked below each root. @default limits.walkDepthMax */
  readonly depthMax?: number;
  /** Folder entries examined in the whole walk. @default limits.walkEntriesMax */
  readonly entriesMax?: number;
}

/** What a read gives: the bytes, or the result to report instead. */
export type ReadOutcome = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly result: ExtractResult };

interface WalkState {
  readonly depthMax: number;
  readonly entriesMax: number;
  entries: number;
}

/**
 * Walks files and folders, yielding a job for each file and a result for each problem (a
 * missing root, an unreadable folder, a limit reached).
 * @param roots - files or folders; relative ones resolve against the working directory
 * @param options - depth and entry bounds
 */
export async function* walkFiles(roots: readonly string[], options: WalkOptions = {}): AsyncGenerator<ExtractJob | ExtractResult> {
  const state: WalkState = {
    depthMax: options.depthMax ?? limits.walkDepthMax,
    entriesMax: options.entriesMax ?? limits.walkEntriesMax,
    entries: 0,
  };
  for (const root of roots) {
    const path = resolve(root);
    let stats: Stats;
    try {
      // A root the person named is followed even when it is a symlink.
      stats = await stat(path);
    } catch (error) {
      yield readFailure(path, path, error);
      continue;
    }
    if (stats.isDirectory()) yield* walkFolder(path, await realpath(path), 0, state);
    else if (stats.isFile()) yield { path };
    else yield extractSkip({ path, sourcePath: path }, 'not a regular file');
  }
}

/**
 * Reads a file whole, refusing anything that is not a regular file or exceeds the cap.
 * @param path - the path reported in results
 * @param sourcePath - the file to read
 * @param sizeBytesMax - the largest file read
 */
export async function readFileCapped(path: string, sourcePath: string, sizeBytesMax: number): Promise<ReadOutcome> {
  const origin = { path, sourcePath };
  try {
    const stats = await stat(sourcePath);
    if (!stats.isFile()) return { ok: false, result: extractSkip(origin, 'not a regular file') };
    if (stats.size > sizeBytesMax) return tooLarge(origin, sizeBytesMax);
    const handle = await open(sourcePath, 'r');
    try {
      // Read one byte past the cap, so a file that grew since stat is still caught.
      const buffer = Buffer.alloc(Math.min(stats.size, sizeBytesMax) + 1);
      let filled = 0;
      for (let read = -1; read !== 0 && filled < buffer.length; filled += read) {
        read = (await handle.read(buffer, filled, buffer.length - filled, filled)).bytesRead;
      }
      if (filled > sizeBytesMax) return tooLarge(origin, sizeBytesMax);
      return { ok: true, bytes: buffer.subarray(0, filled) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, result: readFailure(path, sourcePath, error) };
  }
}

async function* walkFolder(folder: string, realRoot: string, depth: number, state: WalkState): AsyncGenerator<ExtractJob | ExtractResult> {
  const origin = { path: folder, sourcePath: folder };
  if (depth > state.depthMax) {
    yield extractFailure(origin, 'INGEST_LIMIT', `The folder is nested more than ${state.depthMax} levels deep`);
    return;
  }
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    yield readFailure(folder, folder, error);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    state.entries += 1;
    if (state.entries > state.entriesMax) {
      yield extractFailure(origin, 'INGEST_LIMIT', `The walk passed ${state.entriesMax} entries; the rest of this folder was not read`);
      return;
    }
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walkFolder(path, realRoot, depth + 1, state);
    else if (entry.isFile()) yield { path };
    else if (entry.isSymbolicLink()) {
      const job = await symlinkedFile(path, realRoot);
      if (job !== undefined) yield job;
    }
  }
}

async function symlinkedFile(path: string, realRoot: string): Promise<ExtractJob | ExtractResult | undefined> {
  try {
    const target = await realpath(path);
    const fromRoot = relative(realRoot, target);
    const inside = fromRoot !== '..' && !fromRoot.startsWith(`..${sep}`) && !isAbsolute(fromRoot);
    if (!inside) return extractSkip({ path, sourcePath: target }, 'symbolic link to a file outside the folder');
    const stats = await lstat(target);
    return stats.isFile() ? { path, sourcePath: target } : undefined;
  } catch {
    // A dangling link names nothing to extract; passing it over is the expected outcome.
    return undefined;
  }
}

function tooLarge(origin: { path: string; sourcePath: string }, sizeBytesMax: number): ReadOutcome {
  return { ok: false, result: extractFailure(origin, 'INGEST_LIMIT', `The file is larger than ${sizeBytesMax} bytes`) };
}

function readFailure(path: string, sourcePath: string, error: unknown): ExtractResult {
  const code = (error as NodeJS.ErrnoException).code;
  const origin = { path, sourcePath };
  if (code === 'ENOENT' || code === 'ENOTDIR') return extractFailure(origin, 'FILE_NOT_FOUND', `Cannot find "${sourcePath}"`);
  const message = error instanceof Error ? error.message : String(error);
  return extractFailure(origin, 'INGEST_READ_FAILED', `Cannot read "${sourcePath}": ${message}`);
}
