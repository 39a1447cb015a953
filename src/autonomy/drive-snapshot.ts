/**
 * A consistent view of the drives for a propagation worker (spec §5.1 GAP-022): a
 * double-buffered seqlock over a SharedArrayBuffer, so the reader sees the four values of one
 * publish, never a mix of two ("no torn reads"), without locks on either side.
 *
 * Layout (Int32 words): word 0 is the sequence number (publishes so far, wrapping at 2³²);
 * word 1 pads; slot k ∈ {0, 1} holds [D, S, N, A] as four float64 values, each split in two
 * Int32 words, at words 2 + 8k .. 9 + 8k. Publish number q goes to slot q & 1.
 *
 * Writer (one only): writes the slot the readers are not pointed at, (seq + 1) & 1, then
 * publishes it with Atomics.store(seq, seq + 1). Reader: loads seq, copies slot seq & 1, loads
 * seq again and retries if it moved: the writer may have started overwriting that slot only
 * after publishing seq + 1. Every access is an Atomics operation (the float64s as Int32 halves),
 * so the protocol holds under the ECMAScript memory model on any CPU, not only on x86's
 * ordering; that costs eight more atomic loads per read. A publish carries a whole DriveState,
 * and propagation reads one snapshot per step (staleness ≤ one writer tick).
 */
import { NoctemError, assert, limits } from '../core/index.ts';
import { driveKeys, type DriveState } from './drive-state.ts';

/** Bytes of a drive snapshot's SharedArrayBuffer. */
export const driveSnapshotBytes = (2 + 2 * driveKeys.length * 2) * Int32Array.BYTES_PER_ELEMENT;

/** One read: the state and the publish number it came from. */
export interface DriveSnapshotRead {
  readonly state: DriveState;
  /** How many publishes preceded this one's value (wraps at 2³²; compare for equality only). */
  readonly sequence: number;
}

/** The seqlock over one SharedArrayBuffer; see the module comment. */
export class DriveSnapshot {
  /** The shared memory: pass it to a worker and attach there with `new DriveSnapshot(buffer)`. */
  readonly buffer: SharedArrayBuffer;
  readonly #words: Int32Array;
  // Scratch for converting float64 values to and from their two Int32 halves.
  readonly #values = new Float64Array(driveKeys.length);
  readonly #halves = new Int32Array(this.#values.buffer);

  /**
   * Attaches to a snapshot buffer (made by {@link DriveSnapshot.create}).
   * @param buffer - driveSnapshotBytes bytes of shared memory
   */
  constructor(buffer: SharedArrayBuffer) {
    assert(buffer.byteLength === driveSnapshotBytes, 'a drive snapshot buffer');
    this.buffer = buffer;
    this.#words = new Int32Array(buffer);
  }

  /**
   * A new snapshot buffer holding `initial` as publish 0.
   * @param initial - the first state
   */
  static create(initial: DriveState): DriveSnapshot {
    const snapshot = new DriveSnapshot(new SharedArrayBuffer(driveSnapshotBytes));
    snapshot.#writeSlot(0, initial);
    return snapshot;
  }

  /**
   * Publishes a state. Only one thread may publish to a buffer.
   * @param state - finite values
   */
  publish(state: DriveState): void {
    const sequence = Atomics.load(this.#words, 0);
    this.#writeSlot((sequence + 1) & 1, state);
    Atomics.store(this.#words, 0, (sequence + 1) | 0);
  }

  /**
   * The latest published state, all four values from one publish.
   * @throws {NoctemError} AUTONOMY_SNAPSHOT_CONTENDED when the writer published during every
   *   one of limits.driveSnapshotReadRetriesMax attempts
   */
  read(): DriveSnapshotRead {
    const words = this.#words;
    const halves = this.#halves;
    for (let attempt = 0; attempt < limits.driveSnapshotReadRetriesMax; attempt++) {
      const sequence = Atomics.load(words, 0);
      const base = driveSnapshotSlotWord(sequence & 1);
      for (let k = 0; k < halves.length; k++) halves[k] = Atomics.load(words, base + k);
      if (Atomics.load(words, 0) !== sequence) continue;
      const [dopamine, serotonin, norepinephrine, atpFraction] = this.#values;
      return { state: { dopamine: dopamine!, serotonin: serotonin!, norepinephrine: norepinephrine!, atpFraction: atpFraction! }, sequence };
    }
    throw new NoctemError('AUTONOMY_SNAPSHOT_CONTENDED', `Cannot read a consistent drive snapshot in ${limits.driveSnapshotReadRetriesMax} attempts`);
  }

  #writeSlot(slot: number, state: DriveState): void {
    driveKeys.forEach((key, k) => { this.#values[k] = state[key]; });
    assert(this.#values.every(Number.isFinite), 'drive values are finite');
    const base = driveSnapshotSlotWord(slot);
    for (let k = 0; k < this.#halves.length; k++) Atomics.store(this.#words, base + k, this.#halves[k]!);
  }
}

/** The first Int32 word of slot 0 or 1. */
export function driveSnapshotSlotWord(slot: number): number {
  return 2 + slot * driveKeys.length * 2;
}
