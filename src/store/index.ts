/**
 * @module store
 * The home: its folder layout and config (`noctem.json`), and the `HomeStore` port over
 * the LMDB environment that holds nodes, chunks, indexes, drives, the queue and the audit
 * log. Ports: `HomeStore`. Adapters: `openLmdbHomeStore` (the only importer of lmdb),
 * `fs-home-files` (config and folders). Implements DESIGN "The home", D10 (durability
 * from LMDB transactions).
 */
export * from './home-store.ts';
export * from './home-layout.ts';
export * from './home-config.ts';
export { openLmdbHomeStore, type LmdbHomeStoreOptions } from './lmdb-home-store.ts';
export { discardPartialHome, prepareHomeFolders, readHomeConfig, writeHomeConfig, writeFileAtomic } from './fs-home-files.ts';
