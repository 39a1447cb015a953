/**
 * The ingestion front door for the extraction half: give it paths (files or folders,
 * walked recursively) or `{ path, bytes? }` items, get back an async stream of results,
 * one per file and one per archive member, extracted in a pool of sandboxed worker
 * processes. The caller (the ingest service) stores what comes out.
 */
import { resolve } from 'node:path';
import type { ExtractResult } from './extract-result.ts';
import type { ExtractJob, WalkOptions } from './fs-file-source.ts';
import { walkFiles } from './fs-file-source.ts';
import type { ExtractPoolOptions } from './process-extract-pool.ts';
import { ProcessExtractPool } from './process-extract-pool.ts';

/** A file to extract; without `bytes` it is read from `path`. */
export interface FileInput {
  /** The path reported in results (resolved against the working directory for reading). */
  readonly path: string;
  /** The content, when the caller already holds it. @default undefined */
  readonly bytes?: Uint8Array;
}

/** Options for {@link extractFiles}: the pool's (workers, limits, timeouts) and the walk's. */
export interface ExtractFilesOptions extends ExtractPoolOptions, WalkOptions {}

/**
 * Extracts files in worker processes. Paths given as strings may be folders, walked
 * recursively (dot-entries and node_modules skipped, symlinks kept inside the tree);
 * results come as files finish, not in input order. Leaving the loop early stops the
 * workers. Problems with single files are results, never exceptions.
 * @param input - paths, or an (async) iterable of `{ path, bytes? }`
 * @param options - pool size, per-file time limit, memory limits, extraction limits
 * @returns the results: `ok` with text, or `skipped`, or a failure with a stable code
 * @throws {NoctemError} INGEST_OPTIONS_INVALID for bad options; INGEST_WORKER_FAILED when no worker can start
 */
export async function* extractFiles(
  input: readonly string[] | AsyncIterable<FileInput> | Iterable<FileInput>,
  options: ExtractFilesOptions = {},
): AsyncGenerator<ExtractResult> {
  const pool = new ProcessExtractPool(options);
  try {
    yield* pool.run(isPathList(input) ? walkFiles(input, options) : jobsOf(input));
  } finally {
    await pool.close();
  }
}

function isPathList(input: readonly string[] | AsyncIterable<FileInput> | Iterable<FileInput>): input is readonly string[] {
  return Array.isArray(input) && input.every((item) => typeof item === 'string');
}

async function* jobsOf(items: AsyncIterable<FileInput> | Iterable<FileInput>): AsyncGenerator<ExtractJob> {
  for await (const item of items) {
    yield item.bytes === undefined ? { path: item.path, sourcePath: resolve(item.path) } : { path: item.path, bytes: item.bytes };
  }
}
