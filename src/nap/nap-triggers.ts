/**
 * When Noctem naps (spec §6.1.3 "Nap Triggers", §6.4.1 hard limit): dopamine fatigue
 * (D < 0.2), memory pressure (more than 10,000 dirty nodes, i.e. node records written since
 * the last checkpoint), an explicit `noctem nap`, the schedule (6 h or more since the last
 * nap) and the ATP hard limit (reserve below 5 %). Pure: the caller measures the inputs.
 */
import { assert } from '../core/index.ts';

/** The reasons a nap starts, in the spec's order. */
export const napTriggerKinds = ['dopamine-low', 'dirty-nodes', 'manual', 'scheduled', 'atp-low'] as const;

/** One of {@link napTriggerKinds}. */
export type NapTrigger = (typeof napTriggerKinds)[number];

/** The thresholds of {@link napTriggers} (strict inequalities except the schedule's ≥). */
export const napTriggerThresholds = Object.freeze({
  /** Dopamine strictly below this is fatigue. */
  dopamineBelow: 0.2,
  /** Dirty nodes strictly above this is memory pressure. */
  dirtyNodesAbove: 10_000,
  /** At least this long since the last nap (6 h). */
  scheduleIntervalMs: 6 * 60 * 60 * 1000,
  /** ATP fraction strictly below this is the hard limit (5 %). */
  atpFractionBelow: 0.05,
});

/** What {@link napTriggers} looks at. */
export interface NapTriggerInput {
  /** D in [0, 1]. */
  readonly dopamine: number;
  /** Node records changed since the last checkpoint, ≥ 0. */
  readonly dirtyNodes: number;
  /** The person asked for a nap. */
  readonly manual: boolean;
  /** Time since the last nap ended, ≥ 0; undefined when the home never napped (no schedule yet). */
  readonly sinceLastNapMs: number | undefined;
  /** ATP reserve as a fraction of its maximum, in [0, 1]. */
  readonly atpFraction: number;
}

/**
 * The triggers that fire now.
 * @param input - the drives, the memory pressure, the request and the schedule
 * @returns the firing triggers in {@link napTriggerKinds} order; empty means no nap
 */
export function napTriggers(input: NapTriggerInput): NapTrigger[] {
  assert(input.dopamine >= 0 && input.dopamine <= 1, 'D is in [0, 1]');
  assert(input.atpFraction >= 0 && input.atpFraction <= 1, 'ATP fraction is in [0, 1]');
  assert(Number.isInteger(input.dirtyNodes) && input.dirtyNodes >= 0, 'dirty nodes is a count');
  assert(input.sinceLastNapMs === undefined || input.sinceLastNapMs >= 0, 'time since the last nap is ≥ 0');
  const fired: NapTrigger[] = [];
  if (input.dopamine < napTriggerThresholds.dopamineBelow) fired.push('dopamine-low');
  if (input.dirtyNodes > napTriggerThresholds.dirtyNodesAbove) fired.push('dirty-nodes');
  if (input.manual) fired.push('manual');
  if (input.sinceLastNapMs !== undefined && input.sinceLastNapMs >= napTriggerThresholds.scheduleIntervalMs) fired.push('scheduled');
  if (input.atpFraction < napTriggerThresholds.atpFractionBelow) fired.push('atp-low');
  return fired;
}
