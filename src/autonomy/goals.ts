/**
 * Goals made by curiosity (spec §5.1 "Goal Synthesis"): each frontier region becomes one
 * "explore X" goal for the person to see in `noctem status`. None touches the network: a goal
 * suggests a question, a re-read of sources already held, or local files to ingest.
 * The kind follows what made the region a frontier, φ = contrast / (contrast + gradient):
 * - φ ≥ ⅔, thin coverage beside a dense cluster → 'ingest-suggestion' (find more about X);
 * - φ ≤ ⅓, the metric changes fast (memory still settling) → 'reread' (re-read X's sources);
 * - between → 'question' (ask the person how X relates to the cluster it borders).
 * Goals are plain data; the daemon persists them. Transitions: open → done | dismissed.
 */
import { assert, limits, NoctemError, type Brand, type NodeId, type Rng } from '../core/index.ts';
import type { FrontierRegion } from './frontier.ts';

/** A goal's id: "goal-" and 16 hex digits. */
export type GoalId = Brand<string, 'GoalId'>;

/** What a goal asks for. */
export type GoalKind = 'question' | 'reread' | 'ingest-suggestion';

/** Where a goal stands. */
export type GoalStatus = 'open' | 'done' | 'dismissed';

/** One goal. */
export interface Goal {
  readonly id: GoalId;
  readonly kind: GoalKind;
  /** One sentence for the person, at most limits.goalDescriptionCharsMax characters. */
  readonly description: string;
  /** The region's nodes, best first. */
  readonly regionNodeIds: readonly NodeId[];
  readonly createdAtMs: number;
  readonly status: GoalStatus;
  /** When it was completed or dismissed. */
  readonly closedAtMs?: number;
  /** For an ingest suggestion: local files proposed for ingestion (never fetched or ingested unasked). */
  readonly suggestedPaths?: readonly string[];
}

/** What {@link goalsFromFrontier} needs besides the regions. */
export interface GoalSynthesisOptions {
  /** Node id of each node index the regions use. */
  readonly nodeIds: readonly NodeId[];
  /** A short topic text for some nodes (from their chunks' titles or keywords). */
  readonly label: (nodeIds: readonly NodeId[]) => string;
  readonly nowMs: number;
  /** The seeded generator that makes goal ids (advanced). */
  readonly rng: Rng;
  /** Local files related to a thin region (ingest suggestions only); none when absent. */
  readonly suggest?: (nodeIds: readonly NodeId[]) => readonly string[];
}

/** The result of {@link addGoals}. */
export interface GoalsAdded {
  readonly goals: readonly Goal[];
  readonly added: readonly Goal[];
  /** New goals not added: a duplicate of an open goal, or over limits.goalsOpenMax. */
  readonly skipped: readonly Goal[];
}

/** Options of a transition. */
export interface GoalTransitionOptions {
  readonly nowMs: number;
}

/**
 * One open goal per frontier region (kinds in the module comment).
 * @param regions - from findFrontier, best first
 * @param options - node ids, the label function, the clock value and the id generator
 */
export function goalsFromFrontier(regions: readonly FrontierRegion[], options: GoalSynthesisOptions): Goal[] {
  return regions.map((region) => {
    const regionNodeIds = region.nodes.map((i) => nodeIdAt(options.nodeIds, i));
    const topic = options.label(regionNodeIds);
    const kind = kindOf(region);
    let description: string;
    if (kind === 'ingest-suggestion') description = `Look for local files about ${topic} to ingest: memory is thin there, next to much you know.`;
    else if (kind === 'reread') description = `Re-read the sources about ${topic}: that part of memory is still settling.`;
    else if (region.borderNodes.length === 0) description = `What more should I know about ${topic}?`;
    else description = `How does ${topic} relate to ${options.label(region.borderNodes.map((i) => nodeIdAt(options.nodeIds, i)))}?`;
    const suggestedPaths = kind === 'ingest-suggestion' ? options.suggest?.(regionNodeIds) ?? [] : [];
    return {
      id: goalId(options.rng), kind, description: truncate(description), regionNodeIds,
      createdAtMs: options.nowMs, status: 'open' as const,
      ...(suggestedPaths.length > 0 ? { suggestedPaths } : {}),
    };
  });
}

/**
 * Adds new goals, skipping duplicates of open goals (same kind and same best node) and any
 * beyond limits.goalsOpenMax open goals; drops the oldest closed goals past limits.goalsKeptMax.
 * @param goals - the current goals
 * @param fresh - new goals, best first
 */
export function addGoals(goals: readonly Goal[], fresh: readonly Goal[]): GoalsAdded {
  const next = [...goals];
  const added: Goal[] = [];
  const skipped: Goal[] = [];
  let open = goals.filter((goal) => goal.status === 'open').length;
  for (const goal of fresh) {
    const duplicate = next.some((held) => held.status === 'open' && held.kind === goal.kind && held.regionNodeIds[0] === goal.regionNodeIds[0]);
    if (duplicate || open >= limits.goalsOpenMax) {
      skipped.push(goal);
      continue;
    }
    next.push(goal);
    added.push(goal);
    open++;
  }
  while (next.length > limits.goalsKeptMax) {
    let oldest = -1;
    for (let i = 0; i < next.length; i++) {
      if (next[i]!.status !== 'open' && (oldest < 0 || (next[i]!.closedAtMs ?? 0) < (next[oldest]!.closedAtMs ?? 0))) oldest = i;
    }
    if (oldest < 0) break;
    next.splice(oldest, 1);
  }
  return { goals: next, added, skipped };
}

/**
 * Marks an open goal done.
 * @param goals - the current goals
 * @param id - the goal
 * @param options - the clock value
 * @throws {NoctemError} GOAL_NOT_FOUND when no goal has this id
 * @throws {NoctemError} GOAL_STATE_INVALID when the goal is not open
 */
export function completeGoal(goals: readonly Goal[], id: GoalId, options: GoalTransitionOptions): Goal[] {
  return close(goals, id, 'done', options.nowMs);
}

/**
 * Marks an open goal dismissed.
 * @param goals - the current goals
 * @param id - the goal
 * @param options - the clock value
 * @throws {NoctemError} GOAL_NOT_FOUND when no goal has this id
 * @throws {NoctemError} GOAL_STATE_INVALID when the goal is not open
 */
export function dismissGoal(goals: readonly Goal[], id: GoalId, options: GoalTransitionOptions): Goal[] {
  return close(goals, id, 'dismissed', options.nowMs);
}

/**
 * The open goals, oldest first.
 * @param goals - the current goals
 */
export function openGoals(goals: readonly Goal[]): Goal[] {
  return goals.filter((goal) => goal.status === 'open').sort((a, b) => a.createdAtMs - b.createdAtMs);
}

function close(goals: readonly Goal[], id: GoalId, status: 'done' | 'dismissed', nowMs: number): Goal[] {
  const at = goals.findIndex((goal) => goal.id === id);
  if (at < 0) throw new NoctemError('GOAL_NOT_FOUND', `Cannot find goal ${id}`, { details: { id } });
  const goal = goals[at]!;
  if (goal.status !== 'open') {
    const verb = status === 'done' ? 'complete' : 'dismiss';
    throw new NoctemError('GOAL_STATE_INVALID', `Cannot ${verb} goal ${id}: it is already ${goal.status}`, { details: { id, status: goal.status } });
  }
  const next = [...goals];
  next[at] = { ...goal, status, closedAtMs: nowMs };
  return next;
}

function kindOf(region: FrontierRegion): GoalKind {
  const total = region.contrast + region.gradient;
  const share = total > 0 ? region.contrast / total : 0.5;
  if (share >= 2 / 3) return 'ingest-suggestion';
  return share <= 1 / 3 ? 'reread' : 'question';
}

function nodeIdAt(nodeIds: readonly NodeId[], index: number): NodeId {
  const id = nodeIds[index];
  assert(id !== undefined, 'every region node has an id');
  return id;
}

function goalId(rng: Rng): GoalId {
  const hex = (word: number): string => word.toString(16).padStart(8, '0');
  return `goal-${hex(rng.nextUint32())}${hex(rng.nextUint32())}` as GoalId;
}

function truncate(text: string): string {
  const max = limits.goalDescriptionCharsMax;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
