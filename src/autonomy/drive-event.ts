/**
 * The external inputs I_ext of the drive dynamics (spec §5.1 GAP-005) as events. Each event is
 * an impulse: it jumps the levels at once, and the integrator's continuous flow carries them
 * back toward baseline afterwards.
 *
 * | event            | dopamine                         | serotonin | norepinephrine |
 * |------------------|----------------------------------|-----------|----------------|
 * | answer-feedback  | TD update with r = ±1            |           |                |
 * | goal-completed   | TD update with r = +1            | +0.05     |                |
 * | nap-completed    |                                  | +0.2      |                |
 * | security-alert   |                                  | −0.5      | +0.5           |
 * | novelty          |                                  |           | +0.3 × novelty |
 */
import { assert, unreachable } from '../core/index.ts';
import { dopamineRewards, phasicDopamine, temporalDifferenceError } from './dopamine.ts';
import { norepinephrineAfter } from './norepinephrine.ts';
import { serotoninAfter } from './serotonin.ts';
import type { DriveState } from './drive-state.ts';

/** V(s) and V(s'): the manifold's normalized total energy before and after, both ≥ 0. */
export interface ValueChange {
  readonly value: number;
  readonly nextValue: number;
}

/** One external input to the drives. */
export type DriveEvent =
  | ({ readonly kind: 'answer-feedback'; readonly helpful: boolean } & ValueChange)
  | ({ readonly kind: 'goal-completed' } & ValueChange)
  | { readonly kind: 'nap-completed' }
  | { readonly kind: 'security-alert' }
  | { readonly kind: 'novelty'; readonly novelty: number };

/**
 * The state after one event (see the table in the module comment). ATP is untouched.
 * @param state - the drive state
 * @param event - the input
 * @returns the new state; every level stays in [0, 1]
 */
export function applyDriveEvent(state: DriveState, event: DriveEvent): DriveState {
  switch (event.kind) {
    case 'answer-feedback': {
      const reward = event.helpful ? dopamineRewards.answerHelpful : dopamineRewards.answerUnhelpful;
      return { ...state, dopamine: phasicDopamine(state.dopamine, temporalDifferenceError({ reward, ...valuesOf(event) })) };
    }
    case 'goal-completed':
      return {
        ...state,
        dopamine: phasicDopamine(state.dopamine, temporalDifferenceError({ reward: dopamineRewards.goalCompleted, ...valuesOf(event) })),
        serotonin: serotoninAfter(state.serotonin, 'goal-completed'),
      };
    case 'nap-completed':
      return { ...state, serotonin: serotoninAfter(state.serotonin, 'nap-completed') };
    case 'security-alert':
      return {
        ...state,
        serotonin: serotoninAfter(state.serotonin, 'security-alert'),
        norepinephrine: norepinephrineAfter(state.norepinephrine, { kind: 'security-alert' }),
      };
    case 'novelty':
      return { ...state, norepinephrine: norepinephrineAfter(state.norepinephrine, { kind: 'novelty', novelty: event.novelty }) };
    default:
      return unreachable(event);
  }
}

function valuesOf(event: ValueChange): ValueChange {
  assert(event.value >= 0 && event.nextValue >= 0, 'values are non-negative');
  return { value: event.value, nextValue: event.nextValue };
}
