/**
 * Dopamine (spec §5.1 "The Dopamine System"): reward prediction error and the plasticity gate.
 *
 * Phasic update, once per reward event: the temporal-difference error δ = r + γ·V(s') − V(s),
 * with V the manifold's normalized total energy before and after (the caller measures it), is
 * folded into the tonic level by D ← clamp(D + β·δ − λ_decay·(D − D_base), 0, 1) with the
 * spec's β = 0.1, λ_decay = 0.01, D_base = 0.5 and γ = 0.95. Between events the tonic level
 * relaxes toward D_base through the coupling matrix's diagonal (drive-integrator.ts).
 *
 * Plasticity lock (GAP-029 "Lesion D: η → 0"): the spec's η(D) = η_base·(1 + tanh(D − 0.5))
 * is still 0.54·η_base at D = 0, so its own "plasticity lock" never happens. We multiply it by
 * a linear ramp min(1, D/0.1): η is exactly 0 at D = 0, continuous, and equal to the spec's map
 * for D ≥ 0.1 (the naps trigger at D < 0.2 anyway). docs/decisions.md "Drives".
 */
import { assert } from '../core/index.ts';
import { driveBaseline, learningRate } from '../wave/index.ts';
import { clampUnit } from './drive-state.ts';

/** The spec's dopamine constants. */
export const dopamineConstants = Object.freeze({
  /** γ: the TD discount factor. */
  discount: 0.95,
  /** β: how much one TD error moves D. */
  sensitivity: 0.1,
  /** λ_decay: the pull toward the baseline applied with each phasic update. */
  phasicDecay: 0.01,
  /** D below which the plasticity ramp scales η down (η = 0 at D = 0). */
  plasticityLockLevel: 0.1,
});

/** Rewards r of the events that carry one. */
export const dopamineRewards = Object.freeze({
  /** The person marked an answer helpful. */
  answerHelpful: 1,
  /** The person marked an answer unhelpful. */
  answerUnhelpful: -1,
  /** A goal was completed. */
  goalCompleted: 1,
});

/** One reward observation: r and the value V before and after (normalized total energy). */
export interface RewardSample {
  /** r, finite. */
  readonly reward: number;
  /** V(s) ≥ 0: the normalized total energy before. */
  readonly value: number;
  /** V(s') ≥ 0: the normalized total energy after. */
  readonly nextValue: number;
}

/**
 * The TD error δ = r + γ·V(s') − V(s).
 * @param sample - r, V(s), V(s')
 * @param discount - γ in [0, 1]. @default dopamineConstants.discount
 */
export function temporalDifferenceError(sample: RewardSample, discount: number = dopamineConstants.discount): number {
  const { reward, value, nextValue } = sample;
  assert(Number.isFinite(reward) && value >= 0 && nextValue >= 0 && Number.isFinite(value + nextValue), 'a finite reward and non-negative finite values');
  assert(discount >= 0 && discount <= 1, 'γ in [0, 1]');
  return reward + discount * nextValue - value;
}

/**
 * The phasic update D ← clamp(D + β·δ − λ_decay·(D − D_base), 0, 1).
 * @param dopamine - D in [0, 1]
 * @param tdError - δ, finite
 * @returns the new level in [0, 1]
 */
export function phasicDopamine(dopamine: number, tdError: number): number {
  assert(dopamine >= 0 && dopamine <= 1 && Number.isFinite(tdError), 'D in [0, 1] and a finite δ');
  const { sensitivity, phasicDecay } = dopamineConstants;
  return clampUnit(dopamine + sensitivity * tdError - phasicDecay * (dopamine - driveBaseline));
}

/**
 * The learning rate plasticity uses: the spec's η(D) = η_base·(1 + tanh(D − 0.5)) (wave's
 * learningRate) times the lock ramp min(1, D/0.1), so η(0) = 0 (see the module comment).
 * Pass it to the wave layer's hebbianUpdate as `learningRate`.
 * @param dopamine - D in [0, 1]
 * @param etaBase - η_base ≥ 0
 */
export function plasticityRate(dopamine: number, etaBase: number): number {
  const ramp = Math.min(1, dopamine / dopamineConstants.plasticityLockLevel);
  return learningRate(dopamine, etaBase) * ramp;
}
