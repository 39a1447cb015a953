/**
 * The profile's persistence: one value under key `profile` in the store's `profile`
 * database, changed by read-modify-write inside one write transaction (so concurrent
 * updates from several processes never lose one another). The rules are in `profile.ts`.
 */
import { NoctemError, type Clock } from '../core/index.ts';
import type { HomeStore, StoreReader, StoreWriter } from '../store/index.ts';
import {
  applyFeedback,
  countTopic,
  newProfile,
  parseProfile,
  recordProfileEvent,
  renameProfile,
  type FeedbackSignal,
  type Profile,
} from './profile.ts';

const profileKey = 'profile';

/** Reads and changes the identity profile. */
export class ProfileService {
  readonly #store: HomeStore;
  readonly #clock: Clock;

  /**
   * @param store - the home's store
   * @param clock - time source for event dates
   */
  constructor(store: HomeStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /**
   * The profile.
   * @throws {NoctemError} IDENTITY_NOT_FOUND when the home has no profile yet
   */
  get(): Profile {
    return readProfile(this.#store);
  }

  /** Renames the identity. @throws {NoctemError} PROFILE_INVALID */
  rename(name: string): Profile {
    return this.update((profile) => renameProfile(profile, name));
  }

  /** Feedback on a topic (spec §6.3.2): affinity ± 0.1. @throws {NoctemError} PROFILE_INVALID */
  recordFeedback(topic: string, signal: FeedbackSignal): Profile {
    return this.update((profile) => applyFeedback(profile, { topic, signal }));
  }

  /** Counts a query about a topic. @throws {NoctemError} PROFILE_INVALID */
  recordTopic(topic: string): Profile {
    return this.update((profile) => countTopic(profile, topic));
  }

  /** Records a significant event, dated now. @throws {NoctemError} PROFILE_INVALID */
  recordEvent(text: string): Profile {
    const atMs = this.#clock.nowMs();
    return this.update((profile) => recordProfileEvent(profile, { atMs, text }));
  }

  /**
   * Applies `change` to the profile in its own transaction.
   * @param change - a pure function of the current profile
   */
  update(change: (profile: Profile) => Profile): Profile {
    return this.#store.write((writer) => updateProfileIn(writer, change));
  }
}

/**
 * Applies `change` inside the caller's transaction, so a feature can update the profile
 * atomically with its own writes (feedback with the recall record it rates).
 * @param writer - an open write transaction
 * @param change - a pure function of the current profile
 * @throws {NoctemError} IDENTITY_NOT_FOUND when the home has no profile yet
 */
export function updateProfileIn(writer: StoreWriter, change: (profile: Profile) => Profile): Profile {
  const next = change(readProfile(writer));
  writer.put('profile', profileKey, next);
  return next;
}

/**
 * Stores a new profile inside the caller's transaction (identity creation).
 * @param writer - an open write transaction
 * @param name - the identity's display name
 */
export function createProfileIn(writer: StoreWriter, name: string): Profile {
  const profile = newProfile(name);
  writer.put('profile', profileKey, profile);
  return profile;
}

/**
 * The stored profile.
 * @throws {NoctemError} IDENTITY_NOT_FOUND when there is none; STORE_CORRUPT when damaged
 */
export function readProfile(reader: StoreReader): Profile {
  const value = reader.get('profile', profileKey);
  if (value === undefined) throw new NoctemError('IDENTITY_NOT_FOUND', 'This home has no identity profile yet');
  return parseProfile(value);
}
