/**
 * The contract every {@link HomeStore} implementation passes on real resources
 * (STYLE.md "Contracts and fakes"). Call it from the implementation's test file.
 */
import { describe, expect, test } from 'vitest';
import type { HomeStore } from './home-store.ts';

/** Setup returns a fresh store and a cleanup function. */
export type HomeStoreSetup = () => Promise<{ store: HomeStore; cleanup: () => Promise<void> }>;

/** Runs the HomeStore contract against `setup`. */
export function runHomeStoreContract(setup: HomeStoreSetup): void {
  describe('HomeStore contract', () => {
    test('write() commits every put together', async () => {
      const { store, cleanup } = await setup();
      try {
        store.write((w) => {
          w.put('meta', 'a', { n: 1 });
          w.put('meta', 'b', new Float32Array([1.5, 2.5]));
        });
        expect(store.get('meta', 'a')).toEqual({ n: 1 });
        expect(Array.from(store.get('meta', 'b') as Float32Array)).toEqual([1.5, 2.5]);
      } finally {
        await cleanup();
      }
    });

    test('write() keeps nothing when the callback throws', async () => {
      const { store, cleanup } = await setup();
      try {
        expect(() =>
          store.write((w) => {
            w.put('meta', 'x', 1);
            throw new Error('boom');
          }),
        ).toThrow('boom');
        expect(store.get('meta', 'x')).toBeUndefined();
      } finally {
        await cleanup();
      }
    });

    test('range() walks keys in order with start, end, limit and reverse', async () => {
      const { store, cleanup } = await setup();
      try {
        store.write((w) => {
          for (const n of [5, 1, 10, 3]) w.put('audit', n, `v${n}`);
        });
        const keys = (r: Iterable<{ key: unknown }>): unknown[] => Array.from(r, (e) => e.key);
        expect(keys(store.range('audit'))).toEqual([1, 3, 5, 10]);
        expect(keys(store.range('audit', { start: 3, end: 10 }))).toEqual([3, 5]);
        expect(keys(store.range('audit', { reverse: true, limit: 2 }))).toEqual([10, 5]);
        expect(store.count('audit')).toBe(4);
      } finally {
        await cleanup();
      }
    });

    test('binary keys sort bytewise and remove() deletes', async () => {
      const { store, cleanup } = await setup();
      try {
        store.write((w) => {
          w.put('nodes', new Uint8Array([2, 0]), 'b');
          w.put('nodes', new Uint8Array([1, 255]), 'a');
        });
        expect(Array.from(store.range('nodes'), (e) => e.value)).toEqual(['a', 'b']);
        expect(store.write((w) => w.remove('nodes', new Uint8Array([1, 255])))).toBe(true);
        expect(store.count('nodes')).toBe(1);
      } finally {
        await cleanup();
      }
    });

    test('reads inside write() see the transaction\'s own writes', async () => {
      const { store, cleanup } = await setup();
      try {
        const seen = store.write((w) => {
          w.put('meta', 'k', 7);
          return w.get('meta', 'k');
        });
        expect(seen).toBe(7);
      } finally {
        await cleanup();
      }
    });
  });
}
