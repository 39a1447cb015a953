/**
 * Goal: verifyKeyEventLog() accepts exactly the logs the Living Will protocol allows, and
 * keyValidAt() rejects signatures by a revoked key dated after its revocation.
 * Method: one real log (inception, scheduled rotation, compromise rotation with a
 * backdated revocation) built once with deterministic keys; each test tampers a copy.
 * Every event costs two SLH-DSA signatures (~320 ms), so forged events are few.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { limits, type Did } from '../core/index.ts';
import { hybridKeyPairFromSeed, hybridLengths, type HybridKeyPair } from './hybrid-signature.ts';
import { keyIdOf } from './hybrid-codec.ts';
import { createInceptionEvent, createRotationEvent, keyEventDigest, type KeyEvent, type RotationEvent } from './key-event.ts';
import { applyKeyEvent, keyStatusAt, keyValidAt, verifyKeyEventLog, type KeyEventVerification } from './key-event-log.ts';

const dayMs = 86_400_000;
const t0 = Date.UTC(2026, 0, 1);
const t1 = t0 + dayMs;
const t2 = t0 + 2 * dayMs;
const compromisedSinceMs = t2 - 3_600_000;

function keyPair(n: number): HybridKeyPair {
  return hybridKeyPairFromSeed(new Uint8Array(hybridLengths.hybridSeedBytes).fill(n));
}

const [genesis, k1, k2, k3, k4, attacker] = [1, 2, 3, 4, 5, 6].map(keyPair) as [
  HybridKeyPair, HybridKeyPair, HybridKeyPair, HybridKeyPair, HybridKeyPair, HybridKeyPair,
];
let log: KeyEvent[];
let did: Did;

beforeAll(() => {
  const inception = createInceptionEvent({ genesis, living: k1, next: k2.publicKey, createdMs: t0 });
  const first = createRotationEvent({ previous: inception, outgoing: k1, incoming: k2, next: k3.publicKey, createdMs: t1 });
  const second = createRotationEvent({
    previous: first, outgoing: k2, incoming: k3, next: k4.publicKey, createdMs: t2,
    revokedAtMs: compromisedSinceMs, reason: 'compromise',
  });
  log = [inception, first, second];
  did = inception.did;
});

function failureOf(result: KeyEventVerification): string | undefined {
  return result.ok ? undefined : result.failure.reason;
}

function edited(index: number, change: (event: Record<string, unknown>) => void): unknown[] {
  const copy = structuredClone(log) as unknown as Record<string, unknown>[];
  change(copy[index]!);
  return copy;
}

describe('verifyKeyEventLog()', () => {
  it('verifyKeyEventLog() accepts a rotation sequence and computes the key state', () => {
    const result = verifyKeyEventLog(did, log);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.sequence).toBe(2);
    expect(result.state.living.keyId).toBe(keyIdOf(k3.publicKey));
    expect(result.state.nextKeyCommitment).toBe(keyIdOf(k4.publicKey));
    expect(result.state.headDigest).toBe(keyEventDigest(log[2]!));
    expect(result.state.history.map((record) => [record.revokedAtMs, record.revocationReason])).toEqual([
      [t1, 'rotation'],
      [compromisedSinceMs, 'compromise'],
      [null, null],
    ]);
  });

  it('verifyKeyEventLog() takes the DID from the genesis key', () => {
    expect(did.startsWith('did:key:z6Mk')).toBe(true);
    const other = createInceptionEvent({ genesis: k4, living: k1, next: k2.publicKey, createdMs: t0 }).did;
    expect(failureOf(verifyKeyEventLog(other, log))).toBe('did-mismatch');
  });

  it('verifyKeyEventLog() rejects a tampered event', () => {
    const events = edited(1, (event) => {
      event['nextKeyCommitment'] = keyIdOf(attacker.publicKey);
    });
    expect(failureOf(verifyKeyEventLog(did, events))).toBe('signature-invalid');
  });

  it('verifyKeyEventLog() rejects a tampered signature and names the signer', () => {
    const events = edited(0, (event) => {
      const signatures = event['signatures'] as Record<string, Record<string, string>>;
      const text = signatures['living']!['slhDsa']!;
      signatures['living']!['slhDsa'] = `${text.slice(0, 100)}${text[100] === 'A' ? 'B' : 'A'}${text.slice(101)}`;
    });
    const result = verifyKeyEventLog(did, events);
    expect(result.ok ? undefined : [result.failure.reason, result.failure.signer, result.failure.rejection]).toEqual([
      'signature-invalid', 'living', 'slh-dsa-invalid',
    ]);
  });

  it('verifyKeyEventLog() rejects a reordered log', () => {
    expect(failureOf(verifyKeyEventLog(did, [log[0], log[2], log[1]]))).toBe('sequence-mismatch');
  });

  it('verifyKeyEventLog() rejects a log truncated at the front', () => {
    expect(failureOf(verifyKeyEventLog(did, log.slice(1)))).toBe('sequence-mismatch');
  });

  it('verifyKeyEventLog() rejects a log with a gap', () => {
    expect(failureOf(verifyKeyEventLog(did, [log[0], log[2]]))).toBe('sequence-mismatch');
  });

  it('verifyKeyEventLog() rejects a log cut back before a known head', () => {
    const knownHead = { sequence: 2, digest: keyEventDigest(log[2]!) };
    expect(verifyKeyEventLog(did, log.slice(0, 2)).ok).toBe(true);
    expect(failureOf(verifyKeyEventLog(did, log.slice(0, 2), { knownHead }))).toBe('rollback');
    expect(verifyKeyEventLog(did, log, { knownHead }).ok).toBe(true);
  });

  it('verifyKeyEventLog() returns the valid prefix on failure', () => {
    const result = verifyKeyEventLog(did, [log[0], log[1], { type: 'rotation' }]);
    expect(result.ok ? undefined : [result.failure.reason, result.validPrefix?.sequence]).toEqual(['malformed', 1]);
  });

  it('verifyKeyEventLog() rejects an empty log and a log over the limit', () => {
    expect(failureOf(verifyKeyEventLog(did, []))).toBe('empty');
    expect(failureOf(verifyKeyEventLog(did, new Array<unknown>(limits.keyEventsMax + 1).fill(null)))).toBe('too-long');
  });

  it('verifyKeyEventLog() rejects an event with an unknown member', () => {
    const events = edited(1, (event) => {
      event['extra'] = true;
    });
    expect(failureOf(verifyKeyEventLog(did, events))).toBe('malformed');
  });
});

describe('verifyKeyEventLog() under corruption', () => {
  it('verifyKeyEventLog() rejects any one-character change to an event', () => {
    const text = JSON.stringify(log[1]);
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.constantFrom('0', '1', 'a', 'Z', '_', '"', '}'), (at, replacement) => {
        fc.pre(text[at] !== replacement);
        let event: unknown;
        try {
          event = JSON.parse(`${text.slice(0, at)}${replacement}${text.slice(at + 1)}`);
        } catch {
          return; // Not JSON any more: a store or peer would reject it before verification.
        }
        expect(verifyKeyEventLog(did, [log[0], event, log[2]]).ok).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});

describe('applyKeyEvent()', () => {
  function stateAt(sequence: number): Parameters<typeof applyKeyEvent>[0] {
    const result = verifyKeyEventLog(did, log.slice(0, sequence + 1));
    if (!result.ok) throw new Error('the fixture log verifies');
    return result.state;
  }

  it('applyKeyEvent() rejects a rotation to a key that was not committed', () => {
    const wrongNext = createRotationEvent({ previous: log[0]!, outgoing: k1, incoming: attacker, next: k3.publicKey, createdMs: t1 });
    expect(failureOf(applyKeyEvent(stateAt(0), wrongNext))).toBe('commitment-mismatch');
  });

  it('applyKeyEvent() rejects a fork by a thief of the living key who knows the next public key', () => {
    const forged = createRotationEvent({
      previous: log[0]!, outgoing: k1,
      incoming: { publicKey: k2.publicKey, secretKey: attacker.secretKey },
      next: attacker.publicKey, createdMs: t1,
    });
    const result = applyKeyEvent(stateAt(0), forged);
    expect(result.ok ? undefined : [result.failure.reason, result.failure.signer]).toEqual(['signature-invalid', 'incoming']);
  });

  it('applyKeyEvent() rejects a backdated revocation that does not suspect compromise', () => {
    const backdated = createRotationEvent({ previous: log[1]!, outgoing: k2, incoming: k3, next: k4.publicKey, createdMs: t2, revokedAtMs: t2 - 1 });
    expect(failureOf(applyKeyEvent(stateAt(1), backdated))).toBe('revocation-invalid');
  });

  it('applyKeyEvent() rejects a second inception', () => {
    expect(failureOf(applyKeyEvent(stateAt(2), log[0]))).toBe('sequence-mismatch');
  });

  it('applyKeyEvent() rejects a revocation time after the rotation', () => {
    const event = structuredClone(log[2]) as RotationEvent;
    const late = { ...event, revocation: { ...event.revocation, revokedAtMs: t2 + 1 } };
    expect(failureOf(applyKeyEvent(stateAt(1), late))).toBe('revocation-invalid');
  });
});

describe('keyValidAt()', () => {
  function state(): Parameters<typeof keyValidAt>[0] {
    const result = verifyKeyEventLog(did, log);
    if (!result.ok) throw new Error('the fixture log verifies');
    return result.state;
  }

  it('keyValidAt() accepts a signature by a revoked key dated before its revocation', () => {
    expect(keyValidAt(state(), keyIdOf(k1.publicKey), t1 - 1)).toBe(true);
  });

  it('keyValidAt() rejects a signature by a revoked key dated after its revocation', () => {
    expect(keyValidAt(state(), keyIdOf(k1.publicKey), t1)).toBe(false);
    expect(keyStatusAt(state(), keyIdOf(k1.publicKey), t1 + 5)).toBe('revoked');
  });

  it('keyValidAt() honours a backdated compromise revocation', () => {
    expect(keyValidAt(state(), keyIdOf(k2.publicKey), compromisedSinceMs - 1)).toBe(true);
    expect(keyValidAt(state(), keyIdOf(k2.publicKey), compromisedSinceMs)).toBe(false);
  });

  it('keyValidAt() rejects a key before it became living, and unknown keys', () => {
    expect(keyStatusAt(state(), keyIdOf(k3.publicKey), t2 - 1)).toBe('not-yet-valid');
    expect(keyValidAt(state(), keyIdOf(k3.publicKey), t2)).toBe(true);
    expect(keyStatusAt(state(), keyIdOf(k4.publicKey), t2)).toBe('unknown');
  });

  it('keyValidAt() accepts the genesis key from inception on', () => {
    expect(keyValidAt(state(), keyIdOf(genesis.publicKey), t2 + dayMs)).toBe(true);
    expect(keyValidAt(state(), keyIdOf(genesis.publicKey), t0 - 1)).toBe(false);
  });
});
