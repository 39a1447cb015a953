import { describe, expect, test } from 'vitest';
import { laplacianTimes, lowestLaplacianModes, topLaplacianMode } from './laplacian-modes.ts';
import { ringWaveGraph } from './test-graphs.ts';

const ring = ringWaveGraph(16); // eigenvalues 2 − 2cos(2πk/16), weights 1

describe('topLaplacianMode', () => {
  test('topLaplacianMode() finds the ring\'s largest eigenvalue 4 and its eigenvector', () => {
    const mode = topLaplacianMode(ring);
    expect(mode.value).toBeCloseTo(4, 8);
    const residual = laplacianTimes(ring, mode.vector).map((y, i) => y - mode.value * mode.vector[i]!);
    expect(Math.max(...residual.map(Math.abs))).toBeLessThan(1e-5);
  });
});

describe('lowestLaplacianModes', () => {
  test('lowestLaplacianModes() returns the constant mode then the smoothest ones, orthonormal', () => {
    const modes = lowestLaplacianModes(ring, 3);
    const expected = [0, 2 - 2 * Math.cos((2 * Math.PI) / 16), 2 - 2 * Math.cos((2 * Math.PI) / 16)];
    modes.forEach((mode, k) => expect(mode.value).toBeCloseTo(expected[k]!, 6));
    const dot = (a: Float64Array, b: Float64Array): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
    expect(dot(modes[0]!.vector, modes[1]!.vector)).toBeCloseTo(0, 8);
    expect(dot(modes[1]!.vector, modes[1]!.vector)).toBeCloseTo(1, 12);
  });
});
