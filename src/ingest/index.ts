/**
 * @module ingest
 * Autonomous ingestion (spec §5.3): typing by content, extraction in sandboxed worker
 * processes, safe recursive archives, chunking, then the ingest service that stores each
 * document whole (chunks, postings, vectors, memory nodes) with its audit entry, the
 * persistent watch queue and the folder watcher.
 */
export * from './extract-result.ts';
export * from './extract-files.ts';
export * from './chunker.ts';
export * from './relevance-gate.ts';
export * from './document-writer.ts';
export * from './prepare-document.ts';
export * from './ingest-service.ts';
export * from './reembed.ts';
export * from './watch-queue.ts';
export * from './watch-service.ts';
