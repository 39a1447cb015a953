/**
 * Goal: the virtual lesions of GAP-029 hold against the wave layer's real plasticity.
 * D = 0 stops plasticity; S = 0 removes the restoring force; N = 1 lowers the relevance gate
 * to its floor. Method: a ring of co-activated nodes on T⁹ run through hebbianUpdate with the
 * rates the drives give (plasticityRate, restoringRate): a lesion must leave every metric's
 * bits unchanged, the unlesioned drive must change them, and the spec's raw maps (η(0) =
 * 0.54·η_base, λ(0) = 0.27·λ_base) would not have stopped anything, which is why the locks
 * exist (docs/decisions.md "Drives").
 */
import { describe, expect, test } from 'vitest';
import { identityMetric, metricEntries, torusDims, type TorusCoord } from '../manifold/index.ts';
import { createWaveState, elasticity, hebbianUpdate, learningRate, ringWaveGraph, type ManifoldPatch, type WaveState } from '../wave/index.ts';
import { plasticityRate } from './dopamine.ts';
import { createDriveIntegrator } from './drive-integrator.ts';
import { initialDriveState } from './drive-state.ts';
import { relevanceGate } from './norepinephrine.ts';
import { restoringRate } from './serotonin.ts';

const etaBase = 0.05;
const lambdaBase = 0.2;
const nodes = 6;

/** A ring of `nodes` nodes spread along the torus, all in phase (ψ = 1) or silent (ψ = 0). */
function ring(options: { active: boolean; warped: boolean }): { state: WaveState; patch: ManifoldPatch } {
  const state = createWaveState(ringWaveGraph(nodes));
  if (options.active) state.psiRe.fill(1);
  const coords: TorusCoord[] = Array.from({ length: nodes }, (_, i) => Uint16Array.from({ length: torusDims }, (_, k) => (i * 997 + k * 131) % 16_384));
  const metrics = new Float32Array(nodes * metricEntries);
  for (let i = 0; i < nodes; i++) {
    const metric = identityMetric();
    if (options.warped) { metric[0] = 2; metric[1] = 0.3; } // g₀₀ = 2, g₀₁ = 0.3: still SPD
    metrics.set(metric, i * metricEntries);
  }
  return { state, patch: { coords, metrics } };
}

const unchanged = (before: Float32Array, after: Float32Array): boolean => before.every((value, k) => Object.is(value, after[k]));

describe('drive ablations (GAP-029)', () => {
  test('D = 0 stops plasticity: hebbianUpdate() changes no metric bit', () => {
    const { state, patch } = ring({ active: true, warped: false });
    const lesioned = hebbianUpdate(state, patch, { learningRate: plasticityRate(0, etaBase), elasticity: restoringRate(0.5, lambdaBase) });
    expect(lesioned.changed).toEqual([]);
    expect(unchanged(patch.metrics, lesioned.metrics)).toBe(true);
    const healthy = hebbianUpdate(state, patch, { learningRate: plasticityRate(0.5, etaBase), elasticity: restoringRate(0.5, lambdaBase) });
    expect(healthy.changed).toEqual([0, 1, 2, 3, 4, 5]);
    // The spec's raw η(0) = 0.54·η_base would have kept learning.
    expect(hebbianUpdate(state, patch, { learningRate: learningRate(0, etaBase), elasticity: 0 }).changed).toHaveLength(nodes);
  });

  test('S = 0 removes the restoring force: a warped metric stays warped', () => {
    const { state, patch } = ring({ active: false, warped: true });
    const lesioned = hebbianUpdate(state, patch, { learningRate: plasticityRate(0.5, etaBase), elasticity: restoringRate(0, lambdaBase) });
    expect(lesioned.changed).toEqual([]);
    expect(unchanged(patch.metrics, lesioned.metrics)).toBe(true);
    const healthy = hebbianUpdate(state, patch, { learningRate: plasticityRate(0.5, etaBase), elasticity: restoringRate(0.5, lambdaBase) });
    expect(healthy.metrics[0]).toBeLessThan(2); // pulled back toward the identity
    expect(healthy.metrics[0]).toBeGreaterThan(1);
    // The spec's raw λ(0) = 0.27·λ_base would still have restored.
    expect(hebbianUpdate(state, patch, { learningRate: 0, elasticity: elasticity(0, lambdaBase) }).changed).toHaveLength(nodes);
  });

  test('N = 1 lowers the relevance gate to its floor on N\'s range, τ = 0.3', () => {
    const floor = Math.min(...Array.from({ length: 1001 }, (_, i) => relevanceGate(i / 1000)));
    expect(relevanceGate(1)).toBe(floor);
    expect(floor).toBeCloseTo(0.3, 15);
    // Repeated alerts drive N to its ceiling, and with it the gate to its floor.
    const integrator = createDriveIntegrator({ tickMs: 1 });
    const alerted = integrator.step(initialDriveState, { awake: true, events: [{ kind: 'security-alert' }, { kind: 'security-alert' }] });
    expect(relevanceGate(alerted.norepinephrine)).toBeCloseTo(floor, 4);
  });
});
