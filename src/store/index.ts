/**
 * @module store
 * The home: its folder layout and config (`noctem.json`), and the `HomeStore` port over
 * the LMDB environment that holds nodes, chunks, indexes, drives, the queue and the audit
 * log. Ports: `HomeStore`. Adapters: `openLmdbHomeStore` (its lmdb-*.ts files import lmdb),
 * `fs-home-files` (config and folders). Implements DESIGN "The home", D10 (durability
 * from LMDB transactions). Once a checkpoint has been planned, every write of a memory key
 * (`memory-databases.ts`) is journaled in the same transaction (`lmdb-change-journal.ts`), so
 * differential checkpoints read only what changed.
 */
export * from './home-store.ts';
export * from './home-layout.ts';
export * from './memory-databases.ts';
export * from './home-config.ts';
export { openLmdbHomeStore, type LmdbHomeStoreOptions } from './lmdb-home-store.ts';
export { discardPartialHome, prepareHomeFolders, readHomeConfig, writeHomeConfig, writeFileAtomic } from './fs-home-files.ts';
