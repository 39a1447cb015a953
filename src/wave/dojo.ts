/**
 * The Adversarial Dojo (spec §5.4 "Adversarial Code Dojo", issue 4): the Physics Oracle's red
 * team. Each attack of dojo-attacks.ts is first put to the input gate (wave-input-gate.ts); a
 * rejected attack counts as survived (the runtime runs every propagator behind the gate), and
 * the candidate never sees it. An admitted attack is run on the candidate, which survives when:
 * it does not throw; ψ, v and a stay finite; max|ψ| ≤ 4 (the nonary clamp); and the energy H
 * stays bounded: H_end ≤ energyGrowthMax·(H_0 + V_clamp + W), where V_clamp bounds the potential
 * energy any clamped field can hold (coupling ≤ A²·Σᵢdegreeᵢ, quartic ≤ Σᵢ β·mᵢ·A⁴/4, A = 4) and
 * W bounds the kinetic energy emitters can sustain against damping (energy-bounds.ts).
 * Pure: every attack is seeded.
 */
import { waveEnergy } from './energy.ts';
import { waveEnergyBound } from './energy-bounds.ts';
import { dojoAttacks, type DojoAttack, type DojoAttackConfig, type DojoScenario } from './dojo-attacks.ts';
import { waveInputProblems } from './wave-input-gate.ts';
import { nonaryAmplitudeMax } from './wave-params.ts';
import { amplitudeMaxOf, isFiniteWaveState, type WaveState } from './wave-state.ts';
import type { Propagator } from './propagator.ts';
import type { WaveGraph } from './wave-graph.ts';

/** Options for {@link runDojo}. */
export interface DojoOptions {
  /** Steps per attack. @default 300 */
  readonly steps?: number;
  /** Seed of the random states. @default 1 */
  readonly seed?: number;
  /** dt as a fraction of the stable step. @default 0.5 */
  readonly timeStepFraction?: number;
  /** Leaves of the hub attack. @default 3000 */
  readonly hubLeaves?: number;
  /** Allowed energy growth factor over the bound in the module comment. @default 4 */
  readonly energyGrowthMax?: number;
  /** The attacks to run. @default dojoAttacks (all) */
  readonly attacks?: readonly DojoAttack[];
}

/** The outcome of one attack. */
export interface DojoAttackResult {
  readonly name: string;
  readonly passed: boolean;
  /** Why the candidate failed; absent when passed. */
  readonly failure?: string;
  /** Why the gate rejected the attack up front (a pass); absent when the candidate ran it. */
  readonly rejected?: string;
}

/** The Dojo's judgement of one propagator. */
export interface DojoVerdict {
  readonly passed: boolean;
  readonly attacks: readonly DojoAttackResult[];
}

/**
 * Runs every attack against `propagator`.
 * @param propagator - the candidate (untrusted: a throw is a failure, not a crash)
 * @param graph - the graph the attacks run on (small: tens to hundreds of nodes)
 * @param options - steps, seed, dt fraction, hub size, energy bound, attack list
 */
export function runDojo(propagator: Propagator, graph: WaveGraph, options: DojoOptions = {}): DojoVerdict {
  const config: DojoAttackConfig = {
    steps: options.steps ?? 300,
    seed: options.seed ?? 1,
    timeStepFraction: options.timeStepFraction ?? 0.5,
    hubLeaves: options.hubLeaves ?? 3000,
  };
  const energyGrowthMax = options.energyGrowthMax ?? 4;
  const results = (options.attacks ?? dojoAttacks).map((attack) => runAttack(propagator, graph, attack, config, energyGrowthMax));
  return { passed: results.every((result) => result.passed), attacks: results };
}

function runAttack(propagator: Propagator, graph: WaveGraph, attack: DojoAttack, config: DojoAttackConfig, growthMax: number): DojoAttackResult {
  const scenario = attack.setup(graph, config);
  const problems = waveInputProblems(scenario.state, scenario.params);
  if (problems.length > 0) return { name: attack.name, passed: true, rejected: problems.join('; ') };
  let end: WaveState;
  // A candidate is untrusted code: whatever it throws, assertions included, is its failure.
  try {
    end = propagator.advance(scenario.state, scenario.params, { steps: scenario.steps });
  } catch (error) {
    return { name: attack.name, passed: false, failure: `threw ${error instanceof Error ? error.message : String(error)}` };
  }
  const failure = survivalFailure(scenario, end, growthMax);
  return failure === undefined ? { name: attack.name, passed: true } : { name: attack.name, passed: false, failure };
}

/** Why `end` is not a survivable outcome of `scenario`, or undefined. */
function survivalFailure(scenario: DojoScenario, end: WaveState, growthMax: number): string | undefined {
  if (end.psiRe.length !== scenario.state.psiRe.length) return 'returned a state of another size';
  if (!isFiniteWaveState(end)) return 'produced NaN or Inf';
  const amplitude = amplitudeMaxOf(end);
  if (!(amplitude <= nonaryAmplitudeMax * (1 + 1e-12))) return `left |ψ| = ${amplitude} above the clamp ${nonaryAmplitudeMax}`;
  const { params, state } = scenario;
  const bound = waveEnergyBound(state, params, { energyGrowthMax: growthMax });
  const energy = waveEnergy(end, params).total;
  if (!(energy <= bound)) return `energy ${energy} above the bound ${bound}`;
  return undefined;
}
