/**
 * The identity field applied to a whole wave graph (§6.3.3, issue 4), for callers that
 * propagate on a memory's graph without a persistent clock (wave recall, D4): the field's
 * steady state, not one time step of it.
 *
 * `applyIdentityField` is the spec's per-time-step low-pass filter (h_tt ← 0.95·h_tt +
 * 0.05·target). A recall query has no history to filter, so the bias is run to its fixed
 * point: `identityRelaxationSteps` applications leave 0.95^n of the gap (0.95^90 < 1%).
 * Resonance is boosted once from the caller's base (it is not a filter: repeating it would
 * saturate r at 1). The edges are then re-weighted under the effective metrics g + h
 * (metric-edge-weights.ts, the mean rule), all of them, so one rule measures every edge. With
 * strength 0 or no anchors the field is 0: resonance is the base and h stays 0, so only the
 * mean rule applies. Pure.
 */
import { assert } from '../core/index.ts';
import type { TorusCoord } from '../manifold/index.ts';
import { applyIdentityField, identityField, type IdentityAnchor } from './identity-field.ts';
import { MetricCache } from './metric-cache.ts';
import { reweightWaveGraph } from './metric-edge-weights.ts';
import type { WaveGraph } from './wave-graph.ts';

/** Applications of the per-step filter that reach its fixed point within 1% (0.95^90 ≈ 0.0099). */
export const identityRelaxationSteps = 90;

/** A memory's graph with its geometry. */
export interface IdentityBiasInput {
  readonly graph: WaveGraph;
  /** The length scale σ the graph's weights were built with. */
  readonly sigma: number;
  /** Node i's cell. */
  readonly coords: readonly TorusCoord[];
  /** nodeCount·45 packed SPD metrics (node-metric.ts layout). */
  readonly metrics: Float32Array;
  /** The base resonance of every node. */
  readonly resonance: Float64Array;
}

/** The self-concept and how strongly it acts. */
export interface IdentityBiasSettings {
  readonly anchors: readonly IdentityAnchor[];
  /** ≥ 0; 0 turns the field off. */
  readonly strength: number;
  /** Field width on the unit torus. @default identity-field.ts's default */
  readonly fieldSigma?: number;
}

/** The graph as the identity shapes it. */
export interface IdentityBiasedGraph {
  /** Weights under g + h (every edge by the mean rule). */
  readonly graph: WaveGraph;
  /** Base resonance boosted where Φ > 0.1. */
  readonly resonance: Float64Array;
  /** Φ_self per node. */
  readonly field: Float64Array;
}

/**
 * The identity field's steady-state bias on a graph (module comment).
 * @param input - the graph, its σ, cells, metrics and base resonance
 * @param settings - anchors, strength and field width
 */
export function identityBiasedGraph(input: IdentityBiasInput, settings: IdentityBiasSettings): IdentityBiasedGraph {
  const n = input.graph.nodeCount;
  assert(input.coords.length === n && input.resonance.length === n, 'one cell and one resonance per node');
  const cache = new MetricCache(input.metrics);
  assert(cache.nodeCount === n, 'one metric per node');
  const field = identityField(input.coords, settings.anchors, settings.fieldSigma === undefined ? {} : { sigma: settings.fieldSigma });
  let resonance = input.resonance;
  const active = settings.strength > 0 && settings.anchors.length > 0;
  for (let step = 0; active && step < identityRelaxationSteps; step++) {
    resonance = applyIdentityField(field, { cache, resonance: input.resonance }, { strength: settings.strength }).resonance;
  }
  const all = Array.from({ length: n }, (_, i) => i);
  const graph = reweightWaveGraph(input.graph, { coords: input.coords, cache }, { sigma: input.sigma, changed: all });
  return { graph, resonance, field };
}
