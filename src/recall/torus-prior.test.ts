import { describe, expect, test } from 'vitest';
import { torusPrior } from './torus-prior.ts';

function at(x: number): Uint16Array {
  return Uint16Array.of(x, 0, 0, 0, 0, 0, 0, 0, 0);
}

describe('torus-prior', () => {
  test('torusPrior() scores exp(-d²/σ²) and ranks the nearest first', () => {
    const results = torusPrior(at(0), [{ id: 'far', coord: at(8192) }, { id: 'near', coord: at(16000) }], { sigma: 0.5 });
    expect(results.map((r) => r.id)).toEqual(['near', 'far']);
    expect(results[1]!.score).toBeCloseTo(Math.exp(-0.25 / 0.25), 12);
  });

  test('torusPrior() gives 1 at the query point', () => {
    expect(torusPrior(at(5), [{ id: 'same', coord: at(5) }])[0]!.score).toBe(1);
  });
});
