/**
 * The linear coupling matrix M of the drive dynamics dx/dt = M·x + F_nl + I_ext (spec §5.1
 * GAP-005, DESIGN D6), where x is the chemicals' deviation from their baselines, and its
 * stability check.
 *
 * Ours is 3×3 over [dopamine D, serotonin S, norepinephrine N]. ATP is not in M (D6): it is a
 * budget spent by activity and refilled by naps (metabolism), not a chemical pulled back to a
 * baseline. Putting it in M with no restoring term would give M a zero eigenvalue; the spec's
 * −λ_A would make ATP drift back to an equilibrium by itself. ATP acts one way, on D and N,
 * through the fatigue term of drive-integrator.ts.
 *
 * A matrix is accepted when it passes two checks: (1) Gershgorin by rows, every diagonal entry
 * negative and larger in size than the sum of the rest of its row, so every disc lies in the
 * open left half-plane; this also makes the ∞-norm log-norm μ∞(M) = maxᵢ(mᵢᵢ + Σⱼ≠ᵢ|mᵢⱼ|)
 * negative, so ‖e^{Mt}‖∞ ≤ e^{μ∞·t} < 1 and every integrator step contracts; (2) every
 * eigenvalue has a negative real part (asymptotic stability, computed by real-eigenvalues.ts).
 * (1) implies (2) in exact arithmetic; both are checked because (2) is the property we need
 * and (1) is the one the integrator's contraction proof uses. The spec writes the Gershgorin
 * test with |mᵢᵢ|, which would also accept a positive (growing) diagonal; ours demands mᵢᵢ < 0.
 */
import { NoctemError, limits } from '../core/index.ts';
import { realEigenvalues, type Eigenvalue, type RealMatrix } from './real-eigenvalues.ts';

/** The chemicals M couples, in matrix order. */
export const coupledChemicals = ['dopamine', 'serotonin', 'norepinephrine'] as const;

/** One row's Gershgorin disc: centre mᵢᵢ, radius Σⱼ≠ᵢ|mᵢⱼ|. */
export interface GershgorinDisc {
  readonly row: number;
  readonly centre: number;
  readonly radius: number;
  /** centre + radius < 0: the whole disc lies in the open left half-plane. */
  readonly inLeftHalfPlane: boolean;
}

/** The verdict of {@link validateCouplingMatrix}. */
export interface CouplingValidation {
  /** Both checks pass. */
  readonly stable: boolean;
  readonly discs: readonly GershgorinDisc[];
  /** Every disc lies in the open left half-plane. */
  readonly gershgorinOk: boolean;
  /** Eigenvalues by real part, descending. */
  readonly eigenvalues: readonly Eigenvalue[];
  /** The largest eigenvalue real part; < 0 means asymptotically stable. */
  readonly spectralAbscissa: number;
  /** μ∞(M) = maxᵢ(mᵢᵢ + Σⱼ≠ᵢ|mᵢⱼ|), per unit time; negative when Gershgorin holds. */
  readonly logNormInfinity: number;
  /** One sentence per failed check, empty when stable. */
  readonly failures: readonly string[];
}

/**
 * Noctem's coupling matrix, per second, over [D, S, N] deviations from their baselines. The
 * spec's signs are kept (serotonin inhibits dopamine, norepinephrine amplifies it, dopamine
 * lifts serotonin, arousal lowers serotonin, dopamine lifts arousal, serotonin calms it); the
 * sizes are ours, chosen by time constant: dopamine returns to baseline in 1/0.01 = 100 s (the
 * spec's AtomicDopamine decay rate), serotonin in 20 000 s (≈ 5.6 h, a circadian-like scale),
 * norepinephrine in 20 s (arousal is brief). Each off-diagonal row sum is 60–70 % of its
 * diagonal (D: 0.007 < 0.01, S: 3.5e-5 < 5e-5, N: 0.03 < 0.05); docs/decisions.md "Drives".
 */
export const noctemCouplingMatrix: RealMatrix = Object.freeze([
  Object.freeze([-0.01, -0.004, 0.003]),
  Object.freeze([0.000_015, -0.000_05, -0.000_02]),
  Object.freeze([0.01, -0.02, -0.05]),
]);

/** The entries GAP-005 leaves unnamed: λ_S, λ_N, λ_A, κ_SA, κ_NA and κ_ND. */
export interface SpecCouplingUnknowns {
  readonly lambdaS: number;
  readonly lambdaN: number;
  readonly lambdaA: number;
  readonly kappaSA: number;
  readonly kappaNA: number;
  readonly kappaND: number;
}

/**
 * The spec's 4×4 matrix over [D, S, N, A] (§5.1 GAP-005) with its table's values
 * (λ_D = 0.15, κ_DS = 0.10, κ_DN = 0.08, κ_SD = 0.05, κ_SN = 0.07, κ_NS = 0.06, φ_AD = 1.5,
 * φ_AN = 0.8) and the entries the table leaves out supplied by the caller. Its dopamine row
 * fails its own Gershgorin bound (0.15 < 0.10 + 0.08) whatever those are.
 * @param unknowns - the entries the spec does not give
 */
export function specCouplingMatrix(unknowns: SpecCouplingUnknowns): RealMatrix {
  const { lambdaS, lambdaN, lambdaA, kappaSA, kappaNA, kappaND } = unknowns;
  return [
    [-0.15, -0.10, 0.08, 0],
    [0.05, -lambdaS, -0.07, kappaSA],
    [kappaND, -0.06, -lambdaN, kappaNA],
    [-1.5, 0, -0.8, -lambdaA],
  ];
}

/**
 * Checks a coupling matrix by Gershgorin discs and by its eigenvalues (see the module
 * comment). Pure: returns the verdict; {@link assertStableCoupling} throws on it.
 * @param matrix - n×n finite entries, 1 ≤ n ≤ limits.couplingMatrixSizeMax
 * @throws {NoctemError} AUTONOMY_COUPLING_UNSTABLE when the matrix is not square, empty, too
 *   large or has a non-finite entry (it cannot be checked at all)
 */
export function validateCouplingMatrix(matrix: RealMatrix): CouplingValidation {
  const n = matrix.length;
  const square = n >= 1 && n <= limits.couplingMatrixSizeMax && matrix.every((row) => row.length === n && row.every(Number.isFinite));
  if (!square) {
    throw new NoctemError('AUTONOMY_COUPLING_UNSTABLE', `Cannot check a coupling matrix that is not square with 1 to ${limits.couplingMatrixSizeMax} rows of finite numbers`);
  }
  const discs = matrix.map((row, i): GershgorinDisc => {
    const radius = row.reduce((sum, value, j) => (j === i ? sum : sum + Math.abs(value)), 0);
    const centre = row[i]!;
    return { row: i, centre, radius, inLeftHalfPlane: centre + radius < 0 };
  });
  const eigenvalues = realEigenvalues(matrix);
  const spectralAbscissa = eigenvalues[0]!.re;
  const failures = [
    ...discs.filter((disc) => !disc.inLeftHalfPlane).map((disc) =>
      `row ${disc.row}: diagonal ${disc.centre} does not outweigh the rest of the row (${disc.radius}), so its Gershgorin disc reaches Re ≥ 0`),
    ...(spectralAbscissa < 0 ? [] : [`an eigenvalue has real part ${spectralAbscissa} ≥ 0`]),
  ];
  return {
    stable: failures.length === 0,
    discs,
    gershgorinOk: discs.every((disc) => disc.inLeftHalfPlane),
    eigenvalues,
    spectralAbscissa,
    logNormInfinity: Math.max(...discs.map((disc) => disc.centre + disc.radius)),
    failures,
  };
}

/**
 * Throws unless the matrix passes {@link validateCouplingMatrix}.
 * @param matrix - the coupling matrix to accept
 * @returns the validation, for its figures
 * @throws {NoctemError} AUTONOMY_COUPLING_UNSTABLE when a check fails
 */
export function assertStableCoupling(matrix: RealMatrix): CouplingValidation {
  const validation = validateCouplingMatrix(matrix);
  if (!validation.stable) {
    throw new NoctemError('AUTONOMY_COUPLING_UNSTABLE', `The coupling matrix is not stable: ${validation.failures.join('; ')}`, {
      details: { failures: validation.failures, spectralAbscissa: validation.spectralAbscissa },
    });
  }
  return validation;
}
