/**
 * @module daemon
 * The composition root (`compose.ts`: the only place adapters are built) and, in later
 * issues, the tick loop that drives autonomy, naps and watchers.
 */
export * from './compose.ts';
export * from './memory.ts';
export * from './memory-config.ts';
export * from './memory-actions.ts';
