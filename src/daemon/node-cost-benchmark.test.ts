/**
 * Goal: the GAP-012 benchmark really measures each calibrated activity, stays inside its time
 * budget, and its timings calibrate into positive finite costs. Method: the real clock for
 * the budget and the costs; a stepping fake clock to show the samples are the clock's readings.
 */
import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import { calibrateActivityCosts } from '../autonomy/index.ts';
import { measureCostTimings } from './node-cost-benchmark.ts';

test('measureCostTimings() samples every activity within about its budget, and the costs calibrate', () => {
  const start = performance.now();
  const timings = measureCostTimings({ budgetMs: 150 });
  const tookMs = performance.now() - start;
  // The budget bounds the sampling loops; graph setup and one overshooting sample add a little.
  expect(tookMs).toBeLessThan(600);
  for (const activity of ['propagation', 'plasticity', 'ingestion'] as const) {
    const mine = timings.filter((t) => t.activity === activity);
    expect(mine.length).toBeGreaterThan(0);
    for (const t of mine) expect(t.units > 0 && t.elapsedMs > 0 && Number.isFinite(t.elapsedMs)).toBe(true);
  }
  const { costAtp } = calibrateActivityCosts(timings);
  for (const cost of Object.values(costAtp)) expect(cost > 0 && Number.isFinite(cost)).toBe(true);
  // A 256-node Hebbian update touches 45-entry metrics per node: dearer per unit than a Verlet node-step.
  expect(costAtp.plasticity).toBeGreaterThan(costAtp.propagation);
});

test('measureCostTimings() reports the elapsed times its clock gives and stops when the share is spent', () => {
  let t = 0;
  const timings = measureCostTimings({ budgetMs: 30, nowMs: () => (t += 1) });
  // Each sample reads the clock twice (1 ms apart); the loop stops once 10 ms of its share passed.
  expect(timings.every((s) => s.elapsedMs === 1)).toBe(true);
  for (const activity of ['propagation', 'plasticity', 'ingestion'] as const) {
    const count = timings.filter((s) => s.activity === activity).length;
    expect(count).toBeGreaterThan(1);
    expect(count).toBeLessThan(10);
  }
});
