/**
 * @module nap
 * Naps (issue 6, spec §6.1.3, §6.4; DESIGN D7): when Noctem naps (the triggers), and what a
 * nap does to the memory inside one store transaction: consolidation (r → 1 for strong
 * resonant nodes; transient activations cleared, nothing deleted), dream weaving (Langevin
 * noise on ψ scaled by node energy from a reseeded xoshiro256++; replay of high-error queries
 * drawn by AUTO-03's hybrid sampler with β(D, N)) and covariant transport of the stored
 * context vectors across metric changes. Pure except `napPass`, which takes a StoreWriter and
 * the replay step as data; the daemon gates, checkpoints and audits (daemon/nap-service.ts).
 * Limits: napNodesMax, napReplaysMax, napFeedbackRecordsMax, napContextVectorsMax,
 * dreamRngReseedDrawsMax.
 */
export * from './nap-triggers.ts';
export * from './consolidation.ts';
export * from './dream-noise.ts';
export * from './replay-plan.ts';
export * from './context-vector.ts';
export * from './nap-pass.ts';
