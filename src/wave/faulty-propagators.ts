/**
 * Deliberately faulty propagators (issue 4, spec §5.4 Gate 1): each carries one bug that a
 * plausible "optimization" could introduce. The Physics Oracle plus the Dojo must reject every
 * one and accept the built-in (physics-gate.ts); `noctem oracle` runs them all. On a k-NN test
 * graph the last four slip past every Oracle check but those they were written for:
 * dropped-wrap past all but the ring checks (it also skews the ring's dispersion and steady
 * state), clock-skew past all but dispersion, component-clamp past all but the long run at the
 * clamp, frozen-emitter-phase past all but the driven steady state.
 */
import { accelerationInto, velocityVerletPropagator } from './velocity-verlet.ts';
import { cloneWaveState, type WaveState } from './wave-state.ts';
import type { AdvanceOptions, Propagator } from './propagator.ts';
import type { WaveParams } from './wave-params.ts';
import type { WaveGraph } from './wave-graph.ts';

/** A faulty candidate and the bug it carries. */
export interface FaultyPropagator extends Propagator {
  /** What is wrong with it, in one sentence. */
  readonly fault: string;
}

/** One in-place step of a hand-written candidate; `a` holds A at the step's start. */
type StepInPlace = (state: WaveState, params: WaveParams, time: number) => void;

/** The bundled faulty candidates, in a stable order. */
export const faultyPropagators: readonly FaultyPropagator[] = [
  stepping('amplitude-growth', 'multiplies ψ by 1.001 after every step', (state, params, time) => {
    verletWith(state, params, time, accelerationInto);
    for (let i = 0; i < state.psiRe.length; i++) { state.psiRe[i]! *= 1.001; state.psiIm[i]! *= 1.001; }
    accelerationInto(state, params, time + params.dt);
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
        const modulus = Math.sqrt(s.psiRe[i]! ** 2 + s.psiIm[i]! ** 2);
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
  wrapping('dropped-wrap', 'drops the edge joining the last node to the first (the ring\'s wrap-around)', (state, params, steps) => {
    const end = velocityVerletPropagator.advance({ ...state, graph: withoutWrapEdge(state.graph) }, params, { steps });
    return { ...end, graph: state.graph };
  }),
  wrapping('clock-skew', 'advances 1.02·dt of physics per step (a 2% clock error)', (state, params, steps) =>
    velocityVerletPropagator.advance(state, { ...params, dt: params.dt * 1.02 }, { steps })),
  stepping('component-clamp', 'clamps Re ψ and Im ψ to ±4 separately, so |ψ| can reach 4√2', (state, params, time) => {
    const half = params.dt / 2;
    axpy(state.vRe, half, state.aRe); axpy(state.vIm, half, state.aIm);
    axpy(state.psiRe, params.dt, state.vRe); axpy(state.psiIm, params.dt, state.vIm);
    for (const psi of [state.psiRe, state.psiIm]) for (let i = 0; i < psi.length; i++) psi[i] = Math.min(4, Math.max(-4, psi[i]!));
    accelerationInto(state, params, time + params.dt);
    axpy(state.vRe, half, state.aRe); axpy(state.vIm, half, state.aIm);
  }),
  wrapping('frozen-emitter-phase', 'ignores the emitters\' angular frequency (drives at ω = 0)', (state, params, steps) => {
    const emitters = params.emitters?.map((emitter) => ({ ...emitter, angularFrequency: 0 }));
    return velocityVerletPropagator.advance(state, emitters === undefined ? params : { ...params, emitters }, { steps });
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
    const modulus = Math.sqrt(state.psiRe[i]! ** 2 + state.psiIm[i]! ** 2);
    if (modulus > 4) { state.psiRe[i]! *= 4 / modulus; state.psiIm[i]! *= 4 / modulus; }
  }
  acceleration(state, params, time + params.dt);
  axpy(state.vRe, half, state.aRe); axpy(state.vIm, half, state.aIm);
}

/** y ← y + a·x. */
function axpy(y: Float64Array, a: number, x: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + a * x[i]!;
}

/** The graph without the edges joining node n−1 and node 0 (on a ring: the wrap edge). */
function withoutWrapEdge(graph: WaveGraph): WaveGraph {
  const last = graph.nodeCount - 1;
  const dropped = (a: number, b: number): boolean => (a === 0 && b === last) || (a === last && b === 0);
  const rowStart = new Int32Array(graph.nodeCount + 1);
  const neighbour: number[] = [], weight: number[] = [];
  const degree = new Float64Array(graph.nodeCount);
  for (let a = 0; a < graph.nodeCount; a++) {
    for (let e = graph.rowStart[a]!; e < graph.rowStart[a + 1]!; e++) {
      if (dropped(a, graph.neighbour[e]!)) continue;
      neighbour.push(graph.neighbour[e]!); weight.push(graph.weight[e]!);
      degree[a]! += graph.weight[e]!;
    }
    rowStart[a + 1] = neighbour.length;
  }
  return { nodeCount: graph.nodeCount, rowStart, neighbour: Int32Array.from(neighbour), weight: Float64Array.from(weight), degree };
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
