/**
 * @module persist
 * Persistence formats (issue 5): `.nik` differential checkpoints (spec §6.1; Merkle roots per
 * DESIGN D8) and GGUF export and import (spec §6.2; Q9_0 blocks per D9). Pure codecs here;
 * file I/O lives in adapter files.
 */
export * from './nik-node.ts';
export * from './payload-codec.ts';
export * from './zstd-codec.ts';
export * from './zstd-frame-header.ts';
export * from './nik-layout.ts';
export * from './nik-cipher.ts';
export type { NikCheck, NikIssue, NikReport, NikScanLimits } from './nik-scan-fixed.ts';
export { nikScanLimitsDefault } from './nik-scan.ts';
export * from './nik-writer.ts';
export * from './nik-reader.ts';
export * from './nik-inspect.ts';
export * from './gguf-format.ts';
export * from './gguf-writer.ts';
export * from './gguf-reader.ts';
export * from './gguf-nikola-layout.ts';
export * from './gguf-manifold.ts';
export * from './vacuum-mask.ts';
export * from './node-key-order.ts';
export * from './store-value-codec.ts';
export * from './exact-sum.ts';
export * from './home-checkpoint-databases.ts';
export * from './home-checkpoint-manifest.ts';
export * from './home-checkpoint-node-page.ts';
export * from './home-checkpoint-record-page.ts';
export * from './home-checkpoint-plan.ts';
export * from './home-checkpoint-content.ts';
export * from './home-checkpoint-checks.ts';
export * from './home-checkpoint-chain.ts';
export * from './home-checkpoint-verify.ts';
export * from './checkpoint-key.ts';
