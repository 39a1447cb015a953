/**
 * Seeded random memory nodes for the GGUF tests: every field of a valid node record, with
 * warped SPD metrics, |ψ| ≤ 4, mixed embedding widths when asked, and a chosen share of vacuum
 * nodes (ψ = v = 0, r = 0) so the INT-05 path is exercised.
 */
import { Xoshiro256pp, bytesToHex, type ChunkId, type NodeId, type SourceId } from '../core/index.ts';
import { coordCells, hilbertKeyOf, identityMetric, metricIndex, torusDims, type NodeRecord } from '../manifold/index.ts';

/** Options for {@link randomGgufNodes}. */
export interface RandomNodesOptions {
  /** Seed of the generator. @default 1 */
  readonly seed?: number;
  /** Share of vacuum nodes, 0..1. @default 0.1 */
  readonly vacuumShare?: number;
  /** Embedding widths to pick from. @default [8] */
  readonly embeddingWidths?: readonly number[];
}

/**
 * `count` valid nodes with unique ids, in random order.
 * @param count - nodes
 * @param options - seed, vacuum share, embedding widths
 */
export function randomGgufNodes(count: number, options: RandomNodesOptions = {}): NodeRecord[] {
  const rng = Xoshiro256pp.fromSeed(options.seed ?? 1);
  const widths = options.embeddingWidths ?? [8];
  const bytes = (length: number): string => bytesToHex(Uint8Array.from({ length }, () => rng.nextUint32() & 0xff));
  const nodes: NodeRecord[] = [];
  const ids = new Set<string>();
  while (nodes.length < count) {
    const id = bytes(4);
    if (ids.has(id)) continue;
    ids.add(id);
    const coord = Uint16Array.from({ length: torusDims }, () => rng.nextUint32() % coordCells);
    const vacuum = rng.nextFloat64() < (options.vacuumShare ?? 0.1);
    const modulus = vacuum ? 0 : 4 * rng.nextFloat64();
    const phase = 2 * Math.PI * rng.nextFloat64() - Math.PI;
    const width = widths[rng.nextUint32() % widths.length]!;
    nodes.push({
      id: id as NodeId, coord, hilbertKey: hilbertKeyOf(coord),
      nonary: (rng.nextUint32() % 9) - 4, metric: warpedMetric(rng), r: vacuum ? 0 : rng.nextFloat64(), s: 0.5 + 1.5 * rng.nextFloat64(),
      psi: vacuum ? { re: 0, im: 0 } : { re: modulus * Math.cos(phase), im: modulus * Math.sin(phase) },
      v: vacuum ? { re: 0, im: 0 } : { re: 0.1 * rng.nextGaussian(), im: 0.1 * rng.nextGaussian() },
      a: { re: rng.nextGaussian(), im: rng.nextGaussian() },
      chunkId: bytes(16) as ChunkId, sourceId: bytes(8) as SourceId,
      embedding: Float32Array.from({ length: width }, () => rng.nextGaussian()),
      createdAtMs: 1_700_000_000_000 + (rng.nextUint32() % 1_000_000), touchedAtMs: 1_700_000_500_000 + (rng.nextUint32() % 1_000_000),
    });
  }
  return nodes;
}

/** The identity plus small symmetric off-diagonal terms and a larger diagonal: still SPD. */
function warpedMetric(rng: Xoshiro256pp): Float32Array {
  const metric = identityMetric();
  if (rng.nextFloat64() < 0.5) return metric;
  for (let i = 0; i < torusDims; i++) {
    metric[metricIndex(i, i)] = 1 + rng.nextFloat64();
    for (let j = i + 1; j < torusDims; j++) metric[metricIndex(i, j)] = 0.05 * (rng.nextFloat64() - 0.5);
  }
  return metric;
}
