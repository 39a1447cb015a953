/**
 * Goal: `noctem goals` lists goals open first; `goals done ID` closes a goal with the
 * goal-completed drive event (dopamine's TD reward, serotonin +0.05) and a `goal.done` audit
 * entry; `goals dismiss ID` closes one without reward (`goal.dismiss`); an unknown id or a
 * closed goal is GOAL_NOT_FOUND / GOAL_STATE_INVALID with exit 1 and nothing changed.
 * Method: a home made by the in-process CLI, goals written into the autonomy state directly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { applyDriveEvent, type Goal, type GoalId } from '../../autonomy/index.ts';
import { FakeClock, type NodeId } from '../../core/index.ts';
import { initialAutonomyState, openNoctem, writeAutonomyState } from '../../daemon/index.ts';
import { cli } from '../../../test/helpers/cli.ts';
import { initHome } from '../../../test/helpers/home.ts';

let dir: string;
let home: string;
const value = 0.25;

function goal(id: string, createdAtMs: number): Goal {
  return { id: id as GoalId, kind: 'question', description: `explore ${id}`, regionNodeIds: ['n1' as NodeId], createdAtMs, status: 'open' };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noctem-goals-'));
  home = await initHome(join(dir, 'home'));
  const noctem = await openNoctem(home);
  try {
    const state = initialAutonomyState(noctem.clock.nowMs());
    noctem.store.write((w) => writeAutonomyState(w, { ...state, value, goals: [goal('g-late', 2000), goal('g-early', 1000), goal('g-third', 3000)] }));
  } finally {
    await noctem.close();
  }
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const run = (...args: string[]): ReturnType<typeof cli> => cli([...args, '--json', '--home', home]);

test('noctem goals lists open goals oldest first', async () => {
  const out = (await run('goals')).json<{ goals: { id: string; status: string }[] }>();
  expect(out.goals.map((g) => g.id)).toEqual(['g-early', 'g-late', 'g-third']);
});

test('noctem goals done applies the goal-completed drive event, audits goal.done and lists the goal after the open ones', async () => {
  const before = (await run('status')).json<{ chemistry: { dopamine: number; serotonin: number; norepinephrine: number } }>().chemistry;
  const result = await run('goals', 'done', 'g-early');
  expect(result.code).toBe(0);
  const expected = applyDriveEvent({ ...before, atpFraction: 1 }, { kind: 'goal-completed', value, nextValue: value });
  expect(expected.dopamine).toBeGreaterThan(before.dopamine);
  expect(expected.serotonin).toBeCloseTo(before.serotonin + 0.05, 12);
  const status = (await run('status')).json<{ chemistry: { dopamine: number; serotonin: number }; goals: { id: string }[] }>();
  expect(status.chemistry.dopamine).toBeCloseTo(expected.dopamine, 12);
  expect(status.chemistry.serotonin).toBeCloseTo(expected.serotonin, 12);
  expect(status.goals.map((g) => g.id)).toEqual(['g-late', 'g-third']);
  const list = (await run('goals')).json<{ goals: { id: string; status: string; closedAt: string | null }[] }>();
  expect(list.goals.map((g) => [g.id, g.status])).toEqual([['g-late', 'open'], ['g-third', 'open'], ['g-early', 'done']]);
  expect(list.goals[2]!.closedAt).not.toBeNull();
  const audit = (await run('audit')).json<{ entries: { action: string; details: { id?: string } }[] }>();
  expect(audit.entries.some((e) => e.action === 'goal.done' && e.details.id === 'g-early')).toBe(true);
});

test('noctem goals dismiss closes a goal without changing the drives, audits goal.dismiss, and lists latest closed first', async () => {
  const before = (await run('status')).json<{ chemistry: Record<string, number> }>().chemistry;
  const later = new FakeClock(Date.UTC(2026, 0, 2));
  expect((await cli(['goals', 'dismiss', 'g-late', '--json', '--home', home], { clock: later })).code).toBe(0);
  const after = (await run('status')).json<{ chemistry: Record<string, number>; goals: { id: string }[] }>();
  expect(after.chemistry).toEqual(before);
  expect(after.goals.map((g) => g.id)).toEqual(['g-third']);
  const audit = (await run('audit')).json<{ entries: { action: string; details: { id?: string } }[] }>();
  expect(audit.entries.some((e) => e.action === 'goal.dismiss' && e.details.id === 'g-late')).toBe(true);
});

test('noctem goals done on an unknown or closed goal exits 1 with GOAL_NOT_FOUND or GOAL_STATE_INVALID', async () => {
  const missing = await run('goals', 'done', 'g-none');
  expect(missing.code).toBe(1);
  expect(missing.stderr + missing.stdout).toContain('GOAL_NOT_FOUND');
  const closed = await run('goals', 'dismiss', 'g-early');
  expect(closed.code).toBe(1);
  expect(closed.stderr + closed.stdout).toContain('GOAL_STATE_INVALID');
  const usage = await run('goals', 'done');
  expect(usage.code).toBe(1);
  const list = (await run('goals')).json<{ goals: { id: string; status: string }[] }>();
  expect(list.goals.map((g) => [g.id, g.status])).toEqual([['g-third', 'open'], ['g-late', 'dismissed'], ['g-early', 'done']]);
});
