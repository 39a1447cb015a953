/**
 * The identity profile (spec §6.3.1-6.3.2), pure: a name, topic preferences learned from
 * feedback, topic counts, and a bounded list of significant events.
 *
 * Decisions where the spec is loose: an affinity moves by exactly 0.1 per feedback and is
 * clamped to [-1, 1] (the spec's unbounded `+= 0.1` would let one topic grow without limit);
 * affinities are kept in whole tenths so repeated steps do not drift (0.1+0.2 ≠ 0.3).
 * Topics are trimmed, lowercased and whitespace-collapsed. Tables hold at most
 * `limits.profileTopicsMax` topics: a new topic evicts the least-counted topic (counts) or
 * the weakest affinity (preferences), ties broken by name. Events keep the newest
 * `limits.profileEventsMax`, as the spec's IdentityManager does. Tables are arrays of
 * entries sorted by topic, not objects, so a topic named `__proto__` is just a topic.
 */
import { NoctemError, limits } from '../core/index.ts';

/** A topic's learned affinity in [-1, 1], in tenths. */
export interface TopicAffinity {
  readonly topic: string;
  readonly affinity: number;
}

/** How often a topic came up. */
export interface TopicCount {
  readonly topic: string;
  readonly count: number;
}

/** A significant event (the spec's "memories"). */
export interface ProfileEvent {
  readonly atMs: number;
  readonly text: string;
}

/** The profile. Arrays are sorted by topic; events oldest first. */
export interface Profile {
  readonly name: string;
  readonly preferences: readonly TopicAffinity[];
  readonly topicCounts: readonly TopicCount[];
  readonly events: readonly ProfileEvent[];
}

/** Feedback on a topic: +1 liked, -1 disliked. */
export type FeedbackSignal = 1 | -1;

/** The affinity change of one feedback (spec §6.3.2). */
export const preferenceStep = 0.1;

/**
 * A new, empty profile.
 * @param name - the identity's display name
 * @throws {NoctemError} PROFILE_INVALID when the name is empty or too long
 */
export function newProfile(name: string): Profile {
  return { name: normalizeName(name), preferences: [], topicCounts: [], events: [] };
}

/**
 * Renames the profile.
 * @throws {NoctemError} PROFILE_INVALID when the name is empty or too long
 */
export function renameProfile(profile: Profile, name: string): Profile {
  return { ...profile, name: normalizeName(name) };
}

/**
 * Applies one feedback: affinity ± 0.1, clamped to [-1, 1].
 * @param profile - the profile
 * @param feedback - the topic and the signal
 * @throws {NoctemError} PROFILE_INVALID when the topic is empty or too long
 */
export function applyFeedback(profile: Profile, feedback: { readonly topic: string; readonly signal: FeedbackSignal }): Profile {
  const topic = normalizeTopic(feedback.topic);
  const current = profile.preferences.find((entry) => entry.topic === topic)?.affinity ?? 0;
  const tenths = Math.max(-10, Math.min(10, Math.round(current * 10) + feedback.signal));
  const preferences = upsert(profile.preferences, { topic, affinity: tenths / 10 }, (entry) => Math.abs(entry.affinity));
  return { ...profile, preferences };
}

/**
 * Counts one occurrence of a topic (a query about it).
 * @throws {NoctemError} PROFILE_INVALID when the topic is empty or too long
 */
export function countTopic(profile: Profile, topic: string): Profile {
  const name = normalizeTopic(topic);
  const count = (profile.topicCounts.find((entry) => entry.topic === name)?.count ?? 0) + 1;
  return { ...profile, topicCounts: upsert(profile.topicCounts, { topic: name, count }, (entry) => entry.count) };
}

/**
 * Records a significant event, dropping the oldest beyond `limits.profileEventsMax`.
 * @param profile - the profile
 * @param event - when (ms since the epoch) and what (at most `limits.profileEventCharsMax` characters)
 * @throws {NoctemError} PROFILE_INVALID when the text is empty or too long
 */
export function recordProfileEvent(profile: Profile, event: ProfileEvent): Profile {
  const text = event.text.trim();
  if (text.length === 0) throw new NoctemError('PROFILE_INVALID', 'An event needs some text');
  if (text.length > limits.profileEventCharsMax) {
    throw new NoctemError('PROFILE_INVALID', `An event has at most ${limits.profileEventCharsMax} characters, not ${text.length}`);
  }
  const events = [...profile.events, { atMs: event.atMs, text }];
  return { ...profile, events: events.slice(Math.max(0, events.length - limits.profileEventsMax)) };
}

/**
 * The strongest likes and dislikes, by |affinity| then name.
 * @param profile - the profile
 * @param count - how many to return at most
 */
export function strongestPreferences(profile: Profile, count: number): TopicAffinity[] {
  return [...profile.preferences]
    .sort((a, b) => Math.abs(b.affinity) - Math.abs(a.affinity) || compare(a.topic, b.topic))
    .slice(0, Math.max(0, count));
}

/**
 * The canonical form of a topic: trimmed, lowercased, inner whitespace collapsed.
 * @throws {NoctemError} PROFILE_INVALID when it is empty or longer than `limits.profileTopicCharsMax`
 */
export function normalizeTopic(topic: string): string {
  const name = topic.trim().toLowerCase().replace(/\s+/g, ' ');
  if (name.length === 0) throw new NoctemError('PROFILE_INVALID', 'A topic cannot be empty');
  if (name.length > limits.profileTopicCharsMax) {
    throw new NoctemError('PROFILE_INVALID', `A topic has at most ${limits.profileTopicCharsMax} characters, not ${name.length}`);
  }
  return name;
}

/**
 * Checks a stored value is a profile (the store is trusted but may be damaged).
 * @param value - what the store returned
 * @throws {NoctemError} STORE_CORRUPT when it is not a profile
 */
export function parseProfile(value: unknown): Profile {
  const record = value as Partial<Record<keyof Profile, unknown>> | undefined;
  const valid =
    typeof record === 'object' && record !== null && typeof record.name === 'string' &&
    Array.isArray(record.preferences) && Array.isArray(record.topicCounts) && Array.isArray(record.events) &&
    record.preferences.length <= limits.profileTopicsMax && record.topicCounts.length <= limits.profileTopicsMax &&
    record.events.length <= limits.profileEventsMax;
  if (!valid) throw new NoctemError('STORE_CORRUPT', 'The stored profile is damaged');
  return record as Profile;
}

/** Inserts or replaces by topic, keeping sort order and evicting the weakest beyond the limit. */
function upsert<T extends { readonly topic: string }>(entries: readonly T[], entry: T, strength: (entry: T) => number): T[] {
  const rest = entries.filter((candidate) => candidate.topic !== entry.topic);
  if (rest.length >= limits.profileTopicsMax) {
    let weakest = 0;
    for (let i = 1; i < rest.length; i++) {
      const a = strength(rest[i]!);
      const b = strength(rest[weakest]!);
      if (a < b || (a === b && compare(rest[i]!.topic, rest[weakest]!.topic) > 0)) weakest = i;
    }
    rest.splice(weakest, 1);
  }
  const at = rest.findIndex((candidate) => compare(candidate.topic, entry.topic) > 0);
  rest.splice(at < 0 ? rest.length : at, 0, entry);
  return rest;
}

function normalizeName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new NoctemError('PROFILE_INVALID', 'The name cannot be empty');
  if (trimmed.length > limits.identityNameCharsMax) {
    throw new NoctemError('PROFILE_INVALID', `The name has at most ${limits.identityNameCharsMax} characters, not ${trimmed.length}`);
  }
  return trimmed;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
