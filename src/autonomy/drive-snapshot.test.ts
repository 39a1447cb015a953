/**
 * Goal: a propagation worker reading the drives through DriveSnapshot never sees a torn
 * snapshot (GAP-022). Method: a worker thread (worker-drive-snapshot-writer.ts, started under
 * tsx as the wave worker propagator starts its threads) publishes as fast as it can, each
 * publish four equal values; the main thread reads many times and checks all four are equal
 * in every read, and that it saw many different publishes (so the two really overlapped).
 * A control reads the raw slot without the protocol and must see tears, which shows the check
 * can fail (asserted only with two or more cores, since tears need true parallelism).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import { NoctemError } from '../core/index.ts';
import { DriveSnapshot, driveSnapshotBytes, driveSnapshotSlotWord } from './drive-snapshot.ts';
import { initialDriveState, type DriveState } from './drive-state.ts';
import type { SnapshotWriterData } from './worker-drive-snapshot-writer.ts';

const zero: DriveState = { dopamine: 0, serotonin: 0, norepinephrine: 0, atpFraction: 0 };
const allEqual = (s: DriveState): boolean => s.dopamine === s.serotonin && s.serotonin === s.norepinephrine && s.norepinephrine === s.atpFraction;
const running: Worker[] = [];
afterEach(async () => { await Promise.all(running.splice(0).map((worker) => worker.terminate())); });

/** Starts the writer thread under tsx; resolves once it has published at least once. */
async function startWriter(snapshot: DriveSnapshot, publishesMax: number): Promise<{ control: Int32Array; finished: Promise<number> }> {
  const control = new Int32Array(new SharedArrayBuffer(8));
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./worker-drive-snapshot-writer.ts', import.meta.url).href;
  const source = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  const data: SnapshotWriterData = { buffer: snapshot.buffer, control, publishesMax };
  const worker = new Worker(source, { eval: true, execArgv: [], workerData: data });
  running.push(worker);
  const finished = new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { published: number }) => resolve(message.published));
    worker.once('error', reject);
  });
  const startedBy = Date.now() + 30_000;
  while (Atomics.load(control, 1) === 0 && snapshot.read().sequence === 0) {
    if (Date.now() > startedBy) throw new Error('the writer thread did not start');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { control, finished };
}

describe('drive snapshot', () => {
  test('DriveSnapshot.read() returns the last publish and its sequence number', () => {
    const snapshot = DriveSnapshot.create(initialDriveState);
    expect(snapshot.read()).toEqual({ state: initialDriveState, sequence: 0 });
    const next = { dopamine: 0.1, serotonin: 0.2, norepinephrine: 0.3, atpFraction: 0.4 };
    snapshot.publish(next);
    expect(snapshot.read()).toEqual({ state: next, sequence: 1 });
    snapshot.publish(initialDriveState);
    expect(new DriveSnapshot(snapshot.buffer).read()).toEqual({ state: initialDriveState, sequence: 2 });
    expect(snapshot.buffer.byteLength).toBe(driveSnapshotBytes);
  });

  test('DriveSnapshot.read() never returns a torn snapshot while another thread publishes without pause', async () => {
    const snapshot = DriveSnapshot.create(zero);
    const { control, finished } = await startWriter(snapshot, 200_000_000);
    let torn = 0;
    const sequences = new Set<number>();
    // Read until 1,000 distinct publishes were seen (at least 300,000 reads, at most 20 s): on
    // a loaded machine the writer thread may get little CPU, so a fixed read count proves less.
    const deadlineMs = Date.now() + 20_000;
    for (let read = 0; read < 300_000 || (sequences.size <= 1000 && Date.now() < deadlineMs); read++) {
      const { state, sequence } = snapshot.read();
      if (!allEqual(state)) torn += 1;
      sequences.add(sequence);
    }
    Atomics.store(control, 0, 1);
    const published = await finished;
    expect(torn).toBe(0);
    expect(published).toBeGreaterThan(10_000);
    expect(sequences.size).toBeGreaterThan(1000); // the reads really interleaved with publishes
  }, 60_000);

  test('a raw read of a slot without the seqlock does tear under the same writer (the check can fail)', async () => {
    const snapshot = DriveSnapshot.create(zero);
    const { control, finished } = await startWriter(snapshot, 200_000_000);
    const raw = new Float64Array(snapshot.buffer, driveSnapshotSlotWord(0) * 4, 4);
    let torn = 0;
    const deadline = Date.now() + 5000;
    while (torn === 0 && Date.now() < deadline) {
      for (let i = 0; i < 10_000; i++) if (!(raw[0] === raw[1] && raw[1] === raw[2] && raw[2] === raw[3])) torn += 1;
    }
    Atomics.store(control, 0, 1);
    await finished;
    if (availableParallelism() >= 2) expect(torn).toBeGreaterThan(0);
  }, 60_000);

  test('DriveSnapshot.publish() asserts finite values', () => {
    const snapshot = DriveSnapshot.create(initialDriveState);
    expect(() => snapshot.publish({ ...initialDriveState, dopamine: Number.NaN })).toThrow(/finite/);
    expect(() => snapshot.read()).not.toThrow(NoctemError);
  });
});
