/**
 * The persistent queue of file changes seen by `watch` (the store's `queue` database,
 * keyed by path): a restart resumes where it stopped. A newer event for a path replaces
 * the older one, so a burst of saves is ingested once.
 */
import { NoctemError, limits } from '../core/index.ts';
import type { HomeStore } from '../store/index.ts';

/** What happened to a path. */
export type WatchOp = 'upsert' | 'delete';

/** One queued change. */
export interface WatchEntry {
  readonly path: string;
  readonly op: WatchOp;
  /** When the change was seen, ms since the epoch; later events replace earlier ones. */
  readonly seenAtMs: number;
}

/** The queue over a home's store. */
export class WatchQueue {
  readonly #store: HomeStore;

  constructor(store: HomeStore) {
    this.#store = store;
  }

  /**
   * Records a change.
   * @throws {NoctemError} INGEST_LIMIT when the queue is full
   */
  push(entry: WatchEntry): void {
    this.#store.write((writer) => {
      if (writer.get('queue', entry.path) === undefined && writer.count('queue') >= limits.watchQueueEntriesMax) {
        throw new NoctemError('INGEST_LIMIT', `The watch queue holds ${limits.watchQueueEntriesMax} changes already`);
      }
      writer.put('queue', entry.path, entry);
    });
  }

  /** Up to `limit` queued changes, in path order. */
  peek(limit: number): WatchEntry[] {
    return Array.from(this.#store.range('queue', { limit }), (e) => e.value as WatchEntry);
  }

  /** Removes handled entries, unless a newer change to the same path arrived meanwhile. */
  done(entries: readonly WatchEntry[]): void {
    this.#store.write((writer) => {
      for (const entry of entries) {
        const current = writer.get('queue', entry.path) as WatchEntry | undefined;
        if (current !== undefined && current.seenAtMs <= entry.seenAtMs) writer.remove('queue', entry.path);
      }
    });
  }

  /** Changes waiting. */
  size(): number {
    return this.#store.count('queue');
  }
}
