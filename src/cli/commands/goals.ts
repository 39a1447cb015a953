/**
 * `noctem goals`: the goals curiosity set (autonomy/goals.ts), open ones first (oldest first),
 * then the closed ones (latest closed first). `noctem goals done ID` completes an open goal:
 * the drives take the goal-completed event (dopamine's TD update with r = +1 and V(s) = V(s')
 * = the manifold value the daemon last measured, as a goal does not change amplitudes;
 * serotonin +0.05), audited as `goal.done`. `noctem goals dismiss ID` closes it without
 * reward, audited as `goal.dismiss`. Each change, its drive event and its audit entry are one
 * store transaction; a running daemon picks the new goals and drives up by the revision.
 */
import { applyDriveEvent, completeGoal, dismissGoal, openGoals, type Goal, type GoalId, type GoalKind, type GoalStatus } from '../../autonomy/index.ts';
import { limits, NoctemError } from '../../core/index.ts';
import { readAutonomyState, writeAutonomyState } from '../../daemon/index.ts';
import { defineCommand, type Command } from '../command.ts';
import { withNoctem } from '../open-home.ts';

/** One goal as the command shows it. */
interface GoalView {
  readonly id: string;
  readonly kind: GoalKind;
  readonly status: GoalStatus;
  readonly description: string;
  readonly createdAt: string;
  /** When it was completed or dismissed (ISO 8601), or null while open. */
  readonly closedAt: string | null;
  /** Local files proposed for ingestion (ingest suggestions); empty otherwise. */
  readonly suggestedPaths: readonly string[];
}

interface GoalsOutput {
  readonly goals: readonly GoalView[];
}

/** The `goals` command (list). */
export const goalsListCommand = defineCommand<Record<string, never>, GoalsOutput>({
  name: 'goals',
  summary: 'List the goals curiosity set, open ones first',
  usage: '',
  options: {},
  parse: () => ({}),
  run: (_input, context) =>
    withNoctem(context, (noctem) => {
      const { goals } = readAutonomyState(noctem.store, noctem.clock.nowMs());
      const closed = goals.filter((g) => g.status !== 'open').sort((a, b) => (b.closedAtMs ?? 0) - (a.closedAtMs ?? 0));
      return { goals: [...openGoals(goals), ...closed].map(view) };
    }),
  renderText: (o) =>
    o.goals.length === 0 ? 'No goals yet.' : o.goals.map((g) => `${g.id} ${g.status.padEnd(9)} [${g.kind}] ${g.description}${g.suggestedPaths.map((p) => `\n    ingest? ${p}`).join('')}`).join('\n'),
});

interface TransitionInput {
  readonly id: GoalId;
}

interface TransitionOutput {
  readonly goal: GoalView;
  /** The drive levels after the change. */
  readonly chemistry: { readonly dopamine: number; readonly serotonin: number; readonly norepinephrine: number };
}

/** The `goals done` command. */
export const goalsDoneCommand = transitionCommand('done');

/** The `goals dismiss` command. */
export const goalsDismissCommand = transitionCommand('dismiss');

function transitionCommand(verb: 'done' | 'dismiss'): Command {
  return defineCommand<TransitionInput, TransitionOutput>({
    name: `goals ${verb}`,
    summary: verb === 'done' ? 'Mark an open goal done (rewards the drives)' : 'Dismiss an open goal',
    usage: 'ID',
    options: {},
    positionals: true,
    parse: (_values, positionals) => ({ id: parseGoalId(positionals) }),
    run: (input, context) =>
      withNoctem(context, (noctem) => {
        const nowMs = noctem.clock.nowMs();
        return noctem.store.write((writer) => {
          const state = readAutonomyState(writer, nowMs);
          const goals = verb === 'done' ? completeGoal(state.goals, input.id, { nowMs }) : dismissGoal(state.goals, input.id, { nowMs });
          const drives = verb === 'done' ? applyDriveEvent(state.drives, { kind: 'goal-completed', value: state.value, nextValue: state.value }) : state.drives;
          writeAutonomyState(writer, { ...state, goals, drives, savedAtMs: nowMs });
          const goal = goals.find((g) => g.id === input.id)!;
          const chemistry = { dopamine: drives.dopamine, serotonin: drives.serotonin, norepinephrine: drives.norepinephrine };
          noctem.audit.appendInTransaction(writer, [{ actor: 'person', action: `goal.${verb}`, details: { id: goal.id, kind: goal.kind, description: goal.description, ...chemistry } }]);
          return { goal: view(goal), chemistry };
        });
      }),
    renderText: (o) =>
      `Goal ${o.goal.id} ${o.goal.status}: ${o.goal.description}\n` +
      `drives: dopamine ${o.chemistry.dopamine.toFixed(2)}, serotonin ${o.chemistry.serotonin.toFixed(2)}, norepinephrine ${o.chemistry.norepinephrine.toFixed(2)}`,
  });
}

function parseGoalId(positionals: readonly string[]): GoalId {
  const [id] = positionals;
  if (positionals.length !== 1 || id === undefined || id === '' || id.length > limits.goalDescriptionCharsMax) {
    throw new NoctemError('USAGE', 'Give exactly one goal id (`noctem goals` lists them)');
  }
  return id as GoalId;
}

function view(goal: Goal): GoalView {
  return {
    id: goal.id, kind: goal.kind, status: goal.status, description: goal.description,
    createdAt: new Date(goal.createdAtMs).toISOString(), closedAt: goal.closedAtMs === undefined ? null : new Date(goal.closedAtMs).toISOString(),
    suggestedPaths: goal.suggestedPaths ?? [],
  };
}
