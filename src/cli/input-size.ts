/**
 * Sizes the inputs of `ingest` before it starts, so progress on a terminal can show an
 * ETA. A bounded walk by `stat` only (no reads); dot-entries and node_modules are skipped
 * as the ingest walk skips them.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { limits } from '../core/index.ts';

/** Total bytes of the files under `paths`, or undefined when the walk hits its limit. */
export async function inputSizeBytes(paths: readonly string[]): Promise<number | undefined> {
  let files = 0;
  let bytes = 0;
  const pending = [...paths];
  while (pending.length > 0) {
    const path = pending.pop()!;
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) continue;
    if (info.isDirectory()) {
      const names = await readdir(path).catch(() => [] as string[]);
      for (const name of names) if (!name.startsWith('.') && name !== 'node_modules') pending.push(join(path, name));
    } else if (info.isFile()) {
      bytes += info.size;
      files += 1;
      if (files > limits.ingestFilesMax) return undefined;
    }
  }
  return bytes;
}
