import { Xoshiro256pp } from '../core/index.ts';
import { ReplaySampler } from './replay-sampling.ts';
import { toroidalKMeans } from './toroidal-kmeans.ts';

/**
 * The AUTO-03 trauma scenario, shared by replay-sampling.test.ts and bench/autonomy.bench.ts:
 * 1024 normal queries in 64 blobs on T⁹ with small residual errors and one unsolvable query of
 * maximal error at a random cell; two naps of 4096 replays each, where a replayed normal query's
 * priority halves. Returns the second nap's figures. Test and bench support only (not exported
 * from the autonomy index).
 * @param beta - the sampler's priority/diversity mix (1 = pure priority)
 */
export function traumaNap(beta: number): { traumaShare: number; clustersEntropyBits: number; queriesCovered: number; bound: number } {
  const rng = Xoshiro256pp.fromSeed(1);
  const blobCount = 64, normal = 1024, n = normal + 1, trauma = normal;
  const coords = new Uint16Array(9 * n);
  const priorities = new Float64Array(n);
  const centres = Array.from({ length: blobCount * 9 }, () => rng.nextFloat64());
  for (let i = 0; i < normal; i++) {
    for (let d = 0; d < 9; d++) {
      const x = centres[(i % blobCount) * 9 + d]! + 0.02 * rng.nextGaussian();
      coords[9 * i + d] = Math.floor((x - Math.floor(x)) * 16384) % 16384;
    }
    priorities[i] = 0.001 * rng.nextFloat64();
  }
  for (let d = 0; d < 9; d++) coords[9 * trauma + d] = Math.floor(rng.nextFloat64() * 16384);
  priorities[trauma] = 1;
  const clusters = toroidalKMeans(coords, Xoshiro256pp.fromSeed(2), { clusters: 64 });
  const sampler = new ReplaySampler(priorities, clusters, { beta });
  const draw = Xoshiro256pp.fromSeed(3);
  const napReplays = 4096;
  let traumaCount = 0;
  const perCluster = new Float64Array(clusters.clusterCount);
  const covered = new Set<number>();
  for (let t = 0; t < 2 * napReplays; t++) {
    const i = sampler.sample(draw);
    if (i !== trauma) {
      priorities[i] = priorities[i]! / 2;
      sampler.setPriority(i, priorities[i]!);
    }
    if (t < napReplays) continue;
    if (i === trauma) traumaCount++;
    else covered.add(i);
    perCluster[sampler.clusterOf(i)]!++;
  }
  let clustersEntropyBits = 0;
  for (const count of perCluster) if (count > 0) clustersEntropyBits -= (count / napReplays) * Math.log2(count / napReplays);
  const nonEmpty = clusters.sizes.filter((size) => size > 0).length;
  const traumaClusterSize = clusters.sizes[clusters.assignment[trauma]!]!;
  return {
    traumaShare: traumaCount / napReplays, clustersEntropyBits, queriesCovered: covered.size / normal,
    bound: beta + (1 - beta) / (nonEmpty * traumaClusterSize),
  };
}
