/**
 * Metabolic cost calibration (spec §5.1 GAP-012): turns a short benchmark's measured timings
 * into ATP costs per activity on this machine. The benchmark itself (running a few propagation
 * steps, plasticity updates and one chunk ingestion on a throwaway graph at `init`) is an
 * adapter's job; this file only does the arithmetic, so it takes the timings as data.
 *
 * The rule: one ATP buys a fixed amount of measured machine time, so a full budget funds
 * `busyBudgetS` seconds of continuous work (default one hour: a Noctem busy without pause
 * drains from 100 % to the 5 % forced-nap line in about 57 minutes, then recharges at 50 ATP/s
 * for about 19 s). An activity's cost is its median measured seconds per unit × atpMax /
 * busyBudgetS, so a faster machine pays less ATP for the same work and the budget always means
 * the same wall-clock endurance. The spec's own "Base NMU = FLOPS·10⁻¹² + BW_GB/s·10⁻³" adds a
 * rate to a bandwidth and cannot be made dimensionally consistent, so we do not use it.
 *
 * Modulations kept from GAP-012: norepinephrine lowers costs, C_eff = C/(1 + N) (the "sprint"),
 * and heat raises them. The spec's thermal multiplier 1 + max(0, ((T − T_target)/(T_crit −
 * T_target))²) also rises below the target because the square is never negative; ours squares
 * only the excess: 1 + max(0, (T − T_target)/(T_crit − T_target))².
 */
import { NoctemError, assert, limits } from '../core/index.ts';

/** The activities the benchmark measures, and the unit each cost is per. */
export const calibratedActivities = Object.freeze({
  /** One node advanced by one propagation step. */
  propagation: 'node-step',
  /** One node's metric updated by one plasticity step. */
  plasticity: 'node-update',
  /** One chunk extracted, embedded, placed and written. */
  ingestion: 'chunk',
});

/** A calibrated activity. */
export type CalibratedActivity = keyof typeof calibratedActivities;

/** One benchmark measurement: `units` of an activity took `elapsedMs`. */
export interface CostTiming {
  readonly activity: CalibratedActivity;
  /** Units done (node-steps, node-updates, chunks), > 0. */
  readonly units: number;
  /** Wall-clock milliseconds they took, > 0 and finite. */
  readonly elapsedMs: number;
}

/** Options of {@link calibrateActivityCosts}. */
export interface CostCalibrationOptions {
  /** The ATP budget's maximum (§6.4.1). @default 1000 */
  readonly atpMax?: number;
  /** Seconds of continuous measured work a full budget pays for. @default 3600 */
  readonly busyBudgetS?: number;
}

/** ATP per unit of each activity, and the exchange rate they came from. */
export interface ActivityCosts {
  /** ATP per unit (see calibratedActivities for the units). */
  readonly costAtp: Readonly<Record<CalibratedActivity, number>>;
  /** Median measured seconds per unit. */
  readonly secondsPerUnit: Readonly<Record<CalibratedActivity, number>>;
  /** ATP one second of measured work costs: atpMax / busyBudgetS. */
  readonly atpPerBusyS: number;
}

/**
 * ATP costs from benchmark timings (see the module comment). Each activity's cost uses the
 * median seconds per unit over its samples, which shrugs off a sample slowed by a page fault
 * or a busy neighbour.
 * @param timings - at least one sample per calibrated activity, at most limits.costBenchmarkSamplesMax
 * @param options - budget size and endurance
 * @throws {NoctemError} AUTONOMY_BENCHMARK_INVALID when a sample is malformed, an activity has
 *   no sample, there are too many samples, or an option is not positive and finite
 */
export function calibrateActivityCosts(timings: readonly CostTiming[], options: CostCalibrationOptions = {}): ActivityCosts {
  const atpMax = options.atpMax ?? 1000;
  const busyBudgetS = options.busyBudgetS ?? 3600;
  const invalid = (why: string): NoctemError => new NoctemError('AUTONOMY_BENCHMARK_INVALID', `Cannot calibrate metabolic costs: ${why}`);
  if (!(atpMax > 0 && Number.isFinite(atpMax) && busyBudgetS > 0 && Number.isFinite(busyBudgetS))) throw invalid('atpMax and busyBudgetS must be positive and finite');
  if (timings.length > limits.costBenchmarkSamplesMax) throw invalid(`${timings.length} samples is more than ${limits.costBenchmarkSamplesMax}`);
  const perUnit = new Map<CalibratedActivity, number[]>();
  for (const timing of timings) {
    const known = Object.hasOwn(calibratedActivities, timing.activity);
    const sane = timing.units > 0 && Number.isFinite(timing.units) && timing.elapsedMs > 0 && Number.isFinite(timing.elapsedMs);
    if (!known || !sane) throw invalid(`sample ${JSON.stringify(timing)} needs a calibrated activity, positive units and a positive finite time`);
    const list = perUnit.get(timing.activity) ?? [];
    list.push(timing.elapsedMs / 1000 / timing.units);
    perUnit.set(timing.activity, list);
  }
  const activities = Object.keys(calibratedActivities) as CalibratedActivity[];
  const missing = activities.filter((activity) => !perUnit.has(activity));
  if (missing.length > 0) throw invalid(`no sample for ${missing.join(', ')}`);
  const atpPerBusyS = atpMax / busyBudgetS;
  const secondsPerUnit = Object.fromEntries(activities.map((activity) => [activity, median(perUnit.get(activity)!)])) as Record<CalibratedActivity, number>;
  const costAtp = Object.fromEntries(activities.map((activity) => [activity, secondsPerUnit[activity] * atpPerBusyS])) as Record<CalibratedActivity, number>;
  return { costAtp, secondsPerUnit, atpPerBusyS };
}

/**
 * GAP-012's norepinephrine modulation C_eff = C/(1 + N): arousal makes work cheaper.
 * @param costAtp - C ≥ 0
 * @param norepinephrine - N in [0, 1]
 */
export function arousedCost(costAtp: number, norepinephrine: number): number {
  assert(costAtp >= 0 && Number.isFinite(costAtp) && norepinephrine >= 0 && norepinephrine <= 1, 'a finite cost and N in [0, 1]');
  return costAtp / (1 + norepinephrine);
}

/** Temperatures of {@link thermalCostMultiplier}, in °C. */
export interface ThermalLimits {
  /** Where the multiplier starts rising. @default 70 */
  readonly targetC?: number;
  /** Where it reaches 2 (the spec's T_crit ≈ 85 °C). @default 85 */
  readonly criticalC?: number;
}

/**
 * GAP-012's thermal coupling, corrected: 1 + max(0, (T − T_target)/(T_crit − T_target))²,
 * 1 at or below the target, 2 at T_crit, and growing quadratically beyond.
 * @param temperatureC - the measured temperature, finite
 * @param thermal - target and critical temperatures, target < critical
 */
export function thermalCostMultiplier(temperatureC: number, thermal: ThermalLimits = {}): number {
  const targetC = thermal.targetC ?? 70;
  const criticalC = thermal.criticalC ?? 85;
  assert(Number.isFinite(temperatureC) && targetC < criticalC, 'a finite temperature and target < critical');
  const excess = Math.max(0, (temperatureC - targetC) / (criticalC - targetC));
  return 1 + excess * excess;
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
