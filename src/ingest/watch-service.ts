/**
 * `watch`: a folder's changes flow through the persistent queue into ingestion. Changes
 * are debounced; each drain ingests the queued upserts together, forgets the deleted
 * paths, and only then removes the entries, so a crash re-does at most one drain.
 */
import { limits, type Clock } from '../core/index.ts';
import type { MetabolicLocks } from '../autonomy/index.ts';
import type { HomeStore } from '../store/index.ts';
import { watchFolder, type FileWatcher } from './chokidar-file-watcher.ts';
import type { IngestService, IngestSummary } from './ingest-service.ts';
import { WatchQueue } from './watch-queue.ts';

/** What one drain did. */
export interface DrainReport {
  readonly ingested: IngestSummary | null;
  readonly forgotten: number;
}

/** Options for {@link WatchService}. */
export interface WatchServiceOptions {
  readonly store: HomeStore;
  readonly ingest: IngestService;
  readonly clock: Clock;
  /** Called after each drain. */
  readonly onDrain?: (report: DrainReport) => void;
  /** Called when a drain fails (the entries stay queued). */
  readonly onError?: (error: unknown) => void;
  /**
   * The metabolic locks shared with naps (spec §6.4): each drain holds an `ingestion` lock, so
   * a nap in this process waits for it and never splits a document. @default no lock
   */
  readonly locks?: MetabolicLocks;
  /**
   * True while new work must wait (ATP below its soft threshold, §6.4.1): scheduled drains are
   * put off and retried after limits.watchDeferRetryMs; the entries stay queued, never dropped.
   * @default never
   */
  readonly deferred?: () => boolean;
}

/** Watches one folder. */
export class WatchService {
  readonly #options: WatchServiceOptions;
  readonly #queue: WatchQueue;
  #watcher: FileWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: WatchServiceOptions) {
    this.#options = options;
    this.#queue = new WatchQueue(options.store);
  }

  /** Starts watching `dir`; what was queued before a restart is drained first. */
  async start(dir: string): Promise<void> {
    this.#stopped = false;
    this.#schedule();
    this.#watcher = watchFolder(dir, { queue: this.#queue, clock: this.#options.clock, onChange: () => this.#schedule() });
    await this.#watcher.ready;
  }

  /** Drains until the queue is empty (for tests and shutdown), or until stopped. */
  async settle(): Promise<void> {
    while (true) {
      await this.#draining;
      if (this.#stopped || this.#queue.size() === 0) return;
      this.#draining = this.#draining.then(async () => {
        await this.drain();
      });
    }
  }

  /** Ingests and forgets one batch of queued changes. */
  async drain(): Promise<DrainReport> {
    const lock = this.#options.locks === undefined ? undefined : await this.#options.locks.acquire('ingestion', 'watch drain');
    try {
      const entries = this.#queue.peek(limits.watchDrainEntriesMax);
      const upserts = entries.filter((e) => e.op === 'upsert').map((e) => e.path);
      const deletes = entries.filter((e) => e.op === 'delete').map((e) => e.path);
      const ingested = upserts.length === 0 ? null : await this.#options.ingest.ingest(upserts);
      let forgotten = 0;
      for (const path of deletes) if (this.#options.ingest.forget(path)) forgotten += 1;
      this.#queue.done(entries);
      const report = { ingested, forgotten };
      this.#options.onDrain?.(report);
      return report;
    } finally {
      lock?.release();
    }
  }

  /**
   * Stops watching; a drain in progress finishes, and what is still queued stays queued for
   * the next start (so a stop, such as the kill switch's, waits for one drain at most).
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#watcher?.close();
    await this.#draining;
  }

  /** Schedules the next attempt after a deferral (the queue is kept). */
  #retryLater(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#schedule(), limits.watchDeferRetryMs);
  }

  #schedule(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#draining = this.#draining
        .then(async () => {
          while (!this.#stopped && this.#queue.size() > 0) {
            if (this.#options.deferred?.() === true) {
              this.#retryLater();
              return;
            }
            await this.drain();
          }
        })
        .catch((error: unknown) => this.#options.onError?.(error));
    }, limits.watchDebounceMs);
  }
}
