/**
 * Goal: validateCouplingMatrix() accepts our coupling matrix and rejects the spec's (D6), and
 * reports each failed check (Gershgorin discs, eigenvalue real parts).
 * Method: the spec's GAP-005 table with its unnamed entries drawn at random (its dopamine row
 * fails whatever they are), hand-built matrices for each failure (Gershgorin can fail on a
 * stable matrix; the eigenvalue check cannot fail alone, Gershgorin implying it), and ours.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { NoctemError } from '../core/index.ts';
import type { RealMatrix } from './real-eigenvalues.ts';
import { assertStableCoupling, noctemCouplingMatrix, specCouplingMatrix, validateCouplingMatrix } from './coupling-matrix.ts';

describe('coupling matrix', () => {
  test('validateCouplingMatrix() accepts Noctem\'s matrix: every disc left of 0 and every eigenvalue negative', () => {
    const verdict = validateCouplingMatrix(noctemCouplingMatrix);
    expect(verdict.stable).toBe(true);
    expect(verdict.gershgorinOk).toBe(true);
    expect(verdict.failures).toEqual([]);
    expect(verdict.spectralAbscissa).toBeLessThan(0);
    expect(verdict.logNormInfinity).toBeLessThan(0);
    // Time constants stay on the scales documented in docs/decisions.md "Drives".
    expect(verdict.eigenvalues.map((v) => Math.round(1 / -v.re))).toEqual([20_786, 108, 20]);
  });

  test('validateCouplingMatrix() rejects the spec\'s matrix by its dopamine row, whatever its unnamed entries', () => {
    fc.assert(fc.property(
      fc.record({
        lambdaS: fc.double({ min: 0, max: 10, noNaN: true }), lambdaN: fc.double({ min: 0, max: 10, noNaN: true }),
        lambdaA: fc.double({ min: 0, max: 10, noNaN: true }), kappaSA: fc.double({ min: -1, max: 1, noNaN: true }),
        kappaNA: fc.double({ min: -1, max: 1, noNaN: true }), kappaND: fc.double({ min: -1, max: 1, noNaN: true }),
      }),
      (unknowns) => {
        const verdict = validateCouplingMatrix(specCouplingMatrix(unknowns));
        expect(verdict.stable).toBe(false);
        expect(verdict.discs[0]).toMatchObject({ centre: -0.15, inLeftHalfPlane: false });
        expect(verdict.discs[0]!.radius).toBeCloseTo(0.18, 15);
        expect(verdict.failures[0]).toMatch(/^row 0:/);
      },
    ));
  });

  test('validateCouplingMatrix() rejects a growing diagonal that the spec\'s |mᵢᵢ| test would accept', () => {
    const verdict = validateCouplingMatrix([[0.5, 0.1], [0, -1]]);
    expect(verdict.gershgorinOk).toBe(false);
    expect(verdict.spectralAbscissa).toBeCloseTo(0.5, 15);
    expect(verdict.failures).toHaveLength(2);
  });

  test('validateCouplingMatrix() reports the zero eigenvalue an uncoupled ATP row would add (why ATP is not in M)', () => {
    const withAtp = [...noctemCouplingMatrix.map((row) => [...row, 0]), [0, 0, 0, 0]];
    const verdict = validateCouplingMatrix(withAtp);
    expect(verdict.spectralAbscissa).toBe(0);
    expect(verdict.stable).toBe(false);
    expect(verdict.failures.some((f) => f.startsWith('an eigenvalue'))).toBe(true);
  });

  test('validateCouplingMatrix() records that a Hurwitz matrix failing Gershgorin is still rejected', () => {
    // Eigenvalues −1 ± 2i (stable), but row 0 is not diagonally dominant.
    const verdict = validateCouplingMatrix([[-1, 2], [-2, -1]]);
    expect(verdict.spectralAbscissa).toBeCloseTo(-1, 14);
    expect(verdict.eigenvalues.map((v) => Math.abs(v.im))).toEqual([2, 2]);
    expect(verdict.gershgorinOk).toBe(false);
    expect(verdict.stable).toBe(false);
  });

  test('assertStableCoupling() throws AUTONOMY_COUPLING_UNSTABLE for an unstable or malformed matrix', () => {
    const code = (matrix: RealMatrix): string | undefined => {
      try { assertStableCoupling(matrix); return undefined; } catch (error) { return error instanceof NoctemError ? error.code : 'not a NoctemError'; }
    };
    expect(code(specCouplingMatrix({ lambdaS: 1, lambdaN: 1, lambdaA: 3, kappaSA: 0, kappaNA: 0, kappaND: 0 }))).toBe('AUTONOMY_COUPLING_UNSTABLE');
    expect(code([[1, 2]])).toBe('AUTONOMY_COUPLING_UNSTABLE');
    expect(code([[Number.POSITIVE_INFINITY]])).toBe('AUTONOMY_COUPLING_UNSTABLE');
    expect(code([])).toBe('AUTONOMY_COUPLING_UNSTABLE');
    expect(code(noctemCouplingMatrix.map((row) => [...row]))).toBeUndefined();
  });
});
