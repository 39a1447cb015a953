/**
 * The physics gate (spec §5.4 Gate 1, issue 4): a propagator is admitted only when the Physics
 * Oracle (oracle.ts) accepts it and it survives every attack of the Adversarial Dojo (dojo.ts).
 * {@link runPhysicsGate} judges the built-in and every bundled faulty candidate the same way;
 * the gate itself is sound only when the built-in passes and every faulty candidate fails
 * (the spec asks 100% rejection). `noctem oracle` prints its report. Pure.
 */
import { runDojo, type DojoOptions } from './dojo.ts';
import { faultyPropagators } from './faulty-propagators.ts';
import { runOracle, type OracleMetrics, type OracleOptions } from './oracle.ts';
import { randomKnnWaveGraph } from './test-graphs.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import type { Propagator } from './propagator.ts';
import type { WaveGraph } from './wave-graph.ts';

/** Options for {@link judgePropagator} and {@link runPhysicsGate}. */
export interface PhysicsGateOptions {
  /** The graph the Oracle's graph checks and the Dojo run on. @default physicsGateGraph() */
  readonly graph?: WaveGraph;
  /** @default the Oracle's defaults */
  readonly oracle?: OracleOptions;
  /** @default the Dojo's defaults (every attack) */
  readonly dojo?: DojoOptions;
  /** Called before each propagator is judged (progress). @default none */
  readonly onJudging?: (name: string) => void;
}

/** The gate's judgement of one propagator. */
export interface PhysicsGateVerdict {
  readonly name: string;
  readonly passed: boolean;
  /** The Oracle's failure lines, then one `dojo <attack>: <why>` line per failed attack. */
  readonly failures: readonly string[];
  readonly metrics: OracleMetrics;
  /** Dojo attacks run (those the input gate rejected count as survived). */
  readonly attacks: number;
}

/** The gate run over the built-in and the bundled faulty candidates. */
export interface PhysicsGateReport {
  readonly builtin: PhysicsGateVerdict;
  readonly candidates: readonly PhysicsGateVerdict[];
  /** Dojo attacks run per propagator. */
  readonly attacks: number;
  /** True when the built-in passed and every faulty candidate failed. */
  readonly sound: boolean;
}

/**
 * The default test graph of the gate: a seeded 64-node k-NN graph on T⁹ (k = 8), the kind of
 * graph a home builds; the Oracle's ring checks add rings of their own.
 */
export function physicsGateGraph(): WaveGraph {
  return randomKnnWaveGraph(64, { k: 8, seed: 7 });
}

/**
 * Runs the Oracle and the Dojo on `propagator`.
 * @param propagator - the candidate (untrusted: throws count as failures)
 * @param options - graph, Oracle and Dojo options
 */
export function judgePropagator(propagator: Propagator, options: PhysicsGateOptions = {}): PhysicsGateVerdict {
  const graph = options.graph ?? physicsGateGraph();
  options.onJudging?.(propagator.name);
  const oracle = runOracle(propagator, graph, options.oracle);
  const dojo = runDojo(propagator, graph, options.dojo);
  const dojoFailures = dojo.attacks.filter((attack) => !attack.passed).map((attack) => `dojo ${attack.name}: ${attack.failure ?? 'failed'}`);
  return {
    name: propagator.name,
    passed: oracle.passed && dojo.passed,
    failures: [...oracle.failures, ...dojoFailures],
    metrics: oracle.metrics,
    attacks: dojo.attacks.length,
  };
}

/**
 * Judges the built-in propagator and every bundled faulty candidate on one graph.
 * @param options - graph, Oracle and Dojo options
 */
export function runPhysicsGate(options: PhysicsGateOptions = {}): PhysicsGateReport {
  const shared = { ...options, graph: options.graph ?? physicsGateGraph() };
  const builtin = judgePropagator(velocityVerletPropagator, shared);
  const candidates = faultyPropagators.map((candidate) => judgePropagator(candidate, shared));
  const sound = builtin.passed && candidates.every((candidate) => !candidate.passed);
  return { builtin, candidates, attacks: builtin.attacks, sound };
}
