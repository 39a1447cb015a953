/**
 * @module ingest
 * Autonomous ingestion (spec §5.3): typing by content, extraction in sandboxed worker
 * processes, safe recursive archives, chunking, then the ingest service that stores each
 * document whole (chunks, postings, vectors, memory nodes) with its audit entry, the
 * persistent watch queue and the folder watcher.
 *
 * Extraction (`extractFiles`): files run in a pool of child processes (`ProcessExtractPool`)
 * under a V8 heap cap, `prlimit --data/--cpu` where available, and a per-file wall-clock
 * kill; a parser that hangs, crashes or exhausts memory costs only its file
 * (INGEST_WORKER_FAILED), and the files queued behind it on that worker (each worker has
 * a small window of jobs in flight, so small files cost about one message each) are re-run
 * on a fresh one. Archives (zip, tar, gzip, tar.gz) are opened recursively in
 * memory (nothing is written to disk), at most `archiveDepthMax` deep, under one
 * expansion budget per root file (bytes counted while streaming, ratio, entry count);
 * absolute, `..`, link and device members are refused (INGEST_ARCHIVE_UNSAFE). Limits:
 * `ingestFileSizeBytesMax`, `archive*`, `extract*`, `walk*`, `chunk*` in core/limits.ts.
 */
export * from './extract-result.ts';
export * from './extract-files.ts';
export * from './chunker.ts';
export * from './detect-type.ts';
export * from './extracted-document.ts';
export * from './extract-limits.ts';
export * from './extract-buffer.ts';
export * from './process-extract-pool.ts';
export { walkFiles, type ExtractJob, type WalkOptions } from './fs-file-source.ts';
export * from './relevance-gate.ts';
export * from './document-writer.ts';
export { insertNodeRecord } from './node-writer.ts';
export * from './prepare-document.ts';
export * from './ingest-service.ts';
export * from './reembed.ts';
export * from './watch-queue.ts';
export * from './watch-service.ts';
