/**
 * @module autonomy
 * Noctem acting on its own (issue 6, spec §5.1 ENGS, §6.4; DESIGN D5, D6): the drives and
 * their physiology. This layer owns the drive state [dopamine, serotonin, norepinephrine, ATP],
 * the validated coupling matrix (D6: Gershgorin and eigenvalues; ATP kept out of it) with its
 * exact exponential integrator, the drive events (rewards through TD error, naps, goals,
 * security alerts, novelty), the maps the other layers read (plasticity η(D) and restoring
 * λ(S) with their locks at 0, the relevance gate τ(N), N for s_eff), metabolic cost
 * calibration (GAP-012), and the seqlock snapshot a propagation worker reads (GAP-022).
 * Everything here is pure; worker-drive-snapshot-writer.ts is a worker entry for a test and is
 * not exported. Limits: couplingMatrixSizeMax, eigenQrIterationsPerValueMax,
 * eigenBalanceSweepsMax, matrixExponentialTermsMax, driveTickMsMax, driveEventsPerTickMax,
 * driveSnapshotReadRetriesMax, costBenchmarkSamplesMax.
 */
export * from './real-eigenvalues.ts';
export * from './matrix-exponential.ts';
export * from './coupling-matrix.ts';
export * from './drive-state.ts';
export * from './dopamine.ts';
export * from './serotonin.ts';
export * from './norepinephrine.ts';
export * from './drive-event.ts';
export * from './drive-integrator.ts';
export * from './drive-snapshot.ts';
export * from './cost-calibration.ts';
export * from './energy-entropy.ts';
export * from './boredom.ts';
export * from './frontier.ts';
export * from './goals.ts';
export * from './metabolism.ts';
export * from './metabolic-lock.ts';
export * from './toroidal-kmeans.ts';
export * from './replay-sampling.ts';
