/**
 * Goal: a store is never opened with the wrong idea of its encryption, which makes LMDB
 * crash the process on garbage pages. Method: real LMDB environments in temp folders,
 * plain and encrypted, probed and opened the wrong way round.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openLmdbHomeStore } from './lmdb-home-store.ts';
import { probeLmdbPageEncoding } from './lmdb-page-probe.ts';

const key = new Uint8Array(24).fill(7);
let dir: string;
let plain: string;
let encrypted: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-probe-'));
  plain = join(dir, 'plain');
  encrypted = join(dir, 'encrypted');
  for (const [path, options] of [[plain, {}], [encrypted, { encryptionKey: key }]] as const) {
    const store = openLmdbHomeStore(path, options);
    store.write((writer) => {
      for (let i = 0; i < 50; i += 1) writer.put('meta', `k${i}`, { i, text: 'x'.repeat(200) });
    });
    await store.close();
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('probeLmdbPageEncoding() tells a plain store from an encrypted one', () => {
  expect([probeLmdbPageEncoding(plain), probeLmdbPageEncoding(encrypted)]).toEqual(['plain', 'encrypted']);
});

test('probeLmdbPageEncoding() answers unknown when there is no data file', () => {
  expect(probeLmdbPageEncoding(join(dir, 'absent'))).toBe('unknown');
});

test('openLmdbHomeStore() refuses an encrypted store without a key instead of crashing', () => {
  expect(() => openLmdbHomeStore(encrypted)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
});

test('openLmdbHomeStore() refuses a plain store opened with a key', () => {
  expect(() => openLmdbHomeStore(plain, { encryptionKey: key })).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
});

test('openLmdbHomeStore() with mustExist refuses to create a missing store', () => {
  expect(() => openLmdbHomeStore(join(dir, 'missing'), { mustExist: true })).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
});

test('openLmdbHomeStore() still opens each store the right way', async () => {
  for (const [path, options] of [[plain, {}], [encrypted, { encryptionKey: key }]] as const) {
    const store = openLmdbHomeStore(path, options);
    expect(store.get('meta', 'k3')).toMatchObject({ i: 3 });
    await store.close();
  }
});
