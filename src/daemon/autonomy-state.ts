/**
 * The persisted autonomy state (issue 6 "All drive state survives restarts"): the drives, the
 * boredom level, the metabolism, the goals, the last nap and the manifold's value, kept under
 * one `meta` key of the home's store. `meta` keys other than the memory's (store
 * memory-databases.ts) are home state, so the drives are neither journaled nor carried by
 * memory checkpoints: they describe this running instance, as the watch queue does.
 *
 * Every writer (the daemon loop, feedback) reads, changes and writes the state in one store
 * transaction, and bumps a separate revision counter under its own key, so the daemon can
 * notice with one small read per tick that another process changed the drives (a feedback
 * from `noctem feedback` while the daemon runs) and reload instead of overwriting it.
 */
import { NoctemError, type NodeId } from '../core/index.ts';
import { parseDriveState, initialDriveState, metabolismParams, createMetabolism, type DriveState, type Goal, type MetabolismState } from '../autonomy/index.ts';
import type { HomeStore, StoreReader, StoreWriter } from '../store/index.ts';

/** The `meta` key of the state, and of its revision counter. */
export const autonomyStateKeys = Object.freeze({ state: 'autonomyState', revision: 'autonomyRevision' });

/** What the daemon keeps between runs. */
export interface AutonomyState {
  readonly drives: DriveState;
  /** Boredom B in [0, 1]. */
  readonly boredom: number;
  readonly metabolism: MetabolismState;
  readonly goals: readonly Goal[];
  /** When the last nap ended (clock ms), or null before the first. */
  readonly lastNapAtMs: number | null;
  /**
   * V, the manifold's normalized total energy in [0, 1]: mean |ψ|² over the nodes divided by
   * 16 (|ψ| ≤ 4), as the daemon last measured it (0 before). Dopamine's TD error reads it.
   */
  readonly value: number;
  /** Nodes the daemon counted at its last tick (new nodes relieve boredom). */
  readonly nodes: number;
  /** Daemon ticks run in all (across restarts). */
  readonly ticks: number;
  /** When the state was last written (clock ms). */
  readonly savedAtMs: number;
}

/**
 * The state of a home whose daemon never ran: baseline drives, full ATP, no boredom or goals.
 * @param nowMs - the clock value
 */
export function initialAutonomyState(nowMs: number): AutonomyState {
  return {
    drives: initialDriveState, boredom: 0, metabolism: createMetabolism(nowMs, metabolismParams()), goals: [],
    lastNapAtMs: null, value: 0, nodes: 0, ticks: 0, savedAtMs: nowMs,
  };
}

/**
 * Reads the persisted state, or the initial one when none was saved.
 * @param reader - a store view
 * @param nowMs - the clock value for the initial state
 * @throws {NoctemError} AUTONOMY_STATE_CORRUPT when the saved value does not parse
 */
export function readAutonomyState(reader: StoreReader, nowMs: number): AutonomyState {
  const value = reader.get('meta', autonomyStateKeys.state);
  return value === undefined ? initialAutonomyState(nowMs) : parseAutonomyState(value);
}

/**
 * The revision counter: how many times the state was written (0 when never).
 * @param reader - a store view
 */
export function readAutonomyRevision(reader: StoreReader): number {
  const value = reader.get('meta', autonomyStateKeys.revision);
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;
}

/**
 * Writes the state and bumps the revision, inside the caller's transaction.
 * @param writer - the transaction
 * @param state - a valid state (checked: a bad one is rejected before it is written)
 * @returns the new revision
 */
export function writeAutonomyState(writer: StoreWriter, state: AutonomyState): number {
  parseAutonomyState(state);
  const revision = readAutonomyRevision(writer) + 1;
  writer.put('meta', autonomyStateKeys.state, state);
  writer.put('meta', autonomyStateKeys.revision, revision);
  return revision;
}

/**
 * Reads, changes and writes the state in one transaction.
 * @param store - the home's store
 * @param change - the new state from the old (may throw: nothing is written then)
 * @param options - the clock value (savedAtMs, and the initial state's time)
 * @returns the new state
 */
export function updateAutonomyState(store: Pick<HomeStore, 'write'>, change: (state: AutonomyState) => AutonomyState, options: { nowMs: number }): AutonomyState {
  const { nowMs } = options;
  return store.write((writer) => {
    const next = { ...change(readAutonomyState(writer, nowMs)), savedAtMs: nowMs };
    writeAutonomyState(writer, next);
    return next;
  });
}

/**
 * Checks a value read from the store and returns it typed.
 * @param value - anything
 * @throws {NoctemError} AUTONOMY_STATE_CORRUPT naming the first bad field
 */
export function parseAutonomyState(value: unknown): AutonomyState {
  if (typeof value !== 'object' || value === null) corrupt('it is not an object');
  const record = value as Record<string, unknown>;
  let drives: DriveState;
  try {
    drives = parseDriveState(record['drives']);
  } catch (error) {
    corrupt(`drives: ${(error as Error).message}`);
  }
  const boredom = number(record, 'boredom', 0, 1);
  const metabolism = parseMetabolism(record['metabolism']);
  const goals = record['goals'];
  if (!Array.isArray(goals) || !goals.every(isGoal)) corrupt('goals must be a list of goals');
  const lastNap = record['lastNapAtMs'];
  if (lastNap !== null && !(typeof lastNap === 'number' && Number.isFinite(lastNap))) corrupt('lastNapAtMs must be a time or null');
  return {
    drives, boredom, metabolism, goals: goals as Goal[], lastNapAtMs: lastNap as number | null,
    value: number(record, 'value', 0, 1), nodes: number(record, 'nodes', 0, Number.MAX_SAFE_INTEGER),
    ticks: number(record, 'ticks', 0, Number.MAX_SAFE_INTEGER), savedAtMs: number(record, 'savedAtMs', 0, Number.MAX_SAFE_INTEGER),
  };
}

function parseMetabolism(value: unknown): MetabolismState {
  if (typeof value !== 'object' || value === null) corrupt('metabolism is not an object');
  const record = value as Record<string, unknown>;
  const atp = number(record, 'atp', 0, metabolismParams().atpMax);
  if (typeof record['napping'] !== 'boolean') corrupt('metabolism.napping must be true or false');
  return { atp, napping: record['napping'], atMs: number(record, 'atMs', 0, Number.MAX_SAFE_INTEGER) };
}

function isGoal(value: unknown): value is Goal {
  if (typeof value !== 'object' || value === null) return false;
  const goal = value as Record<string, unknown>;
  return typeof goal['id'] === 'string' && ['question', 'reread', 'ingest-suggestion'].includes(goal['kind'] as string)
    && typeof goal['description'] === 'string' && ['open', 'done', 'dismissed'].includes(goal['status'] as string)
    && typeof goal['createdAtMs'] === 'number' && Array.isArray(goal['regionNodeIds'])
    && (goal['regionNodeIds'] as unknown[]).every((id): id is NodeId => typeof id === 'string')
    && (goal['suggestedPaths'] === undefined || (Array.isArray(goal['suggestedPaths']) && (goal['suggestedPaths'] as unknown[]).every((p) => typeof p === 'string')));
}

function number(record: Record<string, unknown>, field: string, min: number, max: number): number {
  const value = record[field];
  if (typeof value !== 'number' || !(value >= min && value <= max)) corrupt(`${field} must be a number in [${min}, ${max}]`);
  return value;
}

function corrupt(why: string): never {
  throw new NoctemError('AUTONOMY_STATE_CORRUPT', `Cannot read the saved autonomy state: ${why}`, { details: { why } });
}
