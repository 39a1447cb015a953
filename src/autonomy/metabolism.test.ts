/**
 * Goal: the ATP budget follows spec §6.4.1: spend per activity, no new task below 15 %, nap
 * due below 5 %, 50 ATP/s recharge during naps only, never negative. Method: state
 * transitions with explicit clock values, plus a fast-check run of random operations.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { AssertionError } from 'node:assert';
import {
  advanceMetabolism, createMetabolism, endNap, metabolicActivities, metabolicZone, metabolismParams, rechargeMs,
  spend, startNap, type MetabolismState,
} from './metabolism.ts';

const params = metabolismParams();

function at(atp: number, napping = false): MetabolismState {
  return { atp, napping, atMs: 0 };
}

describe('spend()', () => {
  test('spend() takes the activity cost times the count from a full reserve', () => {
    const result = spend(createMetabolism(0, params), { activity: 'plasticity', count: 10, nowMs: 0 }, params);
    expect(result.ok && result.state.atp).toBe(985);
  });

  test('spend() refuses a new task below the soft threshold with ATP_EXHAUSTED and keeps the reserve', () => {
    const result = spend(at(149), { activity: 'propagation', nowMs: 0 }, params);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('ATP_EXHAUSTED');
    expect(result.state.atp).toBe(149);
  });

  test('spend() lets a running task finish below the soft threshold', () => {
    const result = spend(at(100), { activity: 'ingestion', nowMs: 0, newTask: false }, params);
    expect(result.ok && result.state.atp).toBe(50);
  });

  test('spend() stops a running task\'s reserve at 0 and reports the overdraft', () => {
    const result = spend(at(30), { activity: 'ingestion', nowMs: 0, newTask: false }, params);
    expect(result.ok && [result.state.atp, result.overdraftAtp]).toEqual([0, 20]);
  });

  test('spend() refuses a new task that costs more than is left', () => {
    const result = spend(at(400), { activity: 'compilation', nowMs: 0 }, params);
    expect(!result.ok && result.error.code).toBe('ATP_EXHAUSTED');
  });

  test('spend() refuses a new task during a nap with NAP_IN_PROGRESS', () => {
    const result = spend(at(900, true), { activity: 'propagation', nowMs: 0 }, params);
    expect(!result.ok && result.error.code).toBe('NAP_IN_PROGRESS');
  });

  test('spend() uses calibrated costs over the spec table', () => {
    const calibrated = metabolismParams({ costs: { ingestion: 2 } });
    const result = spend(at(500), { activity: 'ingestion', count: 10, nowMs: 0 }, calibrated);
    expect(result.ok && result.state.atp).toBe(480);
    expect(calibrated.costs.plasticity).toBe(1.5);
  });

  test('spend() treats a clock going back as a bug', () => {
    expect(() => spend({ atp: 500, napping: false, atMs: 10 }, { activity: 'propagation', nowMs: 5 }, params)).toThrow(AssertionError);
  });
});

describe('metabolicZone()', () => {
  test('metabolicZone() is normal from 15 %, soft from 5 % and hard below', () => {
    expect([1000, 150, 149.9, 50, 49.9, 0].map((atp) => metabolicZone(at(atp), params)))
      .toEqual(['normal', 'normal', 'soft', 'soft', 'hard', 'hard']);
  });
});

describe('naps', () => {
  test('startNap() recharges 50 ATP/s: empty to full in 20 s, capped at the maximum', () => {
    const napping = startNap(at(0), 0, params);
    expect(advanceMetabolism(napping, 10_000, params).atp).toBe(500);
    expect(advanceMetabolism(napping, 60_000, params).atp).toBe(1000);
    expect(rechargeMs(at(0), params)).toBe(20_000);
  });

  test('advanceMetabolism() does not recharge while awake', () => {
    expect(advanceMetabolism(at(100), 60_000, params).atp).toBe(100);
  });

  test('endNap() keeps the ATP recharged so far and stops recharging', () => {
    const awake = endNap(startNap(at(0), 0, params), 4000, params);
    expect(awake).toEqual({ atp: 200, napping: false, atMs: 4000 });
    expect(advanceMetabolism(awake, 9000, params).atp).toBe(200);
  });
});

describe('metabolismParams()', () => {
  test('metabolismParams() rejects a negative cost and a soft threshold under the hard one', () => {
    expect(() => metabolismParams({ costs: { plasticity: -1 } })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => metabolismParams({ softFraction: 0.04 })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

test('spend() and naps keep the reserve within [0, atpMax] for any sequence', () => {
  const operation = fc.oneof(
    fc.record({ kind: fc.constant('spend' as const), activity: fc.constantFrom(...metabolicActivities), count: fc.integer({ min: 0, max: 50 }), newTask: fc.boolean(), dtMs: fc.integer({ min: 0, max: 5000 }) }),
    fc.record({ kind: fc.constantFrom('startNap' as const, 'endNap' as const), dtMs: fc.integer({ min: 0, max: 60_000 }) }),
  );
  fc.assert(fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
    let state = createMetabolism(0, params);
    for (const op of operations) {
      const nowMs = state.atMs + op.dtMs;
      if (op.kind === 'spend') state = spend(state, { activity: op.activity, count: op.count, newTask: op.newTask, nowMs }, params).state;
      else state = op.kind === 'startNap' ? startNap(state, nowMs, params) : endNap(state, nowMs, params);
      expect(state.atp).toBeGreaterThanOrEqual(0);
      expect(state.atp).toBeLessThanOrEqual(params.atpMax);
    }
  }), { seed: 6 });
});
