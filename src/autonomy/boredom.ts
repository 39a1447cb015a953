/**
 * Boredom (spec §5.1 AUTO-04, GAP-036): a level B ∈ [0, 1] that rises on every tick with no
 * new information by the sigmoidal rule
 *
 *   ΔB = α·(1 − tanh(k·J))
 *
 * and falls when information arrives. J is the evenness of the node-energy distribution
 * (H / log N, see energy-entropy.ts), not the raw entropy H: H grows with log N, so a fixed k
 * on raw H would make a large memory never bored and a small one always (AU2 in
 * docs/decisions.md). Low evenness (fixation, a field at rest) accumulates fastest, at α per
 * tick; a field spread evenly over all nodes accumulates slowly.
 *
 * Calibration (GAP-036: exploration about every 600 s of idle subjective time): starting from
 * B = 0 at a fixed idle evenness J₀, B reaches θ after θ / ΔB ticks, so
 *
 *   α = θ / (T · f · (1 − tanh(k·J₀)))
 *
 * with T the crossing time in seconds and f the tick rate in Hz: α scales as 1/f, so the
 * crossing takes T seconds at any tick rate (GAP-036's k_tick = k_sec / f plays that role
 * in the spec's logistic model, which has no per-tick increment to calibrate).
 *
 * Relief: a tick that brings n new nodes adds nothing and multiplies B by 2^(−n / n½), so n½
 * new nodes (default 8, a short document) halve boredom; crossing θ sets off curiosity, and
 * the caller resets B to 0 when it turns the frontier into goals (the exploration itself).
 */
import { assert, NoctemError } from '../core/index.ts';

/** The parameters of the boredom drive. */
export interface BoredomParams {
  /** α: the rise per idle tick at zero evenness (dimensionless per tick). */
  readonly alphaPerTick: number;
  /** k: sensitivity to evenness J ∈ [0, 1]. */
  readonly k: number;
  /** θ: the level above which curiosity looks for frontiers (spec θ_explore ≈ 0.8). */
  readonly threshold: number;
  /** n½: new nodes that halve boredom. */
  readonly reliefHalfNodes: number;
}

/** What {@link calibrateBoredom} fits the parameters to. */
export interface BoredomCalibration {
  /** The tick rate the drive is updated at, in Hz (> 0). */
  readonly tickRateHz: number;
  /** Evenness J₀ of an idle field, measured by the caller. @default 0.5 */
  readonly idleEvenness?: number;
  /** Idle subjective time from B = 0 to θ, in seconds (GAP-036). @default 600 */
  readonly crossingSeconds?: number;
  /** k, sensitivity to evenness. @default 2 (tanh(2) = 0.96: a perfectly even field rises at 4 % of α) */
  readonly k?: number;
  /** θ. @default 0.8 */
  readonly threshold?: number;
  /** n½. @default 8 */
  readonly reliefHalfNodes?: number;
}

/** What one tick brings. */
export interface BoredomTickInput {
  /** Evenness J ∈ [0, 1] of the node energies this tick. */
  readonly evenness: number;
  /** Nodes of new information (ingested chunks, questions asked) since the last tick. @default 0 */
  readonly newNodes?: number;
}

/**
 * Fits α to the tick rate and idle evenness (the formula in the module comment).
 * @param calibration - tick rate and targets
 * @returns parameters whose idle crossing of θ takes `crossingSeconds`
 * @throws {NoctemError} CONFIG_INVALID when a value is out of range
 */
export function calibrateBoredom(calibration: BoredomCalibration): BoredomParams {
  const { tickRateHz } = calibration;
  const idleEvenness = calibration.idleEvenness ?? 0.5;
  const crossingSeconds = calibration.crossingSeconds ?? 600;
  const k = calibration.k ?? 2;
  const threshold = calibration.threshold ?? 0.8;
  const reliefHalfNodes = calibration.reliefHalfNodes ?? 8;
  check(tickRateHz > 0 && tickRateHz <= 1e6, 'tickRateHz', tickRateHz, 'in (0, 1e6]');
  check(idleEvenness >= 0 && idleEvenness <= 1, 'idleEvenness', idleEvenness, 'in [0, 1]');
  check(crossingSeconds > 0 && crossingSeconds < 1e9, 'crossingSeconds', crossingSeconds, 'positive');
  check(k >= 0 && k <= 100, 'k', k, 'in [0, 100]');
  check(threshold > 0 && threshold < 1, 'threshold', threshold, 'in (0, 1)');
  check(reliefHalfNodes > 0 && reliefHalfNodes < 1e9, 'reliefHalfNodes', reliefHalfNodes, 'positive');
  const ticks = crossingSeconds * tickRateHz;
  const alphaPerTick = threshold / (ticks * (1 - Math.tanh(k * idleEvenness)));
  return { alphaPerTick, k, threshold, reliefHalfNodes };
}

/**
 * One tick of boredom: ΔB = α(1 − tanh(kJ)) when nothing new arrived, else relief.
 * @param level - B before the tick, in [0, 1]
 * @param input - this tick's evenness and new nodes
 * @param params - from {@link calibrateBoredom}
 * @returns B after the tick, in [0, 1]
 */
export function boredomTick(level: number, input: BoredomTickInput, params: BoredomParams): number {
  const newNodes = input.newNodes ?? 0;
  assert(level >= 0 && level <= 1, 'boredom is in [0, 1]');
  assert(input.evenness >= 0 && input.evenness <= 1, 'evenness is in [0, 1]');
  assert(newNodes >= 0 && Number.isFinite(newNodes), 'new nodes are a non-negative count');
  if (newNodes > 0) return level * 2 ** (-newNodes / params.reliefHalfNodes);
  return Math.min(1, level + params.alphaPerTick * (1 - Math.tanh(params.k * input.evenness)));
}

/**
 * True when boredom has reached θ and curiosity should look for frontiers.
 * @param level - B
 * @param params - θ
 */
export function isBored(level: number, params: BoredomParams): boolean {
  return level >= params.threshold;
}

/**
 * The idle time from `level` to θ at a constant evenness (the closed form of the tick rule).
 * @param level - B now, in [0, 1]
 * @param evenness - J, held constant
 * @param options - the parameters and the tick rate in Hz
 * @returns seconds, rounded up to whole ticks (0 when already bored; ∞ when J is so even that B cannot rise)
 */
export function secondsUntilBored(level: number, evenness: number, options: { params: BoredomParams; tickRateHz: number }): number {
  const { params, tickRateHz } = options;
  if (level >= params.threshold) return 0;
  const perTick = params.alphaPerTick * (1 - Math.tanh(params.k * evenness));
  return Math.ceil((params.threshold - level) / perTick) / tickRateHz;
}

function check(ok: boolean, name: string, value: number, expected: string): void {
  if (!ok) {
    throw new NoctemError('CONFIG_INVALID', `Cannot use boredom ${name} ${value}: it must be ${expected}`, { details: { name, value } });
  }
}
