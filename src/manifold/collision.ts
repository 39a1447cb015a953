/**
 * Collision handling when a new node's cell is taken (GAP-003, spec §5.3.7).
 *
 * The spec superposes a node onto a semantically equal occupant (cosine > 0.9), else probes
 * the 18 axial neighbours (±1 on each of the 9 axes, wrapping) for a vacant cell, else calls
 * "neurogenesis". On our graph manifold (D2) two nodes may share a cell, because the LMDB key
 * `hilbertKey ‖ id` keeps them apart, so the last resort is to **stack** the node on its own
 * cell: nothing is lost, no search runs unbounded, and the k-NN graph links the stacked nodes
 * at distance 0. Superposition likewise keeps both nodes (a chunk is never dropped); it
 * records which occupant the new node superposes so callers can tie them together.
 */
import { assert, cosine, type NodeId } from '../core/index.ts';
import { coordCells, isTorusCoord, torusDims, type TorusCoord } from './torus-coord.ts';

/** A node already in a cell. */
export interface Occupant {
  readonly id: NodeId;
  readonly embedding: Float32Array;
}

/** Returns the nodes whose coordinate is exactly `coord` (empty when the cell is vacant). */
export type OccupancyLookup = (coord: TorusCoord) => readonly Occupant[];

/** Where the new node goes, and why. */
export type Placement =
  | { readonly kind: 'vacant'; readonly coord: TorusCoord }
  | { readonly kind: 'superposed'; readonly coord: TorusCoord; readonly occupantId: NodeId; readonly similarity: number }
  | { readonly kind: 'displaced'; readonly coord: TorusCoord; readonly axis: number; readonly step: -1 | 1 }
  | { readonly kind: 'stacked'; readonly coord: TorusCoord };

/** Options for {@link placeNode}. */
export interface PlaceNodeOptions {
  /** Finds the occupants of a cell. */
  readonly occupantsAt: OccupancyLookup;
  /** Cosine above which a collision is semantic and the node superposes. @default 0.9 */
  readonly similarityMin?: number;
}

/**
 * Decides where a new node goes when its projected cell may be occupied. Probes at most 19
 * cells (its own and 18 axial neighbours, axis 0..8, step −1 then +1).
 * @param candidate - the new node's projected cell and its embedding
 * @param options - the occupancy lookup and the superposition threshold
 * @returns the placement; `coord` is always a fresh array
 */
export function placeNode(
  candidate: { readonly coord: TorusCoord; readonly embedding: Float32Array },
  options: PlaceNodeOptions,
): Placement {
  assert(isTorusCoord(candidate.coord), 'placeNode() needs a 9 × uint14 point');
  const similarityMin = options.similarityMin ?? 0.9;
  const home = candidate.coord.slice();
  const occupants = options.occupantsAt(home);
  if (occupants.length === 0) return { kind: 'vacant', coord: home };
  const closest = mostSimilar(candidate.embedding, occupants);
  if (closest.similarity > similarityMin) {
    return { kind: 'superposed', coord: home, occupantId: closest.id, similarity: closest.similarity };
  }
  for (let axis = 0; axis < torusDims; axis++) {
    for (const step of [-1, 1] as const) {
      const neighbour = home.slice();
      neighbour[axis] = (home[axis]! + step + coordCells) % coordCells;
      if (options.occupantsAt(neighbour).length === 0) return { kind: 'displaced', coord: neighbour, axis, step };
    }
  }
  return { kind: 'stacked', coord: home };
}

function mostSimilar(embedding: Float32Array, occupants: readonly Occupant[]): { id: NodeId; similarity: number } {
  let best = { id: occupants[0]!.id, similarity: -Infinity };
  for (const occupant of occupants) {
    const similarity = occupant.embedding.length === embedding.length ? cosine(embedding, occupant.embedding) : -1;
    if (similarity > best.similarity) best = { id: occupant.id, similarity };
  }
  return best;
}
