/**
 * The built-in reference propagator: velocity Verlet on the wave equation of D3 (see
 * wave-params.ts). Each step is kick–drift–kick:
 *   v ← v + ½dt·a;  ψ ← clamp(ψ + dt·v);  a ← A(ψ, v);  v ← v + ½dt·a.
 * With α = 0 and no emitters A depends on ψ only, so the scheme is symplectic and exactly
 * time-reversible (up to rounding) and its energy error stays bounded at O((ω·dt)²) instead of
 * drifting. With damping, A uses the half-step velocity (a standard explicit choice).
 */
import { assert, limits } from '../core/index.ts';
import { nonaryAmplitudeMax, assertWaveParams, type WaveParams } from './wave-params.ts';
import { accelerationRangeInto, addEmittersInto } from './acceleration-kernel.ts';
import { cloneWaveState, type WaveState } from './wave-state.ts';
import type { AdvanceOptions, Propagator } from './propagator.ts';

/** The reference propagator. */
export const velocityVerletPropagator: Propagator = {
  name: 'velocity-verlet',
  advance(state: WaveState, params: WaveParams, options: AdvanceOptions = {}): WaveState {
    const steps = options.steps ?? 1;
    assert(Number.isInteger(steps) && steps >= 0 && steps <= limits.waveStepsMax, 'steps within limits');
    assertWaveParams(params, state.graph.nodeCount);
    const next = cloneWaveState(state);
    accelerationInto(next, params, state.time);
    let time = state.time;
    for (let step = 0; step < steps; step++) {
      verletStepInPlace(next, params, time);
      time += params.dt;
    }
    return { ...next, time };
  },
};

/**
 * Writes A(ψ, v, t) into state.aRe/aIm:
 * aᵢ = (c²/s_effᵢ²)(−Lψ)ᵢ − α(1−rᵢ)vᵢ − β|ψᵢ|²ψᵢ + eᵢ(t).
 * @param state - the state whose `a` is overwritten (its other arrays are read)
 * @param params - the parameters
 * @param time - t, for oscillating emitters
 */
export function accelerationInto(state: WaveState, params: WaveParams, time: number): void {
  const boost = 1 + (params.norepinephrine ?? 0);
  const coefficients = { cBoostSquared: params.c * params.c * boost * boost, alpha: params.alpha, beta: params.beta };
  accelerationRangeInto({ ...state.graph, ...state }, { first: 0, end: state.graph.nodeCount }, coefficients);
  addEmittersInto(state, params.emitters ?? [], time);
}

/**
 * Scales every |ψᵢ| > amplitudeMax back onto the limit, keeping its phase.
 * @param state - the state whose ψ is clamped in place
 * @param amplitudeMax - the limit (default 4)
 */
export function clampAmplitudeInPlace(state: WaveState, amplitudeMax = nonaryAmplitudeMax): void {
  const { psiRe, psiIm } = state;
  const limitSquared = amplitudeMax * amplitudeMax;
  for (let i = 0; i < psiRe.length; i++) {
    const pr = psiRe[i]!, pi = psiIm[i]!;
    const squared = pr * pr + pi * pi;
    if (squared > limitSquared) {
      const scale = amplitudeMax / Math.sqrt(squared);
      psiRe[i] = pr * scale;
      psiIm[i] = pi * scale;
    }
  }
}

/** One kick–drift–kick step; `a` must hold A at the step's start. */
function verletStepInPlace(state: WaveState, params: WaveParams, time: number): void {
  const { psiRe, psiIm, vRe, vIm, aRe, aIm } = state;
  const halfDt = params.dt / 2, dt = params.dt;
  for (let i = 0; i < psiRe.length; i++) {
    const vr = vRe[i]! + halfDt * aRe[i]!, vi = vIm[i]! + halfDt * aIm[i]!;
    vRe[i] = vr; vIm[i] = vi;
    psiRe[i] = psiRe[i]! + dt * vr;
    psiIm[i] = psiIm[i]! + dt * vi;
  }
  clampAmplitudeInPlace(state, params.amplitudeMax ?? nonaryAmplitudeMax);
  accelerationInto(state, params, time + dt);
  for (let i = 0; i < psiRe.length; i++) {
    vRe[i] = vRe[i]! + halfDt * aRe[i]!;
    vIm[i] = vIm[i]! + halfDt * aIm[i]!;
  }
}
