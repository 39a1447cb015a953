/**
 * Follows a folder with chokidar: creations, changes, renames (an unlink plus an add) and
 * deletions of files and folders become entries of the persistent {@link WatchQueue}.
 */
import { watch, type FSWatcher } from 'chokidar';
import type { Clock } from '../core/index.ts';
import type { WatchQueue } from './watch-queue.ts';

/** A running watcher. */
export interface FileWatcher {
  /** Resolves once the initial scan is done. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Options for {@link watchFolder}. */
export interface WatchFolderOptions {
  readonly queue: WatchQueue;
  readonly clock: Clock;
  /** Called after each queued change (to schedule a debounced drain). */
  readonly onChange: () => void;
}

/** Starts watching `dir` (recursively; dot-files and node_modules ignored). */
export function watchFolder(dir: string, options: WatchFolderOptions): FileWatcher {
  const watcher: FSWatcher = watch(dir, {
    ignoreInitial: false,
    persistent: true,
    followSymlinks: false,
    ignored: (path: string) => /(^|[/\\])(\.[^/\\]|node_modules([/\\]|$))/.test(path.slice(dir.length)),
    awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
  });
  const push = (op: 'upsert' | 'delete') => (path: string): void => {
    options.queue.push({ path, op, seenAtMs: options.clock.nowMs() });
    options.onChange();
  };
  watcher.on('add', push('upsert'));
  watcher.on('change', push('upsert'));
  watcher.on('unlink', push('delete'));
  // chokidar misses files written into a new folder before it watches that folder (a
  // copied folder tree), so a new folder is queued whole: ingest walks it, and files it
  // already took in are unchanged. A removed folder is queued too, so files chokidar
  // never saw are forgotten with it. The initial scan's folders need neither.
  let scanned = false;
  watcher.on('addDir', (path: string) => {
    if (scanned) push('upsert')(path);
  });
  watcher.on('unlinkDir', push('delete'));
  const ready = new Promise<void>((resolve) =>
    watcher.once('ready', () => {
      scanned = true;
      resolve();
    }),
  );
  return { ready, close: () => watcher.close() };
}
