/**
 * @module wave
 * The wave substrate (issue 4, D2, D3, D7, D13): waves on the manifold's k-NN graph.
 * This layer owns the CSR wave graph with Laplacian weights from torus geodesic distance, the
 * structure-of-arrays wave state, the propagator port and its built-in velocity-Verlet
 * implementation, the Hamiltonian (compensated sums), balanced nonary quantization, covariant
 * state transport, the Physics Oracle and the bundled faulty propagators it must reject, the
 * propagator input gate, the Adversarial Dojo and the resonance firewall (D13).
 * Everything here is pure. Port: {@link Propagator}.
 * Limits: waveNodesMax, waveEdgesMax, waveStepsMax, oracleGraphNodesMax, jacobiSweepsMax,
 * powerIterationsMax, firewallModesMax, dojoHubLeavesMax, fftSizeMax.
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
export * from './faulty-propagators.ts';
export * from './laplacian-modes.ts';
export * from './wave-input-gate.ts';
export * from './dojo-attacks.ts';
export * from './dojo.ts';
export * from './resonance-firewall.ts';
