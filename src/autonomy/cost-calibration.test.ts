/**
 * Goal: calibrateActivityCosts() turns benchmark timings into ATP costs at a fixed exchange
 * rate (atpMax / busyBudgetS ATP per measured second) using each activity's median, and
 * refuses malformed timings; the GAP-012 modulations behave as documented.
 * Method: fake timings (plain input data) with hand-computed costs.
 */
import { describe, expect, test } from 'vitest';
import { NoctemError, limits } from '../core/index.ts';
import { arousedCost, calibrateActivityCosts, thermalCostMultiplier, type CostTiming } from './cost-calibration.ts';

const timings: CostTiming[] = [
  { activity: 'propagation', units: 100_000, elapsedMs: 36 }, // 0.36 µs per node-step
  { activity: 'propagation', units: 100_000, elapsedMs: 40 },
  { activity: 'propagation', units: 100_000, elapsedMs: 400 }, // a page-fault outlier
  { activity: 'plasticity', units: 1000, elapsedMs: 18 }, // 18 µs per node update
  { activity: 'ingestion', units: 4, elapsedMs: 1440 }, // 0.36 s per chunk
];
const codeOf = (run: () => unknown): string | undefined => {
  try { run(); return undefined; } catch (error) { return error instanceof NoctemError ? error.code : 'not a NoctemError'; }
};

describe('cost calibration', () => {
  test('calibrateActivityCosts() prices the median seconds per unit at atpMax / busyBudgetS ATP per second', () => {
    const costs = calibrateActivityCosts(timings);
    expect(costs.atpPerBusyS).toBeCloseTo(1000 / 3600, 15);
    expect(costs.secondsPerUnit.propagation).toBeCloseTo(0.4e-6, 18); // median of 0.36, 0.4, 4 µs
    expect(costs.costAtp.propagation).toBeCloseTo(0.4e-6 * 1000 / 3600, 18);
    expect(costs.costAtp.plasticity).toBeCloseTo(18e-6 * 1000 / 3600, 18);
    expect(costs.costAtp.ingestion).toBeCloseTo(0.1, 15);
  });

  test('calibrateActivityCosts() halves every cost on a machine twice as fast', () => {
    const slow = calibrateActivityCosts(timings);
    const fast = calibrateActivityCosts(timings.map((t) => ({ ...t, elapsedMs: t.elapsedMs / 2 })));
    for (const activity of ['propagation', 'plasticity', 'ingestion'] as const) expect(fast.costAtp[activity] / slow.costAtp[activity]).toBeCloseTo(0.5, 12);
  });

  test('calibrateActivityCosts() scales with the budget: a shorter endurance makes work dearer', () => {
    const costs = calibrateActivityCosts(timings, { atpMax: 1000, busyBudgetS: 360 });
    expect(costs.costAtp.ingestion).toBeCloseTo(1, 15);
  });

  test('calibrateActivityCosts() refuses malformed or missing timings with AUTONOMY_BENCHMARK_INVALID', () => {
    expect(codeOf(() => calibrateActivityCosts(timings.slice(0, 4)))).toBe('AUTONOMY_BENCHMARK_INVALID');
    expect(codeOf(() => calibrateActivityCosts([...timings, { activity: 'plasticity', units: 0, elapsedMs: 1 }]))).toBe('AUTONOMY_BENCHMARK_INVALID');
    expect(codeOf(() => calibrateActivityCosts([...timings, { activity: 'plasticity', units: 1, elapsedMs: Number.POSITIVE_INFINITY }]))).toBe('AUTONOMY_BENCHMARK_INVALID');
    expect(codeOf(() => calibrateActivityCosts([...timings, { activity: 'toString' as 'plasticity', units: 1, elapsedMs: 1 }]))).toBe('AUTONOMY_BENCHMARK_INVALID');
    expect(codeOf(() => calibrateActivityCosts(timings, { busyBudgetS: 0 }))).toBe('AUTONOMY_BENCHMARK_INVALID');
    const many = Array.from({ length: limits.costBenchmarkSamplesMax + 1 }, () => timings[0]!);
    expect(codeOf(() => calibrateActivityCosts(many))).toBe('AUTONOMY_BENCHMARK_INVALID');
  });

  test('arousedCost() is C/(1 + N)', () => {
    expect(arousedCost(10, 0)).toBe(10);
    expect(arousedCost(10, 1)).toBe(5);
  });

  test('thermalCostMultiplier() is 1 at or below the target, 2 at the critical temperature, and never below 1', () => {
    expect(thermalCostMultiplier(40)).toBe(1); // the spec's formula would give 1 + (30/15)² = 5 here
    expect(thermalCostMultiplier(70)).toBe(1);
    expect(thermalCostMultiplier(77.5)).toBeCloseTo(1.25, 15);
    expect(thermalCostMultiplier(85)).toBe(2);
    expect(thermalCostMultiplier(60, { targetC: 50, criticalC: 60 })).toBe(2);
  });
});
