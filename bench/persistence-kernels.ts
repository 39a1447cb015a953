/**
 * The pure kernels of the persistence benchmark (bench/persistence.bench.ts): the RFC 6962
 * Merkle root (DESIGN D8), Q9_0 quantization (D9), Hilbert linearization (D1) and the GGUF
 * codec (spec §6.2), each timed as the median of several runs on seeded data, with every
 * result consumed so nothing is optimized away.
 */
import { Xoshiro256pp, merkleLeafHash, merkleRoot, merkleRootOfLeaves, quantizeQ9 } from '../src/core/index.ts';
import { coordCells, hilbertKeyOf, torusDims, type NodeRecord } from '../src/manifold/index.ts';
import { ggufFromNodes, nodesFromGguf } from '../src/persist/index.ts';
import { median } from './benchmark.ts';

/** A timed figure: the median and every sample, in ms. */
export interface Timing {
  readonly medianMs: number;
  readonly samplesMs: readonly number[];
}

let sink = 0;

/** Runs `fn` `runs` times (after one warm-up) and returns the median wall time. */
export function timeRuns(runs: number, fn: () => unknown): Timing {
  consume(fn());
  const samplesMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    consume(fn());
    samplesMs.push(performance.now() - started);
  }
  return { medianMs: median(samplesMs), samplesMs };
}

/** Keeps a result alive (its length or first byte feeds a global sink). */
export function consume(value: unknown): void {
  if (value instanceof Uint8Array || value instanceof Float32Array) sink += value.length + (value[0] ?? 0);
  else if (Array.isArray(value)) sink += value.length;
  if (sink === -1) throw new Error('unreachable');
}

/** Bytes of one leaf in the "including leaf hashing" figure: a page header and one 237-byte node. */
export const merkleLeafBytes = 24 + 237;

/** Merkle root over `count` leaves: from precomputed leaf hashes, and including hashing the leaves. */
export function measureMerkle(count: number, runs: number): { treeOnly: Timing; withLeafHashing: Timing } {
  const rng = Xoshiro256pp.fromSeed(1);
  const pool = Uint8Array.from({ length: count * 8 + merkleLeafBytes }, () => rng.nextUint32() & 0xff);
  const leaves = Array.from({ length: count }, (_, i) => pool.subarray(i * 8, i * 8 + merkleLeafBytes));
  const hashes = leaves.map(merkleLeafHash);
  return {
    treeOnly: timeRuns(runs, () => merkleRoot(hashes)),
    withLeafHashing: timeRuns(runs, () => merkleRootOfLeaves(leaves)),
  };
}

/** Q9_0 quantization of `count` Gaussian weights. */
export function measureQ9(count: number, runs: number): Timing {
  const rng = Xoshiro256pp.fromSeed(2);
  const weights = Float32Array.from({ length: count }, () => rng.nextGaussian());
  return timeRuns(runs, () => quantizeQ9(weights));
}

/** Hilbert keys of `count` random torus cells, then a sort of the nodes by key; and the keys alone. */
export function measureHilbert(count: number, runs: number): { total: Timing; keysOnly: Timing } {
  const rng = Xoshiro256pp.fromSeed(3);
  const coords = Array.from({ length: count }, () => Uint16Array.from({ length: torusDims }, () => rng.nextUint32() % coordCells));
  return {
    total: timeRuns(runs, () => {
      const keyed = coords.map((coord) => ({ coord, key: Buffer.from(hilbertKeyOf(coord)) }));
      keyed.sort((a, b) => Buffer.compare(a.key, b.key));
      return keyed;
    }),
    keysOnly: timeRuns(runs, () => coords.map(hilbertKeyOf)),
  };
}

/** ggufFromNodes and nodesFromGguf on `nodes`, and the file's size. */
export function measureGgufCodec(nodes: readonly NodeRecord[], runs: number): { export: Timing; import: Timing; fileBytes: number; file: Uint8Array } {
  const file = ggufFromNodes(nodes);
  return {
    export: timeRuns(runs, () => ggufFromNodes(nodes)),
    import: timeRuns(runs, () => nodesFromGguf(file)),
    fileBytes: file.length,
    file,
  };
}
