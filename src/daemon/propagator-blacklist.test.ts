/**
 * Goal: the blacklist refuses what it lists (and everything once full, so it never has to
 * forget a refusal), replaces an entry of the same name, and reports a malformed stored value
 * as store corruption rather than trusting it.
 * Method: a bare LMDB home store in a temp folder (no identity needed for these rules).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { limits } from '../core/index.ts';
import { openLmdbHomeStore, type HomeStore } from '../store/index.ts';
import { blacklistPropagatorIn, ensurePropagatorAllowed, propagatorBlacklistKey, readPropagatorBlacklist, type BlacklistedPropagator } from './propagator-blacklist.ts';

let dir: string;
let store: HomeStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-blacklist-'));
  store = openLmdbHomeStore(join(dir, 'store'));
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const entry = (name: string, atMs = 1): BlacklistedPropagator => ({ name, check: 'energy', reason: 'H grew', step: 300, atMs, snapshot: null });

test('ensurePropagatorAllowed() refuses a listed name and allows others', () => {
  store.write((writer) => blacklistPropagatorIn(writer, entry('bad')));
  expect(() => ensurePropagatorAllowed(store, 'bad')).toThrow(expect.objectContaining({ code: 'WAVE_PROPAGATOR_BLACKLISTED' }));
  expect(() => ensurePropagatorAllowed(store, 'velocity-verlet')).not.toThrow();
});

test('blacklistPropagatorIn() replaces the entry of the same name', () => {
  store.write((writer) => blacklistPropagatorIn(writer, entry('bad', 1)));
  store.write((writer) => blacklistPropagatorIn(writer, entry('bad', 2)));
  expect(readPropagatorBlacklist(store)).toEqual([entry('bad', 2)]);
});

test('ensurePropagatorAllowed() refuses every propagator while the blacklist is full', () => {
  const full = Array.from({ length: limits.propagatorBlacklistEntriesMax }, (_, i) => entry(`p${i}`));
  store.write((writer) => writer.put('meta', propagatorBlacklistKey, full));
  expect(() => ensurePropagatorAllowed(store, 'velocity-verlet')).toThrow(expect.objectContaining({ code: 'WAVE_PROPAGATOR_BLACKLISTED' }));
});

test('readPropagatorBlacklist() reports a malformed value as STORE_CORRUPT', () => {
  store.write((writer) => writer.put('meta', propagatorBlacklistKey, [{ name: 7 }]));
  expect(() => readPropagatorBlacklist(store)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
});
