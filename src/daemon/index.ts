/**
 * @module daemon
 * The composition root (`compose.ts`: the only place adapters are built) and the daemon's
 * tick loop (daemon-loop.ts: drives, metabolism, boredom → goals, nap triggers) over the
 * persisted autonomy state (autonomy-state.ts), with norepinephrine's gate on the ingestion
 * and recall thresholds (drive-gate.ts). Guarded wave propagation
 * (propagator-guard.ts) turns a watchdog SCRAM into a snapshot, a blacklist entry and an audit entry.
 * The kill switch (fs-kill-switch.ts: a sentinel file in the home) stops skills and the daemon
 * (kill-halt.ts) and refuses new work until revived.
 */
export * from './compose.ts';
export * from './memory.ts';
export * from './memory-config.ts';
export * from './memory-actions.ts';
export * from './propagator-blacklist.ts';
export * from './propagator-guard.ts';
export * from './scram-snapshot.ts';
export * from './checkpoint-home.ts';
export * from './restore-home.ts';
export * from './verify-checkpoint.ts';
export * from './gguf-home.ts';
export * from './nap-service.ts';
export * from './autonomy-state.ts';
export * from './drive-gate.ts';
export * from './manifold-view.ts';
export * from './daemon-loop.ts';
export * from './nap-hook.ts';
export * from './node-cost-benchmark.ts';
export * from './metabolic-costs.ts';
export * from './fs-kill-switch.ts';
export * from './kill-halt.ts';
export * from './skill-host.ts';
