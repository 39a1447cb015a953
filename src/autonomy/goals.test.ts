/**
 * Goal: frontier regions become open goals of the right kind, and goals move only from open
 * to done or dismissed, with stable error codes otherwise.
 */
import { describe, expect, test } from 'vitest';
import { Xoshiro256pp, type NodeId } from '../core/index.ts';
import type { FrontierRegion } from './frontier.ts';
import { addGoals, completeGoal, dismissGoal, goalsFromFrontier, openGoals, type Goal, type GoalId } from './goals.ts';

const nodeIds = Array.from({ length: 10 }, (_, i) => `n${i}` as NodeId);
const label = (ids: readonly NodeId[]): string => `topic(${ids.slice(0, 2).join(',')})`;

function region(nodes: number[], contrast: number, gradient: number): FrontierRegion {
  return { nodes, borderNodes: [9], score: 1, contrast, gradient, centroid: new Array<number>(9).fill(0) };
}

function synthesize(regions: FrontierRegion[], nowMs = 1000): Goal[] {
  return goalsFromFrontier(regions, { nodeIds, label, nowMs, rng: Xoshiro256pp.fromSeed(1) });
}

describe('goalsFromFrontier()', () => {
  test('goalsFromFrontier() picks the kind from contrast versus gradient', () => {
    const goals = synthesize([region([0, 1], 3, 0.5), region([2], 0.2, 2), region([3, 4], 1, 1)]);
    expect(goals.map((goal) => goal.kind)).toEqual(['ingest-suggestion', 'reread', 'question']);
  });

  test('goalsFromFrontier() names the region and, for a question, the cluster it borders', () => {
    const [thin, , boundary] = synthesize([region([0, 1], 3, 0.5), region([2], 0.2, 2), region([3, 4], 1, 1)]);
    expect(thin).toMatchObject({ regionNodeIds: ['n0', 'n1'], createdAtMs: 1000, status: 'open' });
    expect(thin!.description).toContain('topic(n0,n1)');
    expect(boundary!.description).toBe('How does topic(n3,n4) relate to topic(n9)?');
    expect(thin!.id).toMatch(/^goal-[0-9a-f]{16}$/);
  });
});

describe('goal transitions', () => {
  const [goal] = synthesize([region([0], 3, 0)]);

  test('completeGoal() closes an open goal with its time', () => {
    const [done] = completeGoal([goal!], goal!.id, { nowMs: 5000 });
    expect(done).toMatchObject({ status: 'done', closedAtMs: 5000 });
    expect(openGoals([done!])).toEqual([]);
  });

  test('dismissGoal() on a dismissed goal fails with GOAL_STATE_INVALID', () => {
    const goals = dismissGoal([goal!], goal!.id, { nowMs: 5000 });
    expect(() => dismissGoal(goals, goal!.id, { nowMs: 6000 })).toThrow(expect.objectContaining({ code: 'GOAL_STATE_INVALID' }));
    expect(() => completeGoal(goals, goal!.id, { nowMs: 6000 })).toThrow(expect.objectContaining({ code: 'GOAL_STATE_INVALID' }));
  });

  test('completeGoal() of an unknown id fails with GOAL_NOT_FOUND', () => {
    expect(() => completeGoal([goal!], 'goal-0000000000000000' as GoalId, { nowMs: 0 })).toThrow(expect.objectContaining({ code: 'GOAL_NOT_FOUND' }));
  });
});

describe('addGoals()', () => {
  test('addGoals() skips a new goal that repeats an open one', () => {
    const first = synthesize([region([0, 1], 3, 0)]);
    const again = goalsFromFrontier([region([0, 2], 3, 0)], { nodeIds, label, nowMs: 2000, rng: Xoshiro256pp.fromSeed(2) });
    const result = addGoals(first, again);
    expect(result.added).toEqual([]);
    expect(result.skipped).toEqual(again);
  });

  test('addGoals() stops at goalsOpenMax open goals', () => {
    const rng = Xoshiro256pp.fromSeed(3);
    const many = Array.from({ length: 70 }, (_, i) => goalsFromFrontier([region([i % 10], 3, 0)], {
      nodeIds, label, nowMs: i, rng,
    })[0]!).map((goal, i) => ({ ...goal, regionNodeIds: [`m${i}` as NodeId] }));
    const result = addGoals([], many);
    expect(result.added).toHaveLength(64);
    expect(result.skipped).toHaveLength(6);
  });
});

test('goalsFromFrontier() asks an open question when the region borders nothing', () => {
  const [goal] = synthesize([{ ...region([5], 1, 1), borderNodes: [] }]);
  expect(goal!.description).toBe('What more should I know about topic(n5)?');
});
