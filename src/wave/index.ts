/**
 * @module wave
 * The wave substrate (issue 4, D2, D3, D7, D13): waves on the manifold's k-NN graph.
 * This layer owns the CSR wave graph with Laplacian weights from torus geodesic distance, the
 * structure-of-arrays wave state, the propagator port and its built-in velocity-Verlet
 * implementation, the Hamiltonian (compensated sums), balanced nonary quantization, covariant
 * state transport, the Physics Oracle and the bundled faulty propagators it must reject, the
 * propagator input gate, the Adversarial Dojo, the resonance firewall (D13: time-domain
 * notches and spatial injection attenuation), the analytic energy bounds, and the runtime
 * watchdog that SCRAMs a diverging propagator (§5.5; the daemon persists its consequences).
 * Hebbian plasticity of the node metrics (§5.1) with the per-node Cholesky metric cache and
 * its first-order identity perturbation (§6.3.5), metric-aware edge reweighting, and the
 * identity field (§6.3.3) also live here, as does associative recall (D4: seeds injected,
 * a few damped steps on their neighbourhood, node energies as scores), with the identity
 * field's steady-state bias on a whole graph and Lanczos for the lowest Laplacian modes.
 * Everything here is pure except the worker-thread propagator (worker-propagator*.ts, an
 * adapter over SharedArrayBuffer, opt-in: it does not pay on 2 cores). Port: {@link Propagator}.
 * Limits: waveNodesMax, waveEdgesMax, waveStepsMax, oracleGraphNodesMax, jacobiSweepsMax,
 * powerIterationsMax, lanczosBasisMax, firewallModesMax, dojoHubLeavesMax, fftSizeMax,
 * watchdogViolationsMax, waveRecallNodesMax, waveRecallSeedsMax, waveRecallHopsMax,
 * waveWorkerThreadsMax, identityAnchorsMax.
 */
export * from './wave-graph.ts';
export * from './wave-state.ts';
export * from './wave-params.ts';
export * from './propagator.ts';
export * from './velocity-verlet.ts';
export * from './energy.ts';
export * from './nonary.ts';
export * from './state-transport.ts';
export * from './random-state.ts';
export * from './test-graphs.ts';
export * from './oracle.ts';
export * from './oracle-sampling.ts';
export * from './oracle-ring-checks.ts';
export * from './oracle-stability-checks.ts';
export * from './physics-gate.ts';
export * from './faulty-propagators.ts';
export * from './laplacian-modes.ts';
export * from './wave-input-gate.ts';
export * from './dojo-attacks.ts';
export * from './dojo.ts';
export * from './resonance-firewall.ts';
export * from './worker-propagator.ts';
export * from './energy-bounds.ts';
export * from './watchdog.ts';
export * from './injection-attenuation.ts';
export * from './wave-recall.ts';
export * from './hebbian-plasticity.ts';
export * from './metric-cache.ts';
export * from './metric-edge-weights.ts';
export * from './identity-field.ts';
export * from './lanczos-modes.ts';
export * from './identity-bias.ts';
