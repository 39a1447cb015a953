/**
 * Metabolic costs in practice (decisions MC1–MC3): the home's calibrated costs and the ATP
 * charge for work done.
 *
 * `noctem init` runs the hardware benchmark (node-cost-benchmark.ts), turns its timings into
 * ATP per unit (autonomy's calibrateActivityCosts) and stores them under the `meta` key
 * `autonomy.costs`. Everything that prices work (the daemon loop, the ingestion charge) reads
 * the metabolism's constants through {@link homeMetabolismParams}: the calibrated costs when
 * the home has them, the spec's costs otherwise (a home made before calibration existed).
 *
 * {@link chargeMetabolism} spends ATP for work and saves the metabolism in the autonomy state
 * (autonomy-state.ts) in one transaction, so a daemon running beside it keeps the charge.
 */
import { NoctemError } from '../core/index.ts';
import {
  calibrateActivityCosts, calibratedActivities, metabolicZone, metabolismParams, spend,
  type ActivityCosts, type CalibratedActivity, type MetabolicActivity, type MetabolicCosts, type MetabolismParams,
} from '../autonomy/index.ts';
import type { HomeStore, StoreReader } from '../store/index.ts';
import { readAutonomyState, updateAutonomyState, type AutonomyState } from './autonomy-state.ts';
import { measureCostTimings, type CostBenchmarkOptions } from './node-cost-benchmark.ts';

/** The `meta` key of the calibrated costs. */
export const metabolicCostsKey = 'autonomy.costs';

/** What is stored under {@link metabolicCostsKey}. */
export interface StoredMetabolicCosts {
  /** ATP per unit of each calibrated activity (positive, finite). */
  readonly costAtp: Readonly<Record<CalibratedActivity, number>>;
  /** Median measured seconds per unit on this machine. */
  readonly secondsPerUnit: Readonly<Record<CalibratedActivity, number>>;
  /** When the benchmark ran (clock ms). */
  readonly calibratedAtMs: number;
}

/**
 * Runs the benchmark and stores the costs in the home.
 * @param store - the home's store
 * @param options - the clock value for the record, and the benchmark's options
 * @returns what was stored
 */
export function calibrateHomeCosts(store: Pick<HomeStore, 'write'>, options: CostBenchmarkOptions & { readonly calibratedAtMs: number }): StoredMetabolicCosts {
  const { calibratedAtMs, ...benchmark } = options;
  const costs: ActivityCosts = calibrateActivityCosts(measureCostTimings(benchmark), { atpMax: metabolismParams().atpMax });
  const stored: StoredMetabolicCosts = { costAtp: costs.costAtp, secondsPerUnit: costs.secondsPerUnit, calibratedAtMs };
  parseStoredCosts(stored);
  store.write((writer) => writer.put('meta', metabolicCostsKey, stored));
  return stored;
}

/**
 * The stored costs, or undefined when the home was never calibrated.
 * @param reader - a store view
 * @throws {NoctemError} AUTONOMY_STATE_CORRUPT when the stored value does not parse
 */
export function readStoredCosts(reader: StoreReader): StoredMetabolicCosts | undefined {
  const value = reader.get('meta', metabolicCostsKey);
  return value === undefined ? undefined : parseStoredCosts(value);
}

/**
 * The metabolism's constants for this home: the spec's, with the calibrated costs when stored.
 * @param reader - a store view
 */
export function homeMetabolismParams(reader: StoreReader): MetabolismParams {
  const stored = readStoredCosts(reader);
  return stored === undefined ? metabolismParams() : metabolismParams({ costs: stored.costAtp satisfies Partial<MetabolicCosts> });
}

/** One charge: `count` units of `activity`, for work already done or already running. */
export interface MetabolicCharge {
  readonly activity: MetabolicActivity;
  /** Units (node-steps, chunks…), ≥ 0. */
  readonly count: number;
  /** The clock value, in ms. */
  readonly nowMs: number;
}

/**
 * Spends ATP for work that ran (so it is never refused: `newTask` false) and saves the
 * metabolism and the ATP drive level in the autonomy state.
 * @param store - the home's store
 * @param charge - activity, units and time
 * @returns the saved state and the ATP charged
 */
export function chargeMetabolism(store: Pick<HomeStore, 'write'> & StoreReader, charge: MetabolicCharge): { state: AutonomyState; costAtp: number } {
  const params = homeMetabolismParams(store);
  let costAtp = 0;
  const state = updateAutonomyState(store, (saved) => {
    const nowMs = Math.max(charge.nowMs, saved.metabolism.atMs);
    const result = spend(saved.metabolism, { activity: charge.activity, count: charge.count, nowMs, newTask: false }, params);
    if (!result.ok) throw result.error;
    costAtp = result.costAtp;
    return { ...saved, metabolism: result.state, drives: { ...saved.drives, atpFraction: result.state.atp / params.atpMax } };
  }, { nowMs: charge.nowMs });
  return { state, costAtp };
}

function parseStoredCosts(value: unknown): StoredMetabolicCosts {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const costAtp = record['costAtp'] as Record<string, unknown> | undefined;
  const secondsPerUnit = record['secondsPerUnit'] as Record<string, unknown> | undefined;
  const positive = (x: unknown): boolean => typeof x === 'number' && x > 0 && x < 1e12;
  const ok = typeof costAtp === 'object' && costAtp !== null && typeof secondsPerUnit === 'object' && secondsPerUnit !== null
    && Object.keys(calibratedActivities).every((a) => positive(costAtp[a]) && positive(secondsPerUnit[a]))
    && typeof record['calibratedAtMs'] === 'number' && Number.isFinite(record['calibratedAtMs']);
  if (!ok) throw new NoctemError('AUTONOMY_STATE_CORRUPT', `Cannot read the calibrated metabolic costs under meta ${metabolicCostsKey}`, { hint: 'Delete the key to fall back to the spec costs' });
  return value as StoredMetabolicCosts;
}

/**
 * True while the home's saved ATP is below its soft threshold (§6.4.1): background work (the
 * inbox watch that `up` runs beside the daemon) waits, queued, until a nap recharges it.
 * @param reader - the store
 * @param nowMs - the clock value
 */
export function backgroundWorkDeferred(reader: StoreReader, nowMs: number): boolean {
  return metabolicZone(readAutonomyState(reader, nowMs).metabolism, homeMetabolismParams(reader)) !== 'normal';
}
