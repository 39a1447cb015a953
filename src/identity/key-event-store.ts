/**
 * How the key event log lives in the store: database `keyEvents`, key = sequence number,
 * value = the event as plain JSON-compatible data. The store is the source of truth for
 * which key is living; the vault only holds secrets.
 */
import { NoctemError, limits } from '../core/index.ts';
import type { StoreReader, StoreWriter } from '../store/index.ts';
import { keyEventDigest, type KeyEvent } from './key-event.ts';

/** The last event's position and digest. */
export interface KeyEventHead {
  readonly sequence: number;
  readonly digest: string;
}

/**
 * Every stored event in sequence order, unverified, at most `limits.keyEventsMax`.
 * Keys that are not 0, 1, 2, … in order are returned in key order; verification then
 * rejects the gap.
 * @param reader - the store or a transaction
 * @throws {NoctemError} IDENTITY_CHAIN_INVALID when the log exceeds the limit
 */
export function readKeyEvents(reader: StoreReader): unknown[] {
  const events: unknown[] = [];
  for (const entry of reader.range('keyEvents', { limit: limits.keyEventsMax + 1 })) {
    events.push(entry.value);
  }
  if (events.length > limits.keyEventsMax) {
    throw new NoctemError('IDENTITY_CHAIN_INVALID', `The key event log has more than ${limits.keyEventsMax} events`);
  }
  return events;
}

/**
 * The head of the stored log, or undefined when it is empty. Reads one event.
 * @param reader - the store or a transaction
 */
export function readKeyEventHead(reader: StoreReader): KeyEventHead | undefined {
  for (const entry of reader.range('keyEvents', { reverse: true, limit: 1 })) {
    const event = entry.value as KeyEvent;
    return { sequence: event.sequence, digest: keyEventDigest(event) };
  }
  return undefined;
}

/**
 * Checks, inside the caller's write transaction, that the log's head is still the one an
 * event was built on; the caller then writes secrets and puts the event in the same
 * transaction, so no other process can slip a rotation in between.
 * @param writer - an open write transaction
 * @param expected - the head the event was built on (undefined for an inception)
 * @throws {NoctemError} IDENTITY_EXISTS when an inception meets a non-empty log
 * @throws {NoctemError} IDENTITY_ROTATION_CONFLICT when the head moved
 */
export function checkKeyEventHeadIn(writer: StoreWriter, expected: KeyEventHead | undefined): void {
  const head = readKeyEventHead(writer);
  if (expected === undefined && head !== undefined) {
    throw new NoctemError('IDENTITY_EXISTS', 'This home already has an identity');
  }
  if (expected !== undefined && (head?.sequence !== expected.sequence || head.digest !== expected.digest)) {
    throw new NoctemError('IDENTITY_ROTATION_CONFLICT', 'The key event log changed while the rotation was being signed');
  }
}

/**
 * Puts a verified event at its sequence inside the caller's transaction.
 * @param writer - an open write transaction, after {@link checkKeyEventHeadIn}
 * @param event - the event, already checked with `applyKeyEvent`
 */
export function putKeyEventIn(writer: StoreWriter, event: KeyEvent): void {
  writer.put('keyEvents', event.sequence, event);
}
