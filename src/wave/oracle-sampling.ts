/**
 * Sampled runs for the Physics Oracle's long checks: a propagator is advanced in chunks and the
 * caller looks at the state between chunks (a phase, an energy, a flux), so a check sees the
 * whole trajectory rather than only its end. Pure.
 */
import { assert, limits } from '../core/index.ts';
import { isFiniteWaveState, type WaveState } from './wave-state.ts';
import type { Propagator } from './propagator.ts';
import type { WaveParams } from './wave-params.ts';

/** One sampled run: where it starts, under what parameters, how long, and who looks. */
export interface SampledRun {
  /** The initial state (unchanged). */
  readonly start: WaveState;
  /** The parameters of every chunk. */
  readonly params: WaveParams;
  /** Total steps, 0..limits.waveStepsMax. */
  readonly steps: number;
  /** Steps per chunk (≥ 1); the last chunk may be shorter. */
  readonly chunkSteps: number;
  /** Called with each chunk's end state and the steps done so far. @default none */
  readonly visit?: (state: WaveState, stepsDone: number) => void;
}

/**
 * Advances `run.start` by `run.steps` steps in chunks, calling `run.visit` after every chunk.
 * The state handed to the propagator is always the one it returned last, so a candidate runs
 * one continuous trajectory. Stops at the first chunk whose result is not finite, or not a
 * state of the same size, and returns undefined then.
 * @param propagator - the candidate (its throws propagate to the caller)
 * @param run - start, parameters, step counts and the visitor
 * @returns the final state, or undefined when a chunk produced NaN/Inf
 */
export function advanceSampled(propagator: Propagator, run: SampledRun): WaveState | undefined {
  const { start, params, steps, chunkSteps } = run;
  assert(Number.isInteger(steps) && steps >= 0 && steps <= limits.waveStepsMax, 'sampled steps within limits');
  assert(Number.isInteger(chunkSteps) && chunkSteps >= 1, 'chunks hold at least one step');
  let state = start;
  for (let done = 0; done < steps; ) {
    const chunk = Math.min(chunkSteps, steps - done);
    state = propagator.advance(state, params, { steps: chunk });
    done += chunk;
    if (state.psiRe.length !== start.psiRe.length || !isFiniteWaveState(state)) return undefined;
    run.visit?.(state, done);
  }
  return state;
}
