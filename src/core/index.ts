/**
 * @module core
 * Pure building blocks that depend on nothing of ours: errors and their catalog,
 * assertions, limits, branded ids, the clock port, and (as later issues add them) rng,
 * complex numbers, linear algebra, Hilbert curves, nonary values, Merkle trees, JCS.
 */
export * from './errors.ts';
export * from './assert.ts';
export * from './limits.ts';
export * from './ids.ts';
export * from './clock.ts';
export * from './rng.ts';
export * from './hilbert.ts';
export * from './erf.ts';
export * from './vector.ts';
export * from './crc32.ts';
export * from './hex.ts';
export * from './base58.ts';
export * from './multibase.ts';
export * from './jcs.ts';
export * from './kahan.ts';
export * from './fft.ts';
export * from './packed-symmetric.ts';
export * from './cholesky.ts';
export * from './symmetric-eigen.ts';
export * from './crc32c.ts';
export * from './merkle.ts';
export * from './nrle.ts';
export * from './q9.ts';
export * from './float16.ts';
