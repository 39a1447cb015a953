/**
 * The Hamiltonian of the wave equation (D3), summed with compensation (spec §5.4):
 *   H = ½Σᵢ mᵢ|vᵢ|² + ½⟨ψ, Lψ⟩ + V(ψ),   mᵢ = s_effᵢ²/c²,   V(ψ) = Σᵢ β·mᵢ·|ψᵢ|⁴/4.
 *
 * Derivation of V. Write ψ = x + iy and treat (x, y) as real coordinates with masses m. A
 * conservative system obeys mᵢẍᵢ = −∂H/∂xᵢ and mᵢÿᵢ = −∂H/∂yᵢ, i.e.
 * mᵢψ̈ᵢ = −(∂/∂xᵢ + i∂/∂yᵢ)H = −2∂H/∂ψᵢ* (Wirtinger: ∂/∂ψ* = ½(∂/∂x + i∂/∂y)).
 * Kinetic and coupling terms: ½⟨ψ, Lψ⟩ = ½(xᵀLx + yᵀLy) gives −(Lψ)ᵢ, so with mᵢ = s_effᵢ²/c²,
 * ψ̈ᵢ = (c²/s_effᵢ²)(−Lψ)ᵢ: the D3 wave term. The D3 cubic term −β|ψᵢ|²ψᵢ is an acceleration,
 * not scaled by c²/s², so its force is mᵢ·(−β|ψᵢ|²ψᵢ) and V must satisfy
 * 2∂V/∂ψᵢ* = β·mᵢ·|ψᵢ|²ψᵢ. Since ∂|ψ|⁴/∂ψ* = ∂(ψψ*)²/∂ψ* = 2|ψ|²ψ, V = Σ β·mᵢ·|ψᵢ|⁴/4 works
 * (in real terms ∂/∂x [βm(x²+y²)²/4] = βm(x²+y²)x). Both V ≥ 0 and the coupling are bounded
 * below for β ≥ 0, so H bounds the amplitudes. Damping dissipates: dH/dt = −Σ α(1−rᵢ)mᵢ|vᵢ|² ≤ 0;
 * emitters do work Σ mᵢ Re(vᵢ* eᵢ). The amplitude clamp is not conservative; it acts only
 * above |ψ| = 4.
 */
import { kahanAdd, kahanSum, kahanValue } from '../core/index.ts';
import type { WaveParams } from './wave-params.ts';
import type { WaveState } from './wave-state.ts';

/** The parts of H. */
export interface WaveEnergy {
  /** ½Σ m|v|². */
  readonly kinetic: number;
  /** ½⟨ψ, Lψ⟩ = ½Σ_{edges} w|ψᵢ − ψⱼ|². */
  readonly coupling: number;
  /** Σ β·m·|ψ|⁴/4. */
  readonly nonlinear: number;
  /** The sum of the three. */
  readonly total: number;
}

/**
 * The energy of `state` under `params` (c, β, norepinephrine are read; α, dt, emitters are not).
 * @param state - the state
 * @param params - the parameters
 */
export function waveEnergy(state: WaveState, params: Pick<WaveParams, 'c' | 'beta' | 'norepinephrine'>): WaveEnergy {
  const { rowStart, neighbour, weight, nodeCount } = state.graph;
  const { psiRe, psiIm, vRe, vIm, refractiveIndex } = state;
  const boost = 1 + (params.norepinephrine ?? 0);
  const massScale = 1 / (params.c * params.c * boost * boost);
  const kinetic = kahanSum(), coupling = kahanSum(), nonlinear = kahanSum();
  for (let i = 0; i < nodeCount; i++) {
    const s = refractiveIndex[i]!;
    const mass = s * s * massScale;
    const pr = psiRe[i]!, pi = psiIm[i]!;
    const squared = pr * pr + pi * pi;
    kahanAdd(kinetic, 0.5 * mass * (vRe[i]! * vRe[i]! + vIm[i]! * vIm[i]!));
    kahanAdd(nonlinear, 0.25 * params.beta * mass * squared * squared);
    let edges = 0;
    for (let e = rowStart[i]!, end = rowStart[i + 1]!; e < end; e++) {
      const j = neighbour[e]!;
      if (j <= i) continue; // each undirected edge once
      const dr = pr - psiRe[j]!, di = pi - psiIm[j]!;
      edges += weight[e]! * (dr * dr + di * di);
    }
    kahanAdd(coupling, 0.5 * edges);
  }
  const parts = { kinetic: kahanValue(kinetic), coupling: kahanValue(coupling), nonlinear: kahanValue(nonlinear) };
  return { ...parts, total: parts.kinetic + parts.coupling + parts.nonlinear };
}
