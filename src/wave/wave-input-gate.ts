/**
 * The input gate in front of every propagator (issue 4, spec §5.4): a (state, params) pair a
 * propagator may be handed. The Dojo's invalid-input attacks (NaN/Inf injection, negative
 * damping, resonance above 1, a refractive index whose square underflows, a time step past the
 * stability bound) are rejected here, before any candidate runs; the Dojo counts a rejection as
 * surviving. The built-in propagator asserts its parameters but not its state, so the runtime
 * must run every propagator — the built-in included — behind {@link gatedPropagator}.
 */
import { assert } from '../core/index.ts';
import { stableTimeStep, type WaveParams } from './wave-params.ts';
import type { AdvanceOptions, Propagator } from './propagator.ts';
import type { WaveState } from './wave-state.ts';

/**
 * Why `state` and `params` may not be propagated; empty when they may.
 * Rules: c, α, β, N ≥ 0 finite (c > 0); emitters finite and on nodes; ψ, v, a finite;
 * r ∈ [0, 1]; s > 0 with s² a positive normal number; 0 < dt ≤ the stable step (wave-params.ts).
 * An amplitude above the clamp is allowed: clamping it is the propagator's job (Dojo spike).
 * @param state - the state
 * @param params - the parameters
 */
export function waveInputProblems(state: WaveState, params: WaveParams): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => { if (!ok) problems.push(problem); };
  check(params.c > 0 && Number.isFinite(params.c), 'c is not positive and finite');
  check(params.alpha >= 0 && Number.isFinite(params.alpha), 'alpha is not non-negative and finite');
  check(params.beta >= 0 && Number.isFinite(params.beta), 'beta is not non-negative and finite');
  const norepinephrine = params.norepinephrine ?? 0;
  check(norepinephrine >= 0 && Number.isFinite(norepinephrine), 'norepinephrine is not non-negative and finite');
  for (const e of params.emitters ?? []) {
    check(Number.isInteger(e.node) && e.node >= 0 && e.node < state.graph.nodeCount, 'an emitter is off the graph');
    check(Number.isFinite(e.re) && Number.isFinite(e.im) && Number.isFinite(e.angularFrequency ?? 0), 'an emitter is not finite');
  }
  const arrays = { psi: [state.psiRe, state.psiIm], v: [state.vRe, state.vIm], a: [state.aRe, state.aIm] };
  for (const [name, parts] of Object.entries(arrays)) check(parts.every(allFinite), `${name} holds NaN or Inf`);
  check(state.resonance.every((r) => r >= 0 && r <= 1), 'a resonance is outside [0, 1]');
  check(state.refractiveIndex.every((s) => s > 0 && s * s >= Number.MIN_VALUE * 2 ** 52 && Number.isFinite(s * s)),
    'a refractive index is not positive with a normal square');
  if (problems.length > 0) return problems; // the stable step is meaningless on bad values
  const dtMax = stableTimeStep(state, params);
  check(params.dt > 0 && params.dt <= dtMax, `dt ${params.dt} is outside (0, ${dtMax}] (the stable step)`);
  return problems;
}

/**
 * `propagator` behind the gate: a rejected input fails an assertion (the caller's bug) before
 * the propagator sees it.
 * @param propagator - any propagator
 */
export function gatedPropagator(propagator: Propagator): Propagator {
  return {
    name: propagator.name,
    advance(state: WaveState, params: WaveParams, options?: AdvanceOptions): WaveState {
      const problems = waveInputProblems(state, params);
      assert(problems.length === 0, `wave input rejected: ${problems.join('; ')}`);
      return propagator.advance(state, params, options);
    },
  };
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
