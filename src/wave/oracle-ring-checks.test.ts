/**
 * Goal: the ring checks measure what they claim and can fail. Dispersion: the built-in's plane
 * waves follow ω² = 2(1 − cos k) within 1%, and a 2% clock error (clock-skew) fails the check
 * and no other. Wrap: a packet and a plane wave cross the wrap edge exactly as they cross an
 * interior edge for the built-in, while the candidate that drops the wrap edge (dropped-wrap)
 * reflects the packet and is rejected by the wrap checks even on a k-NN graph where every
 * graph check passes it. Method: the check functions and runOracle() on a 64-node ring.
 */
import { describe, expect, test } from 'vitest';
import { edgeFlux, ringDispersionError, ringFrequency, ringWrapFluxError, ringWrapTransmission } from './oracle-ring-checks.ts';
import { runOracle } from './oracle.ts';
import { faultyPropagators } from './faulty-propagators.ts';
import { velocityVerletPropagator } from './velocity-verlet.ts';
import { randomKnnWaveGraph, ringWaveGraph } from './test-graphs.ts';
import { createWaveState } from './wave-state.ts';

const config = { ringNodes: 64, steps: 2000, timeStepFraction: 0.005 };
const candidate = (name: string): (typeof faultyPropagators)[number] => faultyPropagators.find((c) => c.name === name)!;

describe('ringFrequency', () => {
  test('ringFrequency() follows ω² = 2(1 − cos k): ω(π) = 2 and ω ≈ k for small k', () => {
    expect(ringFrequency(Math.PI)).toBeCloseTo(2, 15);
    expect(ringFrequency(1e-3)).toBeCloseTo(1e-3, 9);
    expect(ringFrequency(1.2) ** 2).toBeCloseTo(2 * (1 - Math.cos(1.2)), 14);
  });
});

describe('edgeFlux', () => {
  test('edgeFlux() of a plane wave is ω·|A|²·sin k on every edge, wrap edge included', () => {
    const n = 32, k = (2 * Math.PI * 5) / n, amplitude = 0.7;
    const state = createWaveState(ringWaveGraph(n));
    const omega = ringFrequency(k);
    for (let j = 0; j < n; j++) {
      state.psiRe[j] = amplitude * Math.cos(k * j); state.psiIm[j] = amplitude * Math.sin(k * j);
      state.vRe[j] = omega * state.psiIm[j]!; state.vIm[j] = -omega * state.psiRe[j]!;
    }
    const expected = omega * amplitude ** 2 * Math.sin(k);
    for (let j = 0; j < n; j++) expect(edgeFlux(state, { from: j, to: (j + 1) % n })).toBeCloseTo(expected, 12);
    expect(edgeFlux(state, { from: 1, to: 0 })).toBeCloseTo(-expected, 12);
  });
});

describe('ringDispersionError', () => {
  test('ringDispersionError() of the built-in is far below 1%', () => {
    expect(ringDispersionError(velocityVerletPropagator, config)).toBeLessThan(1e-4);
  });

  test('ringDispersionError() measures the 2% clock error of clock-skew', () => {
    expect(ringDispersionError(candidate('clock-skew'), config)).toBeCloseTo(0.02, 3);
  });

  test('runOracle() rejects clock-skew for its dispersion alone', () => {
    const verdict = runOracle(candidate('clock-skew'), ringWaveGraph(64));
    expect(verdict.failures).toHaveLength(1);
    expect(verdict.failures[0]).toMatch(/^dispersion error/);
  });
});

describe('ringWrapTransmission', () => {
  test('ringWrapTransmission() finds the built-in\'s wrap crossing identical to an interior one', () => {
    const wrap = ringWrapTransmission(velocityVerletPropagator, config);
    expect(wrap.transmission).toBeGreaterThan(0.98);
    expect(wrap.error).toBeLessThan(1e-9);
  });

  test('ringWrapTransmission() sees dropped-wrap reflect the packet at the missing edge', () => {
    const wrap = ringWrapTransmission(candidate('dropped-wrap'), config);
    expect(wrap.interiorTransmission).toBeGreaterThan(0.98);
    expect(wrap.transmission).toBeLessThan(0.01);
    expect(wrap.error).toBeGreaterThan(0.9);
  });
});

describe('ringWrapFluxError', () => {
  test('ringWrapFluxError() finds the same plane-wave flux through the wrap edge for the built-in', () => {
    expect(ringWrapFluxError(velocityVerletPropagator, config)).toBeLessThan(1e-9);
  });

  test('ringWrapFluxError() sees the flux through the dropped wrap edge differ', () => {
    expect(ringWrapFluxError(candidate('dropped-wrap'), config)).toBeGreaterThan(0.1);
  });

  test('runOracle() rejects dropped-wrap by its wrap checks on a k-NN graph whose graph checks it passes', () => {
    const graph = randomKnnWaveGraph(64, { k: 8, seed: 7 });
    const verdict = runOracle(candidate('dropped-wrap'), graph);
    expect(verdict.metrics.energyDrift).toBeLessThan(1e-4);
    expect(verdict.metrics.reversibilityError).toBeLessThan(1e-6);
    expect(verdict.metrics.longRunEnergyError).toBeLessThan(1e-4);
    expect(verdict.failures).toEqual(expect.arrayContaining([
      expect.stringMatching(/of a packet's energy crossed the wrap edge/),
      expect.stringMatching(/^wrap crossing differs/),
      expect.stringMatching(/^wrap-edge flux differs/),
    ]));
  });
});
