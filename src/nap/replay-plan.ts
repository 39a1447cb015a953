/**
 * Dream weaving, part two: which past queries a nap replays (spec §6.4.5, AUTO-03).
 *
 * Error: Noctem keeps no per-query score, only feedback on results (`feedback` records
 * {id, signal ±1}). A fed-back result is an experience; its error is the share of its
 * feedback that was −1 (one −1 → error 1, one +1 → error 0, −1 then +1 → 0.5). Experiences
 * with error 0 are not replayed. Priorities are the errors.
 *
 * β(D, N), the weight of priority against diversity: the spec's rule (N > 0.7 → 0.2,
 * else D > 0.7 → 0.8, else 0.5, smoothed by an EMA over ticks) made continuous for a one-shot
 * nap: stress = clamp((N − 0.5)/0.2, 0, 1), flow = clamp((D − 0.5)/0.2, 0, 1),
 *   β = 0.5 + 0.3·flow·(1 − stress) − 0.3·stress,
 * so β = 0.2 at N ≥ 0.7, 0.8 at D ≥ 0.7 with N ≤ 0.5, 0.5 at the baselines, and it moves
 * linearly between. The experiences are clustered by toroidal k-means (K = 64) on their
 * nodes' cells and drawn with the {@link ReplaySampler}; after a replay its priority halves,
 * so one hopeless query cannot take every replay.
 */
import { assert, limits, type Rng } from '../core/index.ts';
import { ReplaySampler, toroidalKMeans, type DriveState } from '../autonomy/index.ts';
import { torusDims, type TorusCoord } from '../manifold/index.ts';

/** A feedback record as the `feedback` database holds it (the fields a nap reads). */
export interface FeedbackSignalRecord {
  /** The result's chunk id. */
  readonly id: string;
  /** +1 helped, −1 did not. */
  readonly signal: number;
}

/** One result to replay and its error in (0, 1]. */
export interface ReplayExperience {
  readonly id: string;
  readonly error: number;
}

/** How much a replay lowers its experience's priority. */
export const replayPriorityDecay = 0.5;

/**
 * β(D, N) of the module comment.
 * @param drives - D and N in [0, 1]
 * @returns β in [0.2, 0.8]
 */
export function replayBeta(drives: Pick<DriveState, 'dopamine' | 'norepinephrine'>): number {
  assert(drives.dopamine >= 0 && drives.dopamine <= 1 && drives.norepinephrine >= 0 && drives.norepinephrine <= 1, 'D and N in [0, 1]');
  const stress = Math.min(1, Math.max(0, (drives.norepinephrine - 0.5) / 0.2));
  const flow = Math.min(1, Math.max(0, (drives.dopamine - 0.5) / 0.2));
  return 0.5 + 0.3 * flow * (1 - stress) - 0.3 * stress;
}

/**
 * The experiences with an error, in first-seen order.
 * @param records - feedback records (at most limits.napFeedbackRecordsMax)
 */
export function replayExperiences(records: Iterable<FeedbackSignalRecord>): ReplayExperience[] {
  const tally = new Map<string, { negative: number; total: number }>();
  let read = 0;
  for (const { id, signal } of records) {
    assert(++read <= limits.napFeedbackRecordsMax, 'feedback read stays under napFeedbackRecordsMax');
    const entry = tally.get(id) ?? { negative: 0, total: 0 };
    entry.total++;
    if (signal < 0) entry.negative++;
    tally.set(id, entry);
  }
  return [...tally].flatMap(([id, { negative, total }]) => (negative > 0 ? [{ id, error: negative / total }] : []));
}

/**
 * The replay order: `count` draws of the AUTO-03 sampler over the experiences.
 * @param experiences - 1..limits.replayExperiencesMax, with their nodes' cells
 * @param options - the drives (β), the draws and the seeded generator
 * @returns indices into `experiences`, in replay order
 */
export function planReplays(
  experiences: readonly (ReplayExperience & { readonly coord: TorusCoord })[],
  options: { readonly drives: Pick<DriveState, 'dopamine' | 'norepinephrine'>; readonly count: number; readonly rng: Rng },
): number[] {
  const n = experiences.length;
  if (n === 0) return [];
  assert(Number.isInteger(options.count) && options.count >= 0 && options.count <= limits.napReplaysMax, 'replays within napReplaysMax');
  const coords = new Uint16Array(n * torusDims);
  experiences.forEach((e, i) => coords.set(e.coord, i * torusDims));
  const clusters = toroidalKMeans(coords, options.rng, { clusters: Math.min(limits.replayClustersMax, n) });
  const sampler = new ReplaySampler(Float64Array.from(experiences, (e) => e.error), clusters, { beta: replayBeta(options.drives) });
  const order: number[] = [];
  for (let k = 0; k < options.count; k++) {
    const i = sampler.sample(options.rng);
    order.push(i);
    sampler.setPriority(i, experiences[i]!.error * replayPriorityDecay ** order.filter((j) => j === i).length);
  }
  return order;
}
