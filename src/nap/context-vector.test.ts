import { describe, expect, test } from 'vitest';
import { identityMetric, metricEntries } from '../manifold/index.ts';
import { contextVectorToward, isContextVector, transportContextVector } from './context-vector.ts';

/** hᵀgh for a packed upper-triangular metric. */
function norm(h: readonly number[], g: ArrayLike<number>): number {
  let sum = 0;
  for (let a = 0, k = 0; a < 9; a++) for (let b = a; b < 9; b++, k++) sum += (a === b ? 1 : 2) * g[k]! * h[a]! * h[b]!;
  return sum;
}

describe('context vectors', () => {
  test('contextVectorToward() is the wrapped cell difference in turns', () => {
    const c = contextVectorToward(new Uint16Array(9).fill(16000), new Uint16Array(9).fill(100), identityMetric());
    expect(c.vector[0]).toBeCloseTo(484 / 16384, 12);
    expect(isContextVector(c)).toBe(true);
    expect(isContextVector({ vector: [1], metric: [] })).toBe(false);
  });

  test('transportContextVector() does nothing for an unchanged metric and keeps hᵀgh across a change', () => {
    const context = contextVectorToward(new Uint16Array(9), Uint16Array.from([10, 200, 30, 4, 500, 60, 7, 80, 9]), identityMetric());
    expect(transportContextVector(context, identityMetric())).toBeUndefined();
    const gNew = identityMetric();
    gNew[0] = 2; gNew[1] = 0.3; gNew[9] = 0.5; gNew[metricEntries - 1] = 4;
    const moved = transportContextVector(context, gNew)!;
    expect(moved.metric).toEqual(Array.from(gNew));
    expect(norm(moved.vector, gNew)).toBeCloseTo(norm(context.vector, identityMetric()), 10);
    expect(moved.vector).not.toEqual(context.vector);
  });
});
