/**
 * Goal: the profile follows spec §6.3.1-6.3.2 within its bounds: ±0.1 per feedback, clamped
 * to [-1, 1] without drift, bounded topics and events; and it persists in the store.
 * Method: pure functions with fast-check properties, then one real LMDB round trip.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock, limits } from '../core/index.ts';
import { openLmdbHomeStore } from '../store/index.ts';
import {
  applyFeedback,
  countTopic,
  newProfile,
  normalizeTopic,
  parseProfile,
  recordProfileEvent,
  strongestPreferences,
  type Profile,
} from './profile.ts';
import { ProfileService, createProfileIn } from './profile-service.ts';

describe('profile', () => {
  it('applyFeedback() moves an affinity by exactly 0.1 per signal', () => {
    let profile = newProfile('Ada');
    for (let i = 0; i < 3; i++) profile = applyFeedback(profile, { topic: 'Tea', signal: 1 });
    profile = applyFeedback(profile, { topic: 'tea', signal: -1 });
    expect(profile.preferences).toEqual([{ topic: 'tea', affinity: 0.2 }]);
  });

  it('applyFeedback() keeps every affinity a whole tenth in [-1, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<1 | -1>(1, -1), { maxLength: 60 }), (signals) => {
        let profile = newProfile('Ada');
        for (const signal of signals) profile = applyFeedback(profile, { topic: 'x', signal });
        const affinity = profile.preferences[0]?.affinity ?? 0;
        expect(Math.abs(affinity)).toBeLessThanOrEqual(1);
        expect(Math.round(affinity * 10) / 10).toBe(affinity);
      }),
    );
  });

  it('countTopic() counts normalized topics', () => {
    const profile = countTopic(countTopic(newProfile('Ada'), ' Machine   Learning '), 'machine learning');
    expect(profile.topicCounts).toEqual([{ topic: 'machine learning', count: 2 }]);
  });

  it('countTopic() evicts the least-counted topic beyond the limit', () => {
    const topicCounts = Array.from({ length: limits.profileTopicsMax }, (_, i) => ({ topic: `t${String(i).padStart(5, '0')}`, count: i === 7 ? 1 : 5 }));
    const full: Profile = { ...newProfile('Ada'), topicCounts };
    const after = countTopic(full, 'new topic');
    expect(after.topicCounts).toHaveLength(limits.profileTopicsMax);
    expect(after.topicCounts.some((entry) => entry.topic === 't00007')).toBe(false);
    expect(after.topicCounts.some((entry) => entry.topic === 'new topic')).toBe(true);
  });

  it('countTopic() treats "__proto__" as an ordinary topic', () => {
    expect(countTopic(newProfile('Ada'), '__proto__').topicCounts).toEqual([{ topic: '__proto__', count: 1 }]);
  });

  it('recordProfileEvent() keeps the newest events up to the limit', () => {
    let profile = newProfile('Ada');
    for (let i = 0; i < limits.profileEventsMax + 5; i++) profile = recordProfileEvent(profile, { atMs: i, text: `event ${i}` });
    expect(profile.events).toHaveLength(limits.profileEventsMax);
    expect(profile.events[0]?.atMs).toBe(5);
  });

  it('recordProfileEvent() rejects empty and oversized text with PROFILE_INVALID', () => {
    expect(() => recordProfileEvent(newProfile('Ada'), { atMs: 0, text: '  ' })).toThrow(expect.objectContaining({ code: 'PROFILE_INVALID' }));
    const long = 'x'.repeat(limits.profileEventCharsMax + 1);
    expect(() => recordProfileEvent(newProfile('Ada'), { atMs: 0, text: long })).toThrow(expect.objectContaining({ code: 'PROFILE_INVALID' }));
  });

  it('normalizeTopic() and newProfile() reject empty and oversized names', () => {
    expect(() => normalizeTopic(' ')).toThrow(expect.objectContaining({ code: 'PROFILE_INVALID' }));
    expect(() => normalizeTopic('x'.repeat(limits.profileTopicCharsMax + 1))).toThrow(expect.objectContaining({ code: 'PROFILE_INVALID' }));
    expect(() => newProfile('')).toThrow(expect.objectContaining({ code: 'PROFILE_INVALID' }));
  });

  it('strongestPreferences() orders by strength of feeling', () => {
    let profile = newProfile('Ada');
    profile = applyFeedback(profile, { topic: 'tea', signal: 1 });
    profile = applyFeedback(applyFeedback(profile, { topic: 'noise', signal: -1 }), { topic: 'noise', signal: -1 });
    expect(strongestPreferences(profile, 5).map((entry) => entry.topic)).toEqual(['noise', 'tea']);
  });

  it('parseProfile() rejects a damaged stored value with STORE_CORRUPT', () => {
    expect(() => parseProfile({ name: 'Ada' })).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
  });
});

describe('ProfileService', () => {
  it('ProfileService persists feedback, topics and events in the store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noctem-profile-'));
    try {
      const store = openLmdbHomeStore(dir);
      store.write((writer) => createProfileIn(writer, 'Ada'));
      const service = new ProfileService(store, new FakeClock(1000));
      service.recordFeedback('tea', 1);
      service.recordTopic('tea');
      service.recordEvent('First conversation');
      service.rename('Ada L.');
      await store.close();
      const reopened = openLmdbHomeStore(dir);
      expect(new ProfileService(reopened, new FakeClock()).get()).toEqual({
        name: 'Ada L.',
        preferences: [{ topic: 'tea', affinity: 0.1 }],
        topicCounts: [{ topic: 'tea', count: 1 }],
        events: [{ atMs: 1000, text: 'First conversation' }],
      });
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ProfileService.get() fails with IDENTITY_NOT_FOUND before the identity exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noctem-profile-'));
    const store = openLmdbHomeStore(dir);
    try {
      expect(() => new ProfileService(store, new FakeClock()).get()).toThrow(expect.objectContaining({ code: 'IDENTITY_NOT_FOUND' }));
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
