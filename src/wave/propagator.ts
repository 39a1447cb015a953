/**
 * The swappable propagator port (issue 4): a module that advances a {@link WaveState} under
 * {@link WaveParams}. The self-improvement loop may hot-swap implementations; every candidate
 * must pass the Physics Oracle (oracle.ts) first, and the built-in velocity-Verlet propagator
 * is the reference.
 */
import type { WaveParams } from './wave-params.ts';
import type { WaveState } from './wave-state.ts';

/** Options for one {@link Propagator.advance} call. */
export interface AdvanceOptions {
  /** Steps of size params.dt, 0..limits.waveStepsMax. @default 1 */
  readonly steps?: number;
}

/** A wave propagator. Contract: state in, state out; the input state is never mutated. */
export interface Propagator {
  /** A stable name, shown by `noctem oracle` and in audit entries. */
  readonly name: string;
  /**
   * The state `steps` steps later. The returned state's `a` is the acceleration at its (ψ, v).
   * @param state - the state to start from (unchanged)
   * @param params - the equation's parameters
   * @param options - step count
   */
  advance(state: WaveState, params: WaveParams, options?: AdvanceOptions): WaveState;
}
