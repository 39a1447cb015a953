/**
 * Goal: `noctem init` stores calibrated costs, the daemon's metabolism prices work with them,
 * and a charge is saved in the autonomy state. Method: a real home (LMDB) made by the CLI.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock } from '../core/index.ts';
import { specMetabolicCosts } from '../autonomy/index.ts';
import { initHome } from '../../test/helpers/home.ts';
import { openNoctem, type Noctem } from './compose.ts';
import { readAutonomyState } from './autonomy-state.ts';
import { runDaemon } from './daemon-loop.ts';
import { chargeMetabolism, homeMetabolismParams, metabolicCostsKey, readStoredCosts } from './metabolic-costs.ts';

let dir: string;
let noctem: Noctem;
const clock = new FakeClock();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-metabolic-costs-'));
  noctem = await openNoctem(await initHome(join(dir, 'home')), { clock });
});
afterAll(async () => {
  await noctem.close();
  await rm(dir, { recursive: true, force: true });
});

test('init stores positive finite calibrated costs and homeMetabolismParams() uses them', () => {
  const stored = readStoredCosts(noctem.store);
  expect(stored).toBeDefined();
  const params = homeMetabolismParams(noctem.store);
  for (const activity of ['propagation', 'plasticity', 'ingestion'] as const) {
    const cost = stored!.costAtp[activity];
    expect(cost > 0 && Number.isFinite(cost)).toBe(true);
    expect(params.costs[activity]).toBe(cost);
  }
  // Activities the benchmark does not measure keep the spec's price.
  expect(params.costs.selfImprove).toBe(specMetabolicCosts.selfImprove);
});

test('chargeMetabolism() spends count × the calibrated cost and saves it', () => {
  const before = readAutonomyState(noctem.store, clock.nowMs()).metabolism.atp;
  const cost = homeMetabolismParams(noctem.store).costs.ingestion;
  const { costAtp, state } = chargeMetabolism(noctem.store, { activity: 'ingestion', count: 1000, nowMs: clock.nowMs() });
  expect(costAtp).toBeCloseTo(1000 * cost, 12);
  expect(readAutonomyState(noctem.store, clock.nowMs()).metabolism.atp).toBeCloseTo(before - 1000 * cost, 9);
  expect(state.drives.atpFraction).toBeCloseTo(state.metabolism.atp / 1000, 12);
});

test('runDaemon() keeps a charge made before it started', async () => {
  chargeMetabolism(noctem.store, { activity: 'selfImprove', count: 3, nowMs: clock.nowMs() });
  const atp = readAutonomyState(noctem.store, clock.nowMs()).metabolism.atp;
  expect(atp).toBeLessThan(701);
  const report = await runDaemon(noctem, { signal: new AbortController().signal, ticksMax: 2, tickMs: 10, seedHex: '01'.repeat(32) });
  expect(report.state.metabolism.atp).toBeCloseTo(atp, 9);
});

test('readStoredCosts() rejects a corrupt record with AUTONOMY_STATE_CORRUPT', () => {
  noctem.store.write((w) => w.put('meta', metabolicCostsKey, { costAtp: { propagation: -1 } }));
  expect(() => readStoredCosts(noctem.store)).toThrow(expect.objectContaining({ code: 'AUTONOMY_STATE_CORRUPT' }));
});
