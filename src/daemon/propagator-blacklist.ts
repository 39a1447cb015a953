/**
 * The propagator blacklist (spec §5.5 SCRAM: "blacklist the active propagator … refuse that
 * module until cleared"): one value in the store's `meta` database under
 * {@link propagatorBlacklistKey}, listing each refused propagator by name with why and when
 * it was refused and where its emergency snapshot is. Entries are added by a SCRAM
 * (propagator-guard.ts) in the same transaction as its `wave.scram` audit entry, and removed
 * only by the person (`noctem propagator clear NAME`), audited as `wave.blacklist.clear`.
 * A full blacklist (limits.propagatorBlacklistEntriesMax) refuses every propagator, so it can
 * never overflow and never has to forget a refusal.
 */
import { NoctemError, limits } from '../core/index.ts';
import type { StoreReader, StoreWriter } from '../store/index.ts';
import type { WatchdogCheck } from '../wave/index.ts';
import type { Noctem } from './compose.ts';

/** The key of the blacklist in `meta`. */
export const propagatorBlacklistKey = 'wave.blacklist';

/** One refused propagator. */
export interface BlacklistedPropagator {
  /** The propagator's name (Propagator.name). */
  readonly name: string;
  /** The check that completed the SCRAM's streak of violations. */
  readonly check: WatchdogCheck;
  /** What the check found, in words. */
  readonly reason: string;
  /** Steps the run had taken at that check. */
  readonly step: number;
  /** When it was blacklisted (Unix ms). */
  readonly atMs: number;
  /** The emergency snapshot, relative to the home root; null when it could not be written. */
  readonly snapshot: string | null;
}

/**
 * The blacklist, oldest entry first.
 * @param reader - the store, or a transaction
 * @throws {NoctemError} STORE_CORRUPT when the stored value is not a blacklist
 */
export function readPropagatorBlacklist(reader: StoreReader): BlacklistedPropagator[] {
  const stored = reader.get('meta', propagatorBlacklistKey);
  if (stored === undefined) return [];
  const valid = Array.isArray(stored) && stored.length <= limits.propagatorBlacklistEntriesMax && stored.every(isEntry);
  if (!valid) throw new NoctemError('STORE_CORRUPT', `The propagator blacklist (meta "${propagatorBlacklistKey}") is malformed`);
  return stored as BlacklistedPropagator[];
}

/**
 * Refuses a blacklisted propagator (and every one while the blacklist is full).
 * @param reader - the store, or a transaction
 * @param name - the propagator's name
 * @throws {NoctemError} WAVE_PROPAGATOR_BLACKLISTED when it may not run
 */
export function ensurePropagatorAllowed(reader: StoreReader, name: string): void {
  const entries = readPropagatorBlacklist(reader);
  const entry = entries.find((e) => e.name === name);
  if (entry !== undefined) {
    throw new NoctemError('WAVE_PROPAGATOR_BLACKLISTED', `The propagator "${name}" was blacklisted by a SCRAM at ${new Date(entry.atMs).toISOString()}: ${entry.reason}`, {
      hint: `Inspect ${entry.snapshot ?? 'the audit entry'}, then run \`noctem propagator clear ${name}\` to allow it again.`,
      details: { ...entry },
    });
  }
  if (entries.length >= limits.propagatorBlacklistEntriesMax) {
    throw new NoctemError('WAVE_PROPAGATOR_BLACKLISTED', `The propagator blacklist is full (${entries.length} entries): no propagator may run`, {
      hint: 'Clear entries with `noctem propagator clear NAME` after inspecting them (`noctem propagator list`).',
    });
  }
}

/**
 * Adds (or replaces, by name) an entry inside the caller's transaction.
 * @param writer - the transaction that also appends the SCRAM's audit entry
 * @param entry - the refused propagator
 */
export function blacklistPropagatorIn(writer: StoreWriter, entry: BlacklistedPropagator): void {
  const others = readPropagatorBlacklist(writer).filter((e) => e.name !== entry.name);
  writer.put('meta', propagatorBlacklistKey, [...others, entry]);
}

/**
 * Removes `name` from the blacklist and audits it, in one transaction.
 * @param noctem - the open home
 * @param name - the propagator to allow again
 * @returns the removed entry
 * @throws {NoctemError} WAVE_PROPAGATOR_NOT_BLACKLISTED when `name` is not on the blacklist
 */
export function clearBlacklistedPropagator(noctem: Noctem, name: string): BlacklistedPropagator {
  return noctem.store.write((writer) => {
    const entries = readPropagatorBlacklist(writer);
    const entry = entries.find((e) => e.name === name);
    if (entry === undefined) throw new NoctemError('WAVE_PROPAGATOR_NOT_BLACKLISTED', `The propagator "${name}" is not blacklisted`);
    writer.put('meta', propagatorBlacklistKey, entries.filter((e) => e.name !== name));
    noctem.audit.appendInTransaction(writer, [{
      actor: 'person',
      action: 'wave.blacklist.clear',
      details: { name, blacklistedAtMs: entry.atMs, check: entry.check, reason: entry.reason, snapshot: entry.snapshot },
    }]);
    return entry;
  });
}

function isEntry(value: unknown): value is BlacklistedPropagator {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e['name'] === 'string' && typeof e['check'] === 'string' && typeof e['reason'] === 'string'
    && typeof e['step'] === 'number' && typeof e['atMs'] === 'number' && (e['snapshot'] === null || typeof e['snapshot'] === 'string');
}
