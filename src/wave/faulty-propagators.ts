/**
 * Deliberately faulty propagators (issue 4, spec §5.4 Gate 1): each carries one bug that a
 * plausible "optimization" could introduce. The Physics Oracle (plus, later, the Dojo) must
 * reject every one and accept the built-in. `noctem oracle` runs them all.
 */
import { accelerationInto, velocityVerletPropagator } from './velocity-verlet.ts';
import { cloneWaveState, type WaveState } from './wave-state.ts';
import type { AdvanceOptions, Propagator } from './propagator.ts';
import type { WaveParams } from './wave-params.ts';

/** A faulty candidate and the bug it carries. */
export interface FaultyPropagator extends Propagator {
  /** What is wrong with it, in one sentence. */
  readonly fault: string;
}

/** One in-place step of a hand-written candidate; `a` holds A at the step's start. */
type StepInPlace = (state: WaveState, params: WaveParams, time: number) => void;

/** The bundled faulty candidates, in a stable order. */
export const faultyPropagators: readonly FaultyPropagator[] = [
  wrapping('amplitude-growth', 'multiplies ψ by 1.001 after every step', (state, params, steps) => {
    let next = state;
    for (let k = 0; k < steps; k++) {
      next = velocityVerletPropagator.advance(next, params);
      for (let i = 0; i < next.psiRe.length; i++) { next.psiRe[i]! *= 1.001; next.psiIm[i]! *= 1.001; }
    }
    return next;
  }),
  stepping('forward-euler', 'integrates with forward Euler (ψ and v both from the old state)', (state, params, time) => {
    axpy(state.psiRe, params.dt, state.vRe); axpy(state.psiIm, params.dt, state.vIm);
    axpy(state.vRe, params.dt, state.aRe); axpy(state.vIm, params.dt, state.aIm);
    accelerationInto(state, params, time + params.dt);
  }),
  stepping('symplectic-euler', 'uses first-order semi-implicit Euler, which is not time-reversible', (state, params, time) => {
    axpy(state.vRe, params.dt, state.aRe); axpy(state.vIm, params.dt, state.aIm);
    axpy(state.psiRe, params.dt, state.vRe); axpy(state.psiIm, params.dt, state.vIm);
    accelerationInto(state, params, time + params.dt);
  }),
  stepping('wrong-laplacian-sign', 'adds +Lψ instead of −Lψ (anti-diffusion)', (state, params, time) => {
    verletWith(state, params, time, (s, p, t) => {
      accelerationInto(s, p, t);
      const lap = laplacianOf(s);
      const boost = (1 + (p.norepinephrine ?? 0)) ** 2 * p.c * p.c;
      for (let i = 0; i < s.aRe.length; i++) {
        const k = (2 * boost) / s.refractiveIndex[i]! ** 2;
        s.aRe[i]! += k * lap.re[i]!; s.aIm[i]! += k * lap.im[i]!;
      }
    });
  }),
  wrapping('no-amplitude-clamp', 'drops the |ψ| ≤ 4 clamp', (state, params, steps) =>
    velocityVerletPropagator.advance(state, { ...params, amplitudeMax: Infinity }, { steps })),
  wrapping('dropped-nonlinear-term', 'drops the −β|ψ|²ψ term', (state, params, steps) =>
    velocityVerletPropagator.advance(state, { ...params, beta: 0 }, { steps })),
  wrapping('time-unit-error', 'reads dt in milliseconds as seconds (1000× the step)', (state, params, steps) =>
    velocityVerletPropagator.advance(state, { ...params, dt: params.dt * 1000 }, { steps })),
  wrapping('ignores-refractive-index', 'uses wave speed c everywhere, ignoring s', (state, params, steps) => {
    const ones = new Float64Array(state.refractiveIndex.length).fill(1);
    const end = velocityVerletPropagator.advance(cloneWaveState(state, { refractiveIndex: ones }), params, { steps });
    return { ...end, refractiveIndex: state.refractiveIndex.slice() };
  }),
  stepping('nan-at-zero', 'computes β|ψ|²ψ as β|ψ|³·ψ/|ψ|, which is 0/0 at ψ = 0', (state, params, time) => {
    verletWith(state, params, time, (s, p, t) => {
      accelerationInto(s, { ...p, beta: 0 }, t);
      for (let i = 0; i < s.aRe.length; i++) {
        const modulus = Math.hypot(s.psiRe[i]!, s.psiIm[i]!);
        s.aRe[i]! -= p.beta * modulus ** 3 * (s.psiRe[i]! / modulus);
        s.aIm[i]! -= p.beta * modulus ** 3 * (s.psiIm[i]! / modulus);
      }
    });
  }),
  wrapping('negative-damping', 'flips the damping sign, pumping energy in', (state, params, steps) => {
    const flipped = cloneWaveState(state, { resonance: state.resonance.map((r) => 2 - r) });
    const end = velocityVerletPropagator.advance(flipped, params, { steps });
    return { ...end, resonance: state.resonance.slice() };
  }),
];

function wrapping(name: string, fault: string, run: (state: WaveState, params: WaveParams, steps: number) => WaveState): FaultyPropagator {
  return { name, fault, advance: (state, params, options: AdvanceOptions = {}) => run(state, params, options.steps ?? 1) };
}

function stepping(name: string, fault: string, step: StepInPlace): FaultyPropagator {
  return {
    name, fault,
    advance(state: WaveState, params: WaveParams, options: AdvanceOptions = {}): WaveState {
      const next = cloneWaveState(state);
      let time = state.time;
      accelerationInto(next, params, time);
      for (let k = 0; k < (options.steps ?? 1); k++, time += params.dt) step(next, params, time);
      return { ...next, time };
    },
  };
}

/** Velocity Verlet (with the clamp) under a replaced acceleration function. */
function verletWith(state: WaveState, params: WaveParams, time: number, acceleration: StepInPlace): void {
  const half = params.dt / 2;
  axpy(state.vRe, half, state.aRe); axpy(state.vIm, half, state.aIm);
  axpy(state.psiRe, params.dt, state.vRe); axpy(state.psiIm, params.dt, state.vIm);
  for (let i = 0; i < state.psiRe.length; i++) {
    const modulus = Math.hypot(state.psiRe[i]!, state.psiIm[i]!);
    if (modulus > 4) { state.psiRe[i]! *= 4 / modulus; state.psiIm[i]! *= 4 / modulus; }
  }
  acceleration(state, params, time + params.dt);
  axpy(state.vRe, half, state.aRe); axpy(state.vIm, half, state.aIm);
}

/** y ← y + a·x. */
function axpy(y: Float64Array, a: number, x: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + a * x[i]!;
}

function laplacianOf(state: WaveState): { re: Float64Array; im: Float64Array } {
  const { rowStart, neighbour, weight, nodeCount } = state.graph;
  const re = new Float64Array(nodeCount), im = new Float64Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) {
      const j = neighbour[e]!;
      re[i]! += weight[e]! * (state.psiRe[i]! - state.psiRe[j]!);
      im[i]! += weight[e]! * (state.psiIm[i]! - state.psiIm[j]!);
    }
  }
  return { re, im };
}
