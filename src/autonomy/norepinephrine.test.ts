/**
 * Goal: the relevance gate is τ = clamp(0.6 − 0.3N, 0.1, 0.95), falling from the calm 0.6 to
 * its lowest reachable value 0.3 at N = 1; arousal inputs raise N as documented; the N passed
 * to propagation is the state's. Method: hand-computed values and a sweep over N.
 */
import { describe, expect, test } from 'vitest';
import { initialDriveState } from './drive-state.ts';
import { norepinephrineAfter, passesRelevanceGate, propagationNorepinephrine, relevanceGate } from './norepinephrine.ts';

describe('norepinephrine', () => {
  test('relevanceGate() is 0.6 when calm, 0.45 at N = 0.5 and 0.3 at N = 1', () => {
    expect(relevanceGate(0)).toBe(0.6);
    expect(relevanceGate(0.5)).toBeCloseTo(0.45, 15);
    expect(relevanceGate(1)).toBeCloseTo(0.3, 15);
  });

  test('relevanceGate() falls monotonically over N in [0, 1], so its floor on that range is τ(1)', () => {
    const gates = Array.from({ length: 101 }, (_, i) => relevanceGate(i / 100));
    gates.slice(1).forEach((gate, i) => expect(gate).toBeLessThan(gates[i]!));
    expect(Math.min(...gates)).toBe(relevanceGate(1));
  });

  test('passesRelevanceGate() lets a marginal score through only when aroused', () => {
    expect(passesRelevanceGate(0.35, 0)).toBe(false);
    expect(passesRelevanceGate(0.35, 1)).toBe(true);
    expect(passesRelevanceGate(0.6, 0)).toBe(true);
  });

  test('norepinephrineAfter() adds 0.3 × novelty and 0.5 on a security alert, clamped to 1', () => {
    expect(norepinephrineAfter(0.1, { kind: 'novelty', novelty: 0.5 })).toBeCloseTo(0.25, 15);
    expect(norepinephrineAfter(0.2, { kind: 'security-alert' })).toBeCloseTo(0.7, 15);
    expect(norepinephrineAfter(0.8, { kind: 'security-alert' })).toBe(1);
  });

  test('propagationNorepinephrine() passes the state\'s N for s_eff = s/(1+N)', () => {
    expect(propagationNorepinephrine({ ...initialDriveState, norepinephrine: 0.4 })).toBe(0.4);
  });

  test('relevanceGate() asserts N in [0, 1]', () => {
    expect(() => relevanceGate(1.5)).toThrow(/\[0, 1\]/);
  });
});
