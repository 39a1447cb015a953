/**
 * Serotonin (spec §5.1 "The Serotonin System"): stability, and the metric's restoring force.
 *
 * Events jump the level: +0.2 after a nap, +0.05 per goal completed, −0.5 on a security alert,
 * clamped to [0, 1]. While awake it drains slowly at 1e-5 per second (0.036 per hour, so six
 * waking hours cost about what one nap restores); the coupling matrix pulls it back toward 0.5
 * with a 20 000 s time constant, so a long-awake Noctem settles near S = 0.29 (the coupling
 * included), the spec's edge of "exploration mode", until it naps.
 *
 * Restoring lock (GAP-029 "Lesion S: λ → 0"): the spec's λ(S) = λ_base·(0.5 + 0.5·tanh(S − 0.5))
 * is 0.27·λ_base at S = 0, not 0. As for dopamine, we multiply it by min(1, S/0.1): λ(0) = 0,
 * continuous, the spec's map for S ≥ 0.1. docs/decisions.md "Drives".
 */
import { assert } from '../core/index.ts';
import { elasticity } from '../wave/index.ts';
import { clampUnit } from './drive-state.ts';

/** Serotonin's event jumps and waking drain. */
export const serotoninConstants = Object.freeze({
  /** Added when a nap completes. */
  napBoost: 0.2,
  /** Added per goal completed. */
  goalBoost: 0.05,
  /** Removed on a security alert. */
  securityAlertDrop: 0.5,
  /** Drained per second while awake (a constant input of the integrator). */
  wakeDrainPerS: 1e-5,
  /** S below which the restoring ramp scales λ down (λ = 0 at S = 0). */
  restoringLockLevel: 0.1,
});

/** What moved serotonin. */
export type SerotoninCause = 'nap-completed' | 'goal-completed' | 'security-alert';

/**
 * The level after an event: +0.2 (nap), +0.05 (goal), −0.5 (alert), clamped to [0, 1].
 * @param serotonin - S in [0, 1]
 * @param cause - the event
 */
export function serotoninAfter(serotonin: number, cause: SerotoninCause): number {
  assert(serotonin >= 0 && serotonin <= 1, 'S in [0, 1]');
  const { napBoost, goalBoost, securityAlertDrop } = serotoninConstants;
  const change = cause === 'nap-completed' ? napBoost : cause === 'goal-completed' ? goalBoost : -securityAlertDrop;
  return clampUnit(serotonin + change);
}

/**
 * The elasticity plasticity uses: the spec's λ(S) (wave's elasticity) times the lock ramp
 * min(1, S/0.1), so λ(0) = 0 (see the module comment). Pass it to hebbianUpdate as
 * `elasticity`.
 * @param serotonin - S in [0, 1]
 * @param lambdaBase - λ_base ≥ 0
 */
export function restoringRate(serotonin: number, lambdaBase: number): number {
  const ramp = Math.min(1, serotonin / serotoninConstants.restoringLockLevel);
  return elasticity(serotonin, lambdaBase) * ramp;
}
