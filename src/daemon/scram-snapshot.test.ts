/**
 * Goal: a SCRAM snapshot decodes to exactly the state and header it was written from, NaN and
 * Inf included (an emergency state is often not finite), and damaged bytes are refused.
 * Method: seeded states through encode/decode in memory; corruptions by hand.
 */
import { describe, expect, test } from 'vitest';
import { randomWaveState, ringWaveGraph } from '../wave/index.ts';
import { decodeScramSnapshot, encodeScramSnapshot, scramSnapshotArrays } from './scram-snapshot.ts';

const header = { propagator: 'amplitude-growth', atMs: 1_767_225_600_000, violation: { check: 'non-finite' as const, step: 300, detail: 'ψ, v or a holds NaN or Inf' }, lastGoodStep: 100 };

function emergencyState(): ReturnType<typeof randomWaveState> {
  const state = { ...randomWaveState(ringWaveGraph(17), { seed: 9 }), time: 1.25 };
  state.psiRe[3] = Number.NaN;
  state.vIm[5] = Number.NEGATIVE_INFINITY;
  return state;
}

describe('decodeScramSnapshot', () => {
  test('decodeScramSnapshot() returns the arrays and header encodeScramSnapshot() wrote', () => {
    const state = emergencyState();
    const snapshot = decodeScramSnapshot(encodeScramSnapshot(state, header));
    expect(snapshot.header).toEqual({ ...header, time: 1.25, nodeCount: 17, arrays: [...scramSnapshotArrays] });
    for (const name of scramSnapshotArrays) expect(snapshot.arrays[name]).toEqual(state[name]);
  });

  test('decodeScramSnapshot() refuses other files, truncation and a wrong version', () => {
    const bytes = encodeScramSnapshot(emergencyState(), header);
    const versionTwo = bytes.slice();
    versionTwo[8] = 2;
    for (const damaged of [new TextEncoder().encode('{"not":"a snapshot"}'), bytes.subarray(0, bytes.length - 8), versionTwo]) {
      expect(() => decodeScramSnapshot(damaged)).toThrow(expect.objectContaining({ code: 'WAVE_SNAPSHOT_CORRUPT' }));
    }
  });
});
