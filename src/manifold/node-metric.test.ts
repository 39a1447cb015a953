import { describe, expect, test } from 'vitest';
import { identityMetric, isIdentityMetric, isPositiveDefiniteMetric, metricEntries, metricIndex } from './node-metric.ts';

describe('node-metric', () => {
  test('metricIndex() lays the upper triangle out row by row', () => {
    expect([metricIndex(0, 0), metricIndex(0, 8), metricIndex(1, 1), metricIndex(8, 8), metricIndex(3, 1)]).toEqual([0, 8, 9, 44, metricIndex(1, 3)]);
  });

  test('metricIndex() visits every entry once', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 9; i++) for (let j = i; j < 9; j++) seen.add(metricIndex(i, j));
    expect(seen.size).toBe(metricEntries);
  });

  test('identityMetric() is the identity and positive-definite', () => {
    expect(isIdentityMetric(identityMetric())).toBe(true);
    expect(isPositiveDefiniteMetric(identityMetric())).toBe(true);
  });

  test('isIdentityMetric() sees one changed entry', () => {
    const metric = identityMetric();
    metric[metricIndex(4, 7)] = 0.01;
    expect(isIdentityMetric(metric)).toBe(false);
  });

  test('isPositiveDefiniteMetric() rejects an indefinite matrix', () => {
    const metric = identityMetric();
    metric[metricIndex(0, 1)] = 1.5; // [[1, 1.5], [1.5, 1]] has eigenvalue -0.5.
    expect(isPositiveDefiniteMetric(metric)).toBe(false);
  });
});
