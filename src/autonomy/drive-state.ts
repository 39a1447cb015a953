/**
 * The drive state of spec §5.1 (ENGS, GAP-005): three chemicals, dopamine D, serotonin S and
 * norepinephrine N, each a level in [0, 1], and the ATP reserve A as a fraction of its maximum.
 * The chemicals evolve by drive-integrator.ts around their baselines; ATP is a budget with its
 * own dynamics (D6: spent by activity, refilled by naps) that the metabolism sets here so the
 * chemicals and the snapshot see it.
 */
import { NoctemError } from '../core/index.ts';
import { driveBaseline } from '../wave/index.ts';
import { coupledChemicals } from './coupling-matrix.ts';

/** The four drive values. Chemicals and ATP lie in [0, 1]. */
export interface DriveState {
  /** D: reward prediction; gates the learning rate η(D). */
  readonly dopamine: number;
  /** S: stability; sets the metric elasticity λ(S). */
  readonly serotonin: number;
  /** N: arousal; lowers the relevance gate and the refractive index s/(1+N). */
  readonly norepinephrine: number;
  /** A: the ATP reserve as a fraction of the budget's maximum (set by the metabolism). */
  readonly atpFraction: number;
}

/** A chemical of the drive state (the coupling matrix's order). */
export type Chemical = (typeof coupledChemicals)[number];

/** The drive state's keys, in snapshot order [D, S, N, A]. */
export const driveKeys = [...coupledChemicals, 'atpFraction'] as const;

/**
 * Resting levels the homeostasis pulls toward: D_base = S_base = 0.5 (spec §5.1), and
 * N_base = 0 (calm: the relevance gate at the spec's calm 0.6, and propagation at the wave
 * layer's default norepinephrine 0).
 */
export const driveBaselines: Readonly<Record<Chemical, number>> = Object.freeze({
  dopamine: driveBaseline,
  serotonin: driveBaseline,
  norepinephrine: 0,
});

/** The state of a new home: every chemical at its baseline and a full ATP reserve. */
export const initialDriveState: DriveState = Object.freeze({ ...driveBaselines, atpFraction: 1 });

/**
 * Clamps a level into [0, 1] (the drives' saturation).
 * @param level - a finite number
 */
export function clampUnit(level: number): number {
  return Math.min(1, Math.max(0, level));
}

/**
 * Checks a drive state read from outside (a persisted file, a setting) and returns it typed.
 * @param value - anything
 * @returns the state, with exactly the four keys
 * @throws {NoctemError} AUTONOMY_DRIVES_INVALID when a value is missing, not a number or
 *   outside [0, 1]
 */
export function parseDriveState(value: unknown): DriveState {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const bad = driveKeys.filter((key) => {
    const level = record?.[key];
    return typeof level !== 'number' || !(level >= 0 && level <= 1);
  });
  if (record === undefined || bad.length > 0) {
    throw new NoctemError('AUTONOMY_DRIVES_INVALID', `Cannot read the drive state: ${record === undefined ? 'it is not an object' : `${bad.join(', ')} must be numbers in [0, 1]`}`, { details: { keys: bad } });
  }
  const [dopamine, serotonin, norepinephrine, atpFraction] = driveKeys.map((key) => record[key] as number);
  return { dopamine: dopamine!, serotonin: serotonin!, norepinephrine: norepinephrine!, atpFraction: atpFraction! };
}
