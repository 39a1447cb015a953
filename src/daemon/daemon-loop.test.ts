/**
 * Goal: the daemon loop keeps its schedule without drift, catches up after a stall, persists
 * and flushes its state, yields to another writer's drive changes, calls the nap hook when D
 * falls below 0.2, and turns boredom into goals. Method: a real home; a fake monotonic clock
 * whose sleep always overshoots (drift would accumulate), and the real clock for a short run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeClock } from '../core/index.ts';
import { cli } from '../../test/helpers/cli.ts';
import { initHome } from '../../test/helpers/home.ts';
import { openNoctem, type Noctem } from './compose.ts';
import { autonomyStateKeys, initialAutonomyState, readAutonomyState, updateAutonomyState, writeAutonomyState } from './autonomy-state.ts';
import { runDaemon, type DaemonOptions } from './daemon-loop.ts';

let dir: string;
let home: string;
const clock = new FakeClock();
const seedHex = '5a'.repeat(32);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-daemon-loop-'));
  home = await initHome(join(dir, 'home'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function withHome<T>(fn: (noctem: Noctem) => Promise<T>): Promise<T> {
  const noctem = await openNoctem(home, { clock });
  try {
    noctem.store.write((writer) => writer.remove('meta', autonomyStateKeys.state));
    return await fn(noctem);
  } finally {
    await noctem.close();
  }
}

/** A monotonic clock whose sleep wakes `overshootMs` late every time. */
function lateClock(overshootMs: number): Pick<DaemonOptions, 'monotonic' | 'sleep'> & { now: () => number } {
  let now = 1000;
  return { now: () => now, monotonic: { nowMs: () => now }, sleep: async (ms) => void (now += ms + overshootMs) };
}

test('runDaemon() schedules tick k at start + k·tick, so lateness never accumulates', async () => {
  await withHome(async (noctem) => {
    const fake = lateClock(7);
    const late: number[] = [];
    const report = await runDaemon(noctem, { tickMs: 100, signal: new AbortController().signal, ticksMax: 500, seedHex, ...fake, onTick: (_s, lateMs) => late.push(lateMs) });
    expect(report.ticks).toBe(500);
    expect(fake.now()).toBe(1000 + 500 * 100 + 7);
    expect(Math.max(...late)).toBe(7);
    expect(report.skippedTicks).toBe(0);
  });
});

test('runDaemon() on the real clock ends within one tick of start + n·tick', async () => {
  await withHome(async (noctem) => {
    const start = performance.now();
    const report = await runDaemon(noctem, { tickMs: 20, signal: new AbortController().signal, ticksMax: 50, seedHex });
    const elapsed = performance.now() - start;
    expect(report.ticks).toBe(50);
    expect(elapsed).toBeGreaterThanOrEqual(50 * 20);
    expect(elapsed).toBeLessThan(51 * 20 + 40);
  });
});

test('runDaemon() integrates the ticks missed in a stall and skips those past the catch-up limit', async () => {
  await withHome(async (noctem) => {
    let now = 0;
    let calls = 0;
    const sleep = async (ms: number): Promise<void> => void (now += ms + (++calls === 3 ? 10 * 100 : calls === 5 ? 1000 * 100 : 0));
    const report = await runDaemon(noctem, { tickMs: 100, signal: new AbortController().signal, ticksMax: 100, seedHex, monotonic: { nowMs: () => now }, sleep });
    expect(report.skippedTicks).toBe(1000 - 64);
    expect(report.state.ticks).toBe(report.ticks);
    expect(report.ticks).toBeGreaterThanOrEqual(100);
  });
});

test('runDaemon() flushes its state when aborted, and a restart continues from it', async () => {
  await withHome(async (noctem) => {
    const controller = new AbortController();
    const fake = lateClock(0);
    const first = await runDaemon(noctem, { tickMs: 100, signal: controller.signal, persistEveryTicks: 1000, seedHex, ...fake, onTick: (state) => state.ticks === 37 && controller.abort() });
    expect(readAutonomyState(noctem.store, 0)).toEqual(first.state);
    expect(first.state.ticks).toBe(37);
    expect(first.state.boredom).toBeGreaterThan(0);
    const second = await runDaemon(noctem, { tickMs: 100, signal: new AbortController().signal, ticksMax: 3, seedHex, ...lateClock(0) });
    expect(second.state.ticks).toBe(40);
  });
});

test('runDaemon() keeps a dopamine change another writer saved while it ran', async () => {
  await withHome(async (noctem) => {
    const report = await runDaemon(noctem, {
      tickMs: 100, signal: new AbortController().signal, ticksMax: 20, seedHex, ...lateClock(0),
      onTick: (state) => {
        if (state.ticks === 10) updateAutonomyState(noctem.store, (s) => ({ ...s, drives: { ...s.drives, dopamine: 0.9 } }), { nowMs: clock.nowMs() });
      },
    });
    expect(report.state.drives.dopamine).toBeGreaterThan(0.85);
    expect(readAutonomyState(noctem.store, 0).drives.dopamine).toBeGreaterThan(0.85);
  });
});

test('runDaemon() calls the nap hook when D < 0.2, then applies the nap: serotonin +0.2, lastNap set, ATP recharged', async () => {
  await withHome(async (noctem) => {
    const start = initialAutonomyState(clock.nowMs());
    noctem.store.write((writer) => writeAutonomyState(writer, { ...start, drives: { ...start.drives, dopamine: 0.1, serotonin: 0.3 }, metabolism: { ...start.metabolism, atp: 500 } }));
    const triggers: string[] = [];
    const report = await runDaemon(noctem, {
      tickMs: 100, signal: new AbortController().signal, ticksMax: 5, seedHex, ...lateClock(0),
      nap: async ({ trigger }) => {
        triggers.push(trigger);
        clock.advance(2000);
      },
    });
    expect(triggers).toEqual(['dopamine-low']);
    expect(report.napsRun).toBe(1);
    expect(report.state.drives.serotonin).toBeGreaterThan(0.49);
    expect(report.state.lastNapAtMs).toBe(clock.nowMs());
    expect(report.state.metabolism.atp).toBeCloseTo(600, 6);
    expect(report.state.metabolism.napping).toBe(false);
  });
});

test('runDaemon() leaves the state as before a nap that its stop signal ended at its safe point', async () => {
  await withHome(async (noctem) => {
    const start = initialAutonomyState(clock.nowMs());
    noctem.store.write((writer) => writeAutonomyState(writer, { ...start, drives: { ...start.drives, dopamine: 0.1 }, metabolism: { ...start.metabolism, atp: 500 } }));
    const stop = new AbortController();
    const report = await runDaemon(noctem, {
      tickMs: 100, signal: stop.signal, ticksMax: 5, seedHex, ...lateClock(0),
      // As runNap does at its safe point when the kill switch aborts the signal.
      nap: async ({ signal }) => {
        stop.abort(new Error('kill switch'));
        signal?.throwIfAborted();
      },
    });
    expect(report.napsDue).toBe(1);
    expect(report.napsRun).toBe(0);
    expect(report.state.lastNapAtMs).toBeNull();
    expect(report.state.metabolism.napping).toBe(false);
    expect(readAutonomyState(noctem.store, 0).lastNapAtMs).toBeNull();
  });
});

test('runDaemon() turns boredom past 0.8 into goals over the memory and resets boredom', async () => {
  const docs = join(dir, 'docs');
  await rm(docs, { recursive: true, force: true });
  const topics = ['lighthouses guide ships along rocky coasts at night', 'sourdough bread rises with wild yeast and lactic bacteria', 'glaciers carve valleys as they slowly move downhill'];
  await Promise.all(topics.map(async (text, i) => {
    await import('node:fs/promises').then((fs) => fs.mkdir(docs, { recursive: true }));
    await writeFile(join(docs, `doc${i}.md`), `# Topic ${i}\n\n${Array.from({ length: 20 }, (_, j) => `${text} (${j}).`).join(' ')}\n`);
  }));
  const ingested = await cli(['ingest', docs, '--home', home]);
  expect(ingested.code).toBe(0);
  await withHome(async (noctem) => {
    expect(noctem.store.count('nodes')).toBeGreaterThan(2);
    const report = await runDaemon(noctem, { tickMs: 100, signal: new AbortController().signal, ticksMax: 150, seedHex, boredomCrossingSeconds: 1, ...lateClock(0) });
    expect(report.goalsAdded).toBeGreaterThan(0);
    const saved = readAutonomyState(noctem.store, 0);
    expect(saved.goals.length).toBe(report.goalsAdded);
    expect(saved.goals[0]?.description).toMatch(/Topic|node/);
    expect(saved.boredom).toBeLessThan(0.8);
  });
}, 30_000);
