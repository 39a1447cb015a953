/**
 * The change-journal part of the {@link HomeStore} contract (STYLE.md "Contracts and fakes"):
 * what every implementation's writer must journal, so that a differential checkpoint, which
 * reads only the journal, never misses a change. Call it from the implementation's test file.
 *
 * Goal: once the journal is on, every put and every remove (of a key that existed) of a memory
 * key is journaled in the writing transaction, each key once, with the key exactly as `range`
 * returns it; nothing else is; a transaction that throws leaves no entry; `forgetChanges` keeps
 * an entry rewritten after the sequence it was given. Method: real writes through `write`,
 * compared with the journal read back; keys drawn by fast-check for the exact-key property.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { HomeStore, StoreChange, StoreDatabaseName, StoreKey } from './home-store.ts';
import type { HomeStoreSetup } from './home-store.contract.ts';

/** A key comparable with toEqual whatever Uint8Array subclass the store returns. */
function plain(key: StoreKey): unknown {
  return key instanceof Uint8Array ? { bytes: Array.from(key) } : key;
}

/** [database, key] of every journal entry, sorted (the journal's own order is the store's). */
function journaled(store: HomeStore): [StoreDatabaseName, unknown][] {
  return Array.from(store.changes(), (c): [StoreDatabaseName, unknown] => [c.db, plain(c.key)]).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
}

async function withStore(setup: HomeStoreSetup, fn: (store: HomeStore) => void | Promise<void>): Promise<void> {
  const { store, cleanup } = await setup();
  try {
    await fn(store);
  } finally {
    await cleanup();
  }
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** Runs the change-journal contract against `setup`. */
export function runChangeJournalContract(setup: HomeStoreSetup): void {
  describe('HomeStore change journal contract', () => {
    test('write() journals nothing until startChangeJournal()', () => withStore(setup, (store) => {
      store.write((w) => w.put('chunks', 1, { text: 'a' }));
      expect(store.changeSequence()).toBeUndefined();
      expect(journaled(store)).toEqual([]);
      expect(store.write((w) => w.startChangeJournal())).toBe(0);
      expect(store.write((w) => w.startChangeJournal())).toBe(0);
      expect(store.changeSequence()).toBe(0);
    }));

    test('write() journals each put and remove of a memory key once, in the writing transaction, and nothing else', () => withStore(setup, (store) => {
      store.write((w) => {
        w.put('chunks', 7, 'old');
        w.startChangeJournal();
      });
      store.write((w) => {
        w.put('nodes', bytes(2, 0, 255), 'n');
        w.put('nodes', bytes(2, 0, 255), 'n again');
        w.put('postings', ['term', 3], 1);
        w.put('meta', 'corpus', { chunks: 1 });
        w.put('meta', 'checkpoint.last', 'not memory');
        w.put('audit', 1, 'not memory');
        w.remove('chunks', 7);
        w.remove('sources', 'never-there');
      });
      expect(journaled(store)).toEqual([['chunks', 7], ['meta', 'corpus'], ['nodes', plain(bytes(2, 0, 255))], ['postings', ['term', 3]]]);
      expect(new Set(Array.from(store.changes(), (c) => c.sequence))).toEqual(new Set([1]));
      store.write((w) => w.put('edges', bytes(1), bytes(9)));
      expect(Array.from(store.changes(), (c) => [c.db, c.sequence]).find(([db]) => db === 'edges')).toEqual(['edges', 2]);
      expect(store.changeSequence()).toBe(2);
    }));

    test('write() that throws leaves no journal entry and no sequence number used', () => withStore(setup, (store) => {
      store.write((w) => w.startChangeJournal());
      expect(() => store.write((w) => {
        w.put('chunks', 1, 'x');
        w.put('nodes', bytes(1, 2), 'y');
        throw new Error('abort');
      })).toThrow('abort');
      expect(journaled(store)).toEqual([]);
      expect(store.changeSequence()).toBe(0);
    }));

    test('clear() of a memory database journals every key it removed', () => withStore(setup, (store) => {
      store.write((w) => {
        for (const n of [1, 2, 3]) w.put('vectors', n, n);
        w.startChangeJournal();
      });
      store.write((w) => w.clear('vectors'));
      expect(journaled(store)).toEqual([['vectors', 1], ['vectors', 2], ['vectors', 3]]);
    }));

    test('forgetChanges() removes covered entries and keeps those rewritten since', () => withStore(setup, (store) => {
      store.write((w) => w.startChangeJournal());
      store.write((w) => {
        w.put('chunks', 1, 'a');
        w.put('chunks', 2, 'b');
      });
      const seen = [...store.changes()];
      const sequence = store.changeSequence()!;
      store.write((w) => w.put('chunks', 2, 'b2'));
      expect(store.write((w) => w.forgetChanges(seen, sequence))).toBe(1);
      expect(Array.from(store.changes(), (c) => [c.key, c.sequence])).toEqual([[2, sequence + 1]]);
    }));

    test('changes() reads in batches from an entry, with a limit', () => withStore(setup, (store) => {
      store.write((w) => w.startChangeJournal());
      store.write((w) => {
        for (let n = 0; n < 10; n++) w.put('chunks', n, n);
      });
      const first: StoreChange[] = [...store.changes({ limit: 4 })];
      const rest = [...store.changes({ after: first.at(-1)!.entry })];
      expect([...first, ...rest].map((c) => c.key)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }));

    test('changes() gives back each key exactly as range() does', () => withStore(setup, async (store) => {
      store.write((w) => w.startChangeJournal());
      const part = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)), fc.integer());
      const cases = fc.oneof(
        fc.record({ db: fc.constant<StoreDatabaseName>('postings'), key: fc.array(part, { minLength: 1, maxLength: 3 }) as fc.Arbitrary<StoreKey> }),
        fc.record({ db: fc.constant<StoreDatabaseName>('sources'), key: part as fc.Arbitrary<StoreKey> }),
        fc.record({ db: fc.constant<StoreDatabaseName>('edges'), key: fc.uint8Array({ minLength: 1, maxLength: 40 }) as fc.Arbitrary<StoreKey> }),
      );
      await fc.assert(fc.asyncProperty(cases, async ({ db, key }) => {
        store.write((w) => w.put(db, key, 1));
        const stored = [...store.range(db)].map((e) => plain(e.key));
        const fromJournal = Array.from(store.changes(), (c) => plain(c.key));
        store.write((w) => {
          w.clear(db);
          w.forgetChanges([...w.changes()], w.changeSequence()!);
        });
        expect(fromJournal).toEqual(stored);
      }), { numRuns: 200, seed: 0x10c4 });
    }));
  });
}
