/**
 * The per-node acceleration of D3, shared by the reference propagator (velocity-verlet.ts) and
 * the worker threads (worker-propagator-thread.ts) so both run the same arithmetic in the same
 * order and agree bit for bit:
 *   aᵢ = (c²/s_effᵢ²)(−Lψ)ᵢ − α(1−rᵢ)vᵢ − β|ψᵢ|²ψᵢ (+ eᵢ(t), added separately).
 * Pure; it writes only a over the given node range.
 */

/** The arrays the acceleration reads (CSR and state) and writes (a). */
export interface AccelerationArrays {
  readonly rowStart: Int32Array;
  readonly neighbour: Int32Array;
  readonly weight: Float64Array;
  readonly psiRe: Float64Array;
  readonly psiIm: Float64Array;
  readonly vRe: Float64Array;
  readonly vIm: Float64Array;
  readonly aRe: Float64Array;
  readonly aIm: Float64Array;
  readonly resonance: Float64Array;
  readonly refractiveIndex: Float64Array;
}

/** The equation's coefficients: c²(1+N)², α and β. */
export interface AccelerationCoefficients {
  readonly cBoostSquared: number;
  readonly alpha: number;
  readonly beta: number;
}

/** A constant-amplitude emitter, as wave-params.ts's WaveEmitter. */
interface Emitter {
  readonly node: number;
  readonly re: number;
  readonly im: number;
  readonly angularFrequency?: number;
}

/**
 * Writes the field part of aᵢ for i in [first, end).
 * @param arrays - CSR and state arrays
 * @param range - the nodes [first, end)
 * @param coefficients - c²(1+N)², α, β
 */
export function accelerationRangeInto(arrays: AccelerationArrays, range: { readonly first: number; readonly end: number }, coefficients: AccelerationCoefficients): void {
  const { rowStart, neighbour, weight, psiRe, psiIm, vRe, vIm, aRe, aIm, resonance, refractiveIndex } = arrays;
  const { cBoostSquared, alpha, beta } = coefficients;
  for (let i = range.first; i < range.end; i++) {
    const pr = psiRe[i]!, pi = psiIm[i]!;
    let lapRe = 0, lapIm = 0;
    for (let e = rowStart[i]!, edgeEnd = rowStart[i + 1]!; e < edgeEnd; e++) {
      const j = neighbour[e]!, w = weight[e]!;
      lapRe += w * (pr - psiRe[j]!);
      lapIm += w * (pi - psiIm[j]!);
    }
    const s = refractiveIndex[i]!;
    const speedSquared = cBoostSquared / (s * s);
    const damping = alpha * (1 - resonance[i]!);
    const cubic = beta * (pr * pr + pi * pi);
    aRe[i] = -speedSquared * lapRe - damping * vRe[i]! - cubic * pr;
    aIm[i] = -speedSquared * lapIm - damping * vIm[i]! - cubic * pi;
  }
}

/**
 * Adds eᵢ(t) = (re + i·im)·e^{iωt} of each emitter to a.
 * @param a - the acceleration arrays
 * @param emitters - the emitters (their nodes index a)
 * @param time - t
 */
export function addEmittersInto(a: { readonly aRe: Float64Array; readonly aIm: Float64Array }, emitters: readonly Emitter[], time: number): void {
  const { aRe, aIm } = a;
  for (const emitter of emitters) {
    const phase = (emitter.angularFrequency ?? 0) * time;
    const c = Math.cos(phase), s = Math.sin(phase);
    aRe[emitter.node] = aRe[emitter.node]! + emitter.re * c - emitter.im * s;
    aIm[emitter.node] = aIm[emitter.node]! + emitter.re * s + emitter.im * c;
  }
}
