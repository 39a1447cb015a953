/**
 * Goal: placeNode() follows GAP-003: vacant cells are taken, near-duplicates superpose, other
 * collisions move to the first vacant axial neighbour, and a full neighbourhood stacks.
 * Method: an in-memory occupancy map keyed by the coordinate.
 */
import { describe, expect, test } from 'vitest';
import type { NodeId } from '../core/index.ts';
import { placeNode, type Occupant } from './collision.ts';

function occupancy(cells: Map<string, Occupant[]>): (coord: Uint16Array) => readonly Occupant[] {
  return (coord) => cells.get(coord.join(',')) ?? [];
}

const origin = new Uint16Array(9);
const a = Float32Array.of(1, 0, 0);
const occupant = (embedding: Float32Array, id = 'aa'): Occupant => ({ id: id as NodeId, embedding });

describe('collision', () => {
  test('placeNode() takes a vacant cell', () => {
    expect(placeNode({ coord: origin, embedding: a }, { occupantsAt: () => [] })).toEqual({ kind: 'vacant', coord: origin });
  });

  test('placeNode() superposes onto an occupant with cosine above 0.9', () => {
    const cells = new Map([[origin.join(','), [occupant(Float32Array.of(1, 0.1, 0), 'bb')]]]);
    const placement = placeNode({ coord: origin, embedding: a }, { occupantsAt: occupancy(cells) });
    expect(placement).toMatchObject({ kind: 'superposed', occupantId: 'bb' });
  });

  test('placeNode() moves a dissimilar node to the first vacant axial neighbour, wrapping', () => {
    const cells = new Map([[origin.join(','), [occupant(Float32Array.of(0, 1, 0))]]]);
    const placement = placeNode({ coord: origin, embedding: a }, { occupantsAt: occupancy(cells) });
    expect(placement).toEqual({ kind: 'displaced', coord: Uint16Array.of(16383, 0, 0, 0, 0, 0, 0, 0, 0), axis: 0, step: -1 });
  });

  test('placeNode() stacks on its own cell when all 18 neighbours are taken', () => {
    const placement = placeNode({ coord: origin, embedding: a }, { occupantsAt: () => [occupant(Float32Array.of(0, 0, 1))] });
    expect(placement).toEqual({ kind: 'stacked', coord: origin });
  });

  test('placeNode() probes at most 19 cells', () => {
    let probes = 0;
    placeNode({ coord: origin, embedding: a }, { occupantsAt: () => { probes++; return [occupant(Float32Array.of(0, 1, 0))]; } });
    expect(probes).toBe(19);
  });

  test('placeNode() honours a custom similarity threshold', () => {
    const cells = new Map([[origin.join(','), [occupant(Float32Array.of(1, 1, 0))]]]);
    const placement = placeNode({ coord: origin, embedding: a }, { occupantsAt: occupancy(cells), similarityMin: 0.5 });
    expect(placement.kind).toBe('superposed');
  });
});
