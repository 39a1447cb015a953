/**
 * The metabolic budget (spec §6.4.1, §5.1 "The ATP Analog", D6: ATP is a budget with its own
 * dynamics, not a homeostatic chemical). A reserve of ATP in [0, max] is spent by activities
 * and recharged only during naps. Three zones (spec §6.4.1 table):
 * - normal, ATP ≥ 15 %: every task is accepted;
 * - soft, 5 % ≤ ATP < 15 %: no new task starts, running ones finish (graceful drain);
 * - hard, ATP < 5 %: a nap is due (the daemon waits for metabolic locks, then naps).
 * Pure state transitions: every function takes the clock value `nowMs` and returns a new state.
 * A running task may spend more than is left; the reserve stops at 0 and the overdraft is
 * reported, so the budget is never negative.
 */
import { assert, NoctemError } from '../core/index.ts';

/** What costs ATP. */
export const metabolicActivities = [
  'propagation', 'plasticity', 'ingestion', 'externalCall', 'selfImprove', 'compilation', 'verification', 'deployment',
] as const;

/** One of {@link metabolicActivities}. */
export type MetabolicActivity = (typeof metabolicActivities)[number];

/** ATP per unit of each activity. */
export type MetabolicCosts = Readonly<Record<MetabolicActivity, number>>;

/**
 * The spec's costs, in ATP per unit. The spec disagrees with itself; the choice and the
 * source of each value:
 * - propagation 0.1 per node-step (§5.1 0.1·N_active per step; §6.4.1 and GAP-012 say 0.1);
 * - plasticity 1.5 per node-update (§5.1 1.5·N_active; §6.4.1, GAP-012);
 * - ingestion 50 per chunk (§6.4.1; §6.4.2 charges `chunks.size()` units);
 * - externalCall 50 per call (§5.1; GAP-012 says 5.0 per tool action);
 * - selfImprove 100 per cycle (§6.4.1; §5.1 says 1000);
 * - compilation 500, verification 200, deployment 50 (§5.4 "ATP Budgeting").
 * Calibration (GAP-012, cost-calibration.ts, same units) replaces them through {@link metabolismParams}.
 */
export const specMetabolicCosts: MetabolicCosts = Object.freeze({
  propagation: 0.1, plasticity: 1.5, ingestion: 50, externalCall: 50,
  selfImprove: 100, compilation: 500, verification: 200, deployment: 50,
});

/** The budget's constants. */
export interface MetabolismParams {
  /** Full reserve in ATP (spec MAX_ATP). */
  readonly atpMax: number;
  /** Soft threshold as a fraction of atpMax (spec 15 %). */
  readonly softFraction: number;
  /** Hard threshold as a fraction of atpMax (spec 5 %). */
  readonly hardFraction: number;
  /** ATP per second recharged during a nap (spec RECHARGE_RATE). */
  readonly rechargePerSecond: number;
  /** ATP per unit of each activity. */
  readonly costs: MetabolicCosts;
}

/** Overrides for {@link metabolismParams}; each missing field keeps the spec's value. */
export interface MetabolismOverrides {
  /** @default 1000 */
  readonly atpMax?: number;
  /** @default 0.15 */
  readonly softFraction?: number;
  /** @default 0.05 */
  readonly hardFraction?: number;
  /** @default 50 */
  readonly rechargePerSecond?: number;
  /** Calibrated costs (GAP-012). @default specMetabolicCosts */
  readonly costs?: Partial<MetabolicCosts>;
}

/** The reserve at one instant. Invariant: 0 ≤ atp ≤ atpMax. */
export interface MetabolismState {
  /** The reserve in ATP. */
  readonly atp: number;
  /** True between {@link startNap} and {@link endNap}: only then does ATP recharge. */
  readonly napping: boolean;
  /** The clock value this state is at, in ms. */
  readonly atMs: number;
}

/** Which threshold band the reserve is in. */
export type MetabolicZone = 'normal' | 'soft' | 'hard';

/** One spending request. */
export interface SpendRequest {
  /** What is being done. */
  readonly activity: MetabolicActivity;
  /** Units of the activity (node-steps, node-updates, chunks…). @default 1 */
  readonly count?: number;
  /** The clock value, in ms (≥ the state's atMs). */
  readonly nowMs: number;
  /** True for a task that would start now; false for work of a task already running. @default true */
  readonly newTask?: boolean;
}

/** The outcome of {@link spend}: the new state, or a refusal that leaves the reserve as it was. */
export type SpendResult =
  | { readonly ok: true; readonly state: MetabolismState; readonly costAtp: number; readonly overdraftAtp: number }
  | { readonly ok: false; readonly state: MetabolismState; readonly error: NoctemError };

/**
 * The spec's constants with calibrated overrides, checked.
 * @param overrides - values from calibration or noctem.json
 * @throws {NoctemError} CONFIG_INVALID when a value is out of range
 */
export function metabolismParams(overrides: MetabolismOverrides = {}): MetabolismParams {
  const params: MetabolismParams = {
    atpMax: overrides.atpMax ?? 1000,
    softFraction: overrides.softFraction ?? 0.15,
    hardFraction: overrides.hardFraction ?? 0.05,
    rechargePerSecond: overrides.rechargePerSecond ?? 50,
    costs: Object.freeze({ ...specMetabolicCosts, ...overrides.costs }),
  };
  check(params.atpMax > 0 && params.atpMax < 1e12, 'atpMax', params.atpMax);
  check(params.hardFraction > 0 && params.hardFraction < params.softFraction && params.softFraction < 1, 'thresholds', params.softFraction);
  check(params.rechargePerSecond > 0 && params.rechargePerSecond < 1e12, 'rechargePerSecond', params.rechargePerSecond);
  for (const activity of metabolicActivities) {
    const cost = params.costs[activity];
    check(cost >= 0 && cost < 1e12, `costs.${activity}`, cost);
  }
  return Object.freeze(params);
}

/**
 * A full reserve, awake.
 * @param nowMs - the clock value
 * @param params - the budget's constants
 */
export function createMetabolism(nowMs: number, params: MetabolismParams): MetabolismState {
  return { atp: params.atpMax, napping: false, atMs: nowMs };
}

/**
 * The state at `nowMs`: ATP recharged at rechargePerSecond for the time napped, up to atpMax.
 * @param state - the state before
 * @param nowMs - the clock value (≥ state.atMs: clocks do not go back)
 * @param params - the budget's constants
 */
export function advanceMetabolism(state: MetabolismState, nowMs: number, params: MetabolismParams): MetabolismState {
  assert(nowMs >= state.atMs, 'the metabolism clock does not go back');
  if (!state.napping) return { ...state, atMs: nowMs };
  const atp = Math.min(params.atpMax, state.atp + (params.rechargePerSecond * (nowMs - state.atMs)) / 1000);
  return { atp, napping: true, atMs: nowMs };
}

/**
 * Spends ATP on an activity. New tasks are refused below the soft threshold, during a nap,
 * and when they cost more than is left; work of a running task is always charged.
 * @param state - the state before
 * @param request - the activity, count, clock value and whether it starts a task
 * @param params - the budget's constants
 * @returns the new state, or a refusal with ATP_EXHAUSTED or NAP_IN_PROGRESS
 */
export function spend(state: MetabolismState, request: SpendRequest, params: MetabolismParams): SpendResult {
  const count = request.count ?? 1;
  assert(metabolicActivities.includes(request.activity), 'the activity is known');
  assert(count >= 0 && Number.isFinite(count), 'an activity count is finite and non-negative');
  const now = advanceMetabolism(state, request.nowMs, params);
  const costAtp = params.costs[request.activity] * count;
  if (request.newTask ?? true) {
    const refusal = refusalOf(now, costAtp, request.activity, params);
    if (refusal !== undefined) return { ok: false, state: now, error: refusal };
  }
  const atp = Math.max(0, now.atp - costAtp);
  return { ok: true, state: { ...now, atp }, costAtp, overdraftAtp: Math.max(0, costAtp - now.atp) };
}

/**
 * The threshold band of the reserve.
 * @param state - the state
 * @param params - the thresholds
 */
export function metabolicZone(state: MetabolismState, params: MetabolismParams): MetabolicZone {
  if (state.atp < params.hardFraction * params.atpMax) return 'hard';
  return state.atp < params.softFraction * params.atpMax ? 'soft' : 'normal';
}

/**
 * Begins a nap: from now on the reserve recharges.
 * @param state - the state before
 * @param nowMs - the clock value
 * @param params - the budget's constants
 */
export function startNap(state: MetabolismState, nowMs: number, params: MetabolismParams): MetabolismState {
  return { ...advanceMetabolism(state, nowMs, params), napping: true };
}

/**
 * Ends a nap, keeping the ATP recharged so far.
 * @param state - the state before
 * @param nowMs - the clock value
 * @param params - the budget's constants
 */
export function endNap(state: MetabolismState, nowMs: number, params: MetabolismParams): MetabolismState {
  return { ...advanceMetabolism(state, nowMs, params), napping: false };
}

/**
 * Milliseconds of nap that refill the reserve from its current level.
 * @param state - the state
 * @param params - the budget's constants
 */
export function rechargeMs(state: MetabolismState, params: MetabolismParams): number {
  return ((params.atpMax - state.atp) / params.rechargePerSecond) * 1000;
}

function refusalOf(state: MetabolismState, costAtp: number, activity: MetabolicActivity, params: MetabolismParams): NoctemError | undefined {
  const details = { activity, atp: state.atp, costAtp, atpMax: params.atpMax };
  if (state.napping) return new NoctemError('NAP_IN_PROGRESS', `Cannot start ${activity} during a nap`, { details });
  const zone = metabolicZone(state, params);
  if (zone !== 'normal') {
    return new NoctemError('ATP_EXHAUSTED', `Cannot start ${activity}: ATP is ${state.atp.toFixed(1)} of ${params.atpMax}, below the ${params.softFraction * 100} % soft threshold`, { details });
  }
  if (costAtp > state.atp) {
    return new NoctemError('ATP_EXHAUSTED', `Cannot start ${activity}: it costs ${costAtp} ATP and ${state.atp.toFixed(1)} are left`, { details });
  }
  return undefined;
}

function check(ok: boolean, name: string, value: number): void {
  if (!ok) throw new NoctemError('CONFIG_INVALID', `Cannot use metabolism ${name} ${value}: it is out of range`, { details: { name, value } });
}
