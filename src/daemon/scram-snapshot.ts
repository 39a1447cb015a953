/**
 * The emergency snapshot a SCRAM leaves in the home's `checkpoints/` folder (spec §5.5: "save
 * an emergency checkpoint"): the offending wave state, kept as evidence for whoever clears the
 * blacklist. Nothing reads it at run time.
 *
 * Format (little-endian), version 1:
 *   bytes 0-7   the magic "NOCTSCRM"
 *   bytes 8-11  u32 format version (1)
 *   bytes 12-15 u32 header length H in bytes
 *   16..16+H    the header: UTF-8 JSON, padded with spaces to a multiple of 8 bytes
 *               ({@link ScramSnapshotHeader}: propagator, violation, step, time, nodeCount…)
 *   then        8 float64 arrays of nodeCount values each, in the order of
 *               {@link scramSnapshotArrays}: ψ, v and a (real, imaginary), resonance r, index s.
 * The graph is not stored: it is rebuilt from the store's k-NN edges. Written atomically (temp
 * file, fsync, link) under a name that carries the time and the propagator's name.
 */
import { join } from 'node:path';
import { NoctemError, assert, isNoctemError, limits } from '../core/index.ts';
import { homeLayout, writeFileAtomic, type HomePaths } from '../store/index.ts';
import type { WatchdogViolation, WaveState } from '../wave/index.ts';

const magic = 'NOCTSCRM';
const formatVersion = 1;
const prefixBytes = 16;

/** The arrays a snapshot holds, in file order. */
export const scramSnapshotArrays = ['psiRe', 'psiIm', 'vRe', 'vIm', 'aRe', 'aIm', 'resonance', 'refractiveIndex'] as const;

/** The JSON header of a snapshot. */
export interface ScramSnapshotHeader {
  readonly propagator: string;
  /** When the SCRAM happened (Unix ms). */
  readonly atMs: number;
  /** The violation that completed the streak. */
  readonly violation: WatchdogViolation;
  /** Steps the run had taken to the last good state that was restored. */
  readonly lastGoodStep: number;
  /** The snapshot state's simulation time. */
  readonly time: number;
  readonly nodeCount: number;
  readonly arrays: readonly string[];
}

/** A decoded snapshot. */
export interface ScramSnapshot {
  readonly header: ScramSnapshotHeader;
  readonly arrays: Readonly<Record<(typeof scramSnapshotArrays)[number], Float64Array>>;
}

/**
 * The bytes of a snapshot of `state`.
 * @param state - the emergency state
 * @param header - everything but time, nodeCount and arrays (taken from `state`)
 */
export function encodeScramSnapshot(state: WaveState, header: Omit<ScramSnapshotHeader, 'time' | 'nodeCount' | 'arrays'>): Uint8Array {
  const n = state.graph.nodeCount;
  const full: ScramSnapshotHeader = { ...header, time: state.time, nodeCount: n, arrays: scramSnapshotArrays };
  const json = Buffer.from(JSON.stringify(full));
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(prefixBytes + headerBytes + scramSnapshotArrays.length * n * 8);
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from(magic, 'latin1'), 0);
  view.setUint32(8, formatVersion, true);
  view.setUint32(12, headerBytes, true);
  bytes.fill(0x20, prefixBytes, prefixBytes + headerBytes);
  bytes.set(json, prefixBytes);
  let offset = prefixBytes + headerBytes;
  for (const name of scramSnapshotArrays) {
    const array = state[name];
    assert(array.length === n, 'every snapshot array has one value per node');
    for (let i = 0; i < n; i++, offset += 8) view.setFloat64(offset, array[i]!, true);
  }
  return bytes;
}

/**
 * Decodes snapshot bytes.
 * @param bytes - a whole snapshot file
 * @throws {NoctemError} WAVE_SNAPSHOT_CORRUPT when the bytes are not a version-1 snapshot
 */
export function decodeScramSnapshot(bytes: Uint8Array): ScramSnapshot {
  const corrupt = (why: string): NoctemError => new NoctemError('WAVE_SNAPSHOT_CORRUPT', `Not a SCRAM snapshot: ${why}`);
  if (bytes.length < prefixBytes || Buffer.from(bytes.subarray(0, 8)).toString('latin1') !== magic) throw corrupt('the magic is missing');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8, true) !== formatVersion) throw corrupt(`format version ${view.getUint32(8, true)}`);
  const headerBytes = view.getUint32(12, true);
  if (headerBytes % 8 !== 0 || prefixBytes + headerBytes > bytes.length) throw corrupt('the header length is wrong');
  let header: ScramSnapshotHeader;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(prefixBytes, prefixBytes + headerBytes)).toString('utf8')) as ScramSnapshotHeader;
  } catch (cause) {
    throw new NoctemError('WAVE_SNAPSHOT_CORRUPT', 'Not a SCRAM snapshot: the header is not JSON', { cause });
  }
  const n = header.nodeCount;
  const dataBytes = scramSnapshotArrays.length * n * 8;
  if (!Number.isInteger(n) || n < 0 || n > limits.waveNodesMax || bytes.length !== prefixBytes + headerBytes + dataBytes) throw corrupt('the length does not match the node count');
  let offset = prefixBytes + headerBytes;
  const arrays = Object.fromEntries(scramSnapshotArrays.map((name) => {
    const array = new Float64Array(n);
    for (let i = 0; i < n; i++, offset += 8) array[i] = view.getFloat64(offset, true);
    return [name, array];
  })) as ScramSnapshot['arrays'];
  return { header, arrays };
}

/**
 * Writes a snapshot to the home's checkpoints folder, named `scram-<UTC time>-<propagator>.bin`
 * (with `-1`, `-2`… when that name exists).
 * @param paths - the home
 * @param snapshot - the state and the header fields of {@link encodeScramSnapshot}
 * @returns the file's path relative to the home root
 * @throws {NoctemError} FILE_EXISTS when every name tried exists
 */
export async function writeScramSnapshot(
  paths: HomePaths,
  snapshot: { state: WaveState; header: Omit<ScramSnapshotHeader, 'time' | 'nodeCount' | 'arrays'> },
): Promise<string> {
  const bytes = encodeScramSnapshot(snapshot.state, snapshot.header);
  const stamp = new Date(snapshot.header.atMs).toISOString().replace(/[:.]/g, '-');
  const base = `scram-${stamp}-${snapshot.header.propagator.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  for (let attempt = 0; attempt < limits.scramSnapshotNameAttemptsMax; attempt++) {
    const name = `${base}${attempt === 0 ? '' : `-${attempt}`}.bin`;
    try {
      await writeFileAtomic(join(paths.checkpoints, name), bytes, true);
      return `${homeLayout.checkpoints}/${name}`;
    } catch (error) {
      // Only a name already taken (two SCRAMs in one millisecond) moves on to the next name.
      if (!isNoctemError(error, 'FILE_EXISTS')) throw error;
    }
  }
  throw new NoctemError('FILE_EXISTS', `Every SCRAM snapshot name "${base}*.bin" is taken in "${paths.checkpoints}"`);
}
