/**
 * A worker-thread entry that hammers a {@link DriveSnapshot} with publishes, for the
 * "no torn reads" test of drive-snapshot.test.ts (GAP-022): publish i sets all four values to
 * (i mod 2²⁰)/2²⁰, so a reader that ever sees two different values in one snapshot saw a torn
 * read. It stops when the stop word (workerData.control[0]) becomes non-zero or after
 * workerData.publishesMax publishes, and posts how many it made. Started under tsx the way the
 * wave worker propagator starts its threads (tsx's register() first, then this module).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DriveSnapshot } from './drive-snapshot.ts';

/** What the starter passes as workerData. */
export interface SnapshotWriterData {
  /** The snapshot's shared memory. */
  readonly buffer: SharedArrayBuffer;
  /** Int32 words over shared memory: [0] stop flag set by the starter, [1] publishes so far. */
  readonly control: Int32Array;
  /** The most publishes to make. */
  readonly publishesMax: number;
}

const data = workerData as SnapshotWriterData | null;
if (data !== null && parentPort !== null) {
  const snapshot = new DriveSnapshot(data.buffer);
  const scale = 2 ** 20;
  let published = 0;
  for (; published < data.publishesMax && Atomics.load(data.control, 0) === 0; published++) {
    const level = (published % scale) / scale;
    snapshot.publish({ dopamine: level, serotonin: level, norepinephrine: level, atpFraction: level });
    if ((published & 1023) === 0) Atomics.store(data.control, 1, published);
  }
  Atomics.store(data.control, 1, published);
  parentPort.postMessage({ published });
}
