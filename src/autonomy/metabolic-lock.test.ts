/**
 * Goal: a nap never splits a job that holds a metabolic lock, unless the job outlives the
 * timeout, and then the nap proceeds forced and names the job. Method: fake async jobs that
 * write a document in several awaited steps to a shared log, with a nap asked for mid-job.
 */
import { describe, expect, test } from 'vitest';
import { isNoctemError } from '../core/index.ts';
import { MetabolicLocks } from './metabolic-lock.ts';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Ingests a fake document in `parts` steps of `stepMs` each, inside a lock. */
async function ingest(locks: MetabolicLocks, name: string, log: string[], options: { parts: number; stepMs: number }): Promise<void> {
  using lock = await locks.acquire('ingestion', name);
  for (let part = 1; part <= options.parts; part++) {
    if (lock.forced) {
      log.push(`${name}:rollback`);
      return;
    }
    await pause(options.stepMs);
    log.push(`${name}:${part}`);
  }
}

/** Runs a nap that records when it starts and ends. */
async function nap(locks: MetabolicLocks, log: string[], timeoutMs: number): Promise<readonly string[]> {
  const gate = await locks.waitForLocks({ timeoutMs });
  log.push('nap:start');
  await pause(5);
  log.push('nap:end');
  locks.endNap();
  return gate.forced.map((holder) => holder.label);
}

describe('MetabolicLocks', () => {
  test('waitForLocks() starts a nap only after the in-flight job finishes', async () => {
    const locks = new MetabolicLocks();
    const log: string[] = [];
    const job = ingest(locks, 'a.pdf', log, { parts: 3, stepMs: 10 });
    await pause(12);
    const forced = await nap(locks, log, 5000);
    await job;
    expect(forced).toEqual([]);
    expect(log).toEqual(['a.pdf:1', 'a.pdf:2', 'a.pdf:3', 'nap:start', 'nap:end']);
  });

  test('acquire() during a nap waits until the nap ends', async () => {
    const locks = new MetabolicLocks();
    const log: string[] = [];
    const first = ingest(locks, 'a.pdf', log, { parts: 2, stepMs: 10 });
    await pause(5);
    const napDone = nap(locks, log, 5000);
    const second = ingest(locks, 'b.pdf', log, { parts: 2, stepMs: 1 });
    await Promise.all([first, napDone, second]);
    expect(log).toEqual(['a.pdf:1', 'a.pdf:2', 'nap:start', 'nap:end', 'b.pdf:1', 'b.pdf:2']);
  });

  test('waitForLocks() proceeds forced after the timeout and names the holder', async () => {
    const locks = new MetabolicLocks();
    const log: string[] = [];
    const job = ingest(locks, 'huge.pdf', log, { parts: 20, stepMs: 10 });
    await pause(5);
    const forced = await nap(locks, log, 30);
    await job;
    expect(forced).toEqual(['huge.pdf']);
    expect(log.indexOf('nap:start')).toBeLessThan(log.indexOf('huge.pdf:rollback'));
    expect(log).not.toContain('huge.pdf:20');
  });

  test('a forced lock\'s signal aborts with NAP_IN_PROGRESS', async () => {
    const locks = new MetabolicLocks();
    const lock = await locks.acquire('training', 'epoch 7');
    const gate = await locks.waitForLocks({ timeoutMs: 1 });
    expect(gate.forced).toEqual([{ id: 1, kind: 'training', label: 'epoch 7' }]);
    expect(isNoctemError(lock.signal.reason, 'NAP_IN_PROGRESS')).toBe(true);
    lock.release();
    locks.endNap();
    expect(locks.held).toEqual([]);
  });

  test('a lock taken with `using` is released when its block throws', async () => {
    const locks = new MetabolicLocks();
    const failing = async (): Promise<void> => {
      using lock = await locks.acquire('improvement', 'candidate 3');
      expect(locks.held).toEqual([lock.holder]);
      throw new Error('compile failed');
    };
    await expect(failing()).rejects.toThrow('compile failed');
    expect(locks.held).toEqual([]);
  });

  test('waitForLocks() with nothing held resolves at once, and a second nap is refused', async () => {
    const locks = new MetabolicLocks();
    expect(await locks.waitForLocks()).toEqual({ forced: [] });
    await expect(locks.waitForLocks()).rejects.toMatchObject({ code: 'NAP_IN_PROGRESS' });
    locks.endNap();
    expect(locks.napping).toBe(false);
  });

  test('waitForLocks() rejects a timeout beyond napLockWaitMsMax', async () => {
    await expect(new MetabolicLocks().waitForLocks({ timeoutMs: 1e9 })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
