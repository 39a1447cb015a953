import { describe, expect, test } from 'vitest';
import { firstPrincipalComponent, removeComponent } from './principal-component.ts';

describe('principal-component', () => {
  test('firstPrincipalComponent() finds the dominant direction with a positive largest entry', () => {
    const rows = Float32Array.of(3, 0.1, -3, -0.1, 2.9, 0, 0, 1);
    const u = firstPrincipalComponent(rows, 2);
    expect(Math.abs(u[0]!)).toBeGreaterThan(0.99);
    expect(u[0]!).toBeGreaterThan(0);
  });

  test('firstPrincipalComponent() of zero rows is zero', () => {
    expect(Array.from(firstPrincipalComponent(new Float32Array(4), 2))).toEqual([0, 0]);
  });

  test('removeComponent() leaves a vector orthogonal to the direction', () => {
    const v = Float32Array.of(2, 3);
    removeComponent(v, Float32Array.of(1, 0));
    expect(Array.from(v)).toEqual([0, 3]);
  });
});
