/**
 * What wave recall (D4) needs from the open home beyond the store: the propagator's policing
 * (a blacklisted propagator is skipped; a SCRAM during a query is persisted as any other,
 * propagator-guard.ts) and the self-concept the identity field is built from (§6.3.3): the
 * profile's name and every topic the person likes (affinity > 0, weighted by it), embedded.
 */
import { limits } from '../core/index.ts';
import type { Embedder } from '../recall/index.ts';
import type { SelfConceptPart } from '../wave/index.ts';
import type { Noctem } from './compose.ts';
import { readPropagatorBlacklist } from './propagator-blacklist.ts';
import { recordScram } from './propagator-guard.ts';
import type { WaveRecallGuard } from './wave-recall-source.ts';

/**
 * The guard of `noctem`'s wave recall.
 * @param noctem - the open home
 */
export function waveRecallGuard(noctem: Noctem): WaveRecallGuard {
  return {
    allowed: (name) => {
      const entries = readPropagatorBlacklist(noctem.store);
      return entries.length < limits.propagatorBlacklistEntriesMax && !entries.some((e) => e.name === name);
    },
    scrammed: async (name, result) => { await recordScram(noctem, { name, result }); },
  };
}

/**
 * The self-concept's parts: the name (weight 1) and each liked topic (weight = affinity).
 * @param noctem - the open home (its profile)
 * @param embedder - the memory's embedder (the same space the nodes were projected from)
 */
export async function selfConceptParts(noctem: Noctem, embedder: Embedder): Promise<SelfConceptPart[]> {
  const profile = noctem.profile.get();
  const liked = profile.preferences.filter((p) => p.affinity > 0).slice(0, limits.identityAnchorsMax);
  const texts = [profile.name, ...liked.map((p) => p.topic)];
  const weights = [1, ...liked.map((p) => p.affinity)];
  const vectors = await embedder.embed(texts);
  // An all-zero embedding (no known word) has no place on the torus: it is dropped.
  return vectors.flatMap((vector, i) => (vector.some((x) => x !== 0) ? [{ vector, weight: weights[i]! }] : []));
}
