/**
 * The ingestion service: extracts files in worker processes, prepares each document and
 * stores documents in batched write transactions (each document whole or not at all,
 * with its audit entry in the same transaction). Unchanged files (same content hash and
 * embedder) are left alone; a changed file replaces its old chunks in the transaction
 * that adds the new ones.
 */
import { limits, type Clock } from '../core/index.ts';
import type { Projection } from '../manifold/index.ts';
import { sourceIdOf, type SourceRecord } from '../recall/index.ts';
import type { AuditLog } from '../security/index.ts';
import type { HomeStore } from '../store/index.ts';
import { putDocument, removeDocument, type PreparedDocument } from './document-writer.ts';
import { extractFiles, type ExtractFilesOptions, type FileInput } from './extract-files.ts';
import type { ExtractResult } from './extract-result.ts';
import { prepareDocument, type PrepareContext } from './prepare-document.ts';

/** A failed file in the summary. */
export interface IngestFailure {
  readonly path: string;
  readonly code: string;
  readonly reason: string;
}

/** The summary of one run (the `--json` output of `noctem ingest`). */
export interface IngestSummary {
  readonly files: { ok: number; skipped: number; failed: number; unchanged: number };
  chunks: number;
  bytes: number;
  readonly seconds: number;
  readonly failures: IngestFailure[];
  readonly skips: { path: string; reason: string }[];
}

/** Progress after each file. */
export interface IngestProgress {
  readonly files: number;
  readonly bytes: number;
  readonly chunks: number;
  readonly elapsedMs: number;
}

/** What the service runs on. */
export interface IngestPorts {
  readonly store: HomeStore;
  readonly audit: AuditLog;
  readonly projection: Projection;
  readonly clock: Clock;
  readonly prepare: PrepareContext;
  /** Extraction pool and archive limits. @default the pool's defaults */
  readonly extract?: ExtractFilesOptions;
}

/** Options for one run. */
export interface IngestOptions {
  readonly onProgress?: (progress: IngestProgress) => void;
}

/** Ingests files and folders into the home's memory. */
export class IngestService {
  readonly #ports: IngestPorts;

  constructor(ports: IngestPorts) {
    this.#ports = ports;
  }

  /** Ingests paths (files or folders) or in-memory inputs. */
  async ingest(input: readonly string[] | Iterable<FileInput> | AsyncIterable<FileInput>, options: IngestOptions = {}): Promise<IngestSummary> {
    const started = performance.now();
    const summary: IngestSummary = { files: { ok: 0, skipped: 0, failed: 0, unchanged: 0 }, chunks: 0, bytes: 0, seconds: 0, failures: [], skips: [] };
    let batch: PreparedDocument[] = [];
    let batchChunks = 0;
    const flush = (): void => {
      if (batch.length === 0) return;
      summary.chunks += this.#store(batch);
      batch = [];
      batchChunks = 0;
    };
    // Archive (on-disk path) -> the member paths it gave this run, to forget vanished members.
    const archives = new Map<string, Set<string>>();
    for await (const result of extractFiles(input as readonly string[], this.#ports.extract ?? {})) {
      if (result.path.startsWith(`${result.sourcePath}!/`)) {
        const members = archives.get(result.sourcePath) ?? new Set<string>();
        archives.set(result.sourcePath, members.add(result.path));
      }
      const prepared = await this.#handle(result, summary);
      if (prepared !== undefined) {
        batch.push(prepared);
        batchChunks += prepared.chunks.length;
        if (batch.length >= limits.ingestBatchDocumentsMax || batchChunks >= limits.ingestBatchChunksMax) flush();
      }
      options.onProgress?.({
        files: summary.files.ok + summary.files.skipped + summary.files.failed + summary.files.unchanged,
        bytes: summary.bytes,
        chunks: summary.chunks + batchChunks,
        elapsedMs: performance.now() - started,
      });
    }
    flush();
    if (archives.size > 0) this.#forgetVanishedMembers(archives);
    return { ...summary, seconds: (performance.now() - started) / 1000 };
  }

  /**
   * Removes the documents of a deleted path in one transaction: a file's own; an
   * archive's members (`path!/...`); every document under a folder. True when anything
   * was remembered.
   */
  forget(path: string): boolean {
    return this.#ports.store.write((writer) => {
      let removed = removeDocument(writer, sourceIdOf(path)) === undefined ? 0 : 1;
      if (removed === 0) {
        // An archive or a folder is never a document itself: find what it held by path.
        const inside: SourceRecord[] = [];
        for (const { value } of writer.range('sources')) {
          const source = value as SourceRecord;
          if (isInside(source, path)) inside.push(source);
        }
        for (const source of inside) removeDocument(writer, source.id);
        removed = inside.length;
      }
      if (removed === 0) return false;
      this.#ports.audit.appendInTransaction(writer, [{ actor: 'noctem', action: 'ingest.forget', details: { path, documents: removed } }]);
      return true;
    });
  }

  /** The remembered record of a path, if any. */
  source(path: string): SourceRecord | undefined {
    return this.#ports.store.get('sources', sourceIdOf(path)) as SourceRecord | undefined;
  }

  async #handle(result: ExtractResult, summary: IngestSummary): Promise<PreparedDocument | undefined> {
    if (!result.ok) {
      if (result.skipped) {
        summary.files.skipped += 1;
        summary.skips.push({ path: result.path, reason: result.reason });
      } else {
        summary.files.failed += 1;
        summary.failures.push({ path: result.path, code: result.code, reason: result.reason });
      }
      return undefined;
    }
    summary.bytes += result.sizeBytes;
    const known = this.source(result.path);
    if (known !== undefined && known.contentHash === result.contentHash && known.embedderId === this.#ports.prepare.embedder.id) {
      summary.files.unchanged += 1;
      return undefined;
    }
    summary.files.ok += 1;
    return prepareDocument(result, this.#ports.prepare);
  }

  /**
   * Removes the documents of archive members that an archive no longer holds (a changed
   * archive replaces its members as a changed file replaces its chunks). A crash before
   * this commits leaves them until the next run of the same archive, which removes them.
   */
  #forgetVanishedMembers(archives: ReadonlyMap<string, ReadonlySet<string>>): void {
    const { store, audit } = this.#ports;
    store.write((writer) => {
      const vanished: SourceRecord[] = [];
      for (const { value } of writer.range('sources')) {
        const source = value as SourceRecord;
        const seen = archives.get(source.sourcePath);
        if (seen !== undefined && source.path.startsWith(`${source.sourcePath}!/`) && !seen.has(source.path)) vanished.push(source);
      }
      for (const source of vanished) removeDocument(writer, source.id);
      if (vanished.length === 0) return;
      audit.appendInTransaction(writer, vanished.map((s) => ({ actor: 'noctem', action: 'ingest.forget', details: { path: s.path, reason: 'gone from its archive' } })));
    });
  }

  #store(batch: readonly PreparedDocument[]): number {
    const { store, audit, projection } = this.#ports;
    return store.write((writer) => {
      let chunks = 0;
      for (const document of batch) {
        const stored = putDocument(writer, projection, document);
        chunks += stored.chunkOrdinals.length;
      }
      audit.appendInTransaction(
        writer,
        batch.map((d) => ({
          actor: 'noctem',
          action: 'ingest.document',
          details: { path: d.source.path, contentHash: d.source.contentHash, chunks: d.chunks.length, untrusted: d.chunks.filter((c) => c.untrusted).length },
        })),
      );
      return chunks;
    });
  }
}

/** True when `source` came from inside the folder or archive at `path`. */
function isInside(source: SourceRecord, path: string): boolean {
  if (source.path.startsWith(`${path}/`) || source.path.startsWith(`${path}\\`)) return true;
  // A plain file in a folder named "x!" has its own path as sourcePath; a member never.
  return source.path.startsWith(`${path}!/`) && source.path !== source.sourcePath;
}
