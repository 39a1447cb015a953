/**
 * `noctem status`: what the home holds (documents, passages, nodes, queue, audit entries) and
 * how it feels: the drives, boredom, open goals and the last nap, as the daemon last saved
 * them (the baseline when it never ran).
 */
import { metabolismParams, openGoals, type CalibratedActivity, type GoalKind } from '../../autonomy/index.ts';
import { latestNapAtMs, readAutonomyState, readStoredCosts } from '../../daemon/index.ts';
import { readCorpusStats } from '../../recall/index.ts';
import { defineCommand } from '../command.ts';
import { withNoctem } from '../open-home.ts';

interface StatusOutput {
  readonly home: string;
  readonly name: string;
  readonly did: string;
  readonly documents: number;
  readonly chunks: number;
  readonly nodes: number;
  readonly terms: number;
  readonly queued: number;
  readonly auditEntries: number;
  /** Drive levels in [0, 1]; atp is the reserve as a fraction of its 1000 ATP maximum. */
  readonly chemistry: { readonly dopamine: number; readonly serotonin: number; readonly norepinephrine: number; readonly atp: number };
  readonly boredom: number;
  /** Open goals, oldest first. */
  readonly goals: readonly { readonly id: string; readonly kind: GoalKind; readonly description: string; readonly createdAt: string }[];
  /** When the last nap ended (ISO 8601), or null. */
  readonly lastNap: string | null;
  /** ATP per unit of each calibrated activity as `init` measured it (GAP-012), or null (spec costs). */
  readonly metabolicCosts: Readonly<Record<CalibratedActivity, number>> | null;
}

/** The `status` command. */
export const statusCommand = defineCommand<Record<string, never>, StatusOutput>({
  name: 'status',
  summary: 'Show what the home holds and how its drives stand',
  usage: '',
  options: {},
  parse: () => ({}),
  run: (_input, context) =>
    withNoctem(context, (noctem) => {
      const autonomy = readAutonomyState(noctem.store, noctem.clock.nowMs());
      const { dopamine, serotonin, norepinephrine } = autonomy.drives;
      const lastNapAtMs = latestNapAtMs(noctem, autonomy);
      return {
        home: noctem.paths.root,
        name: noctem.config.name,
        did: noctem.identity.show().did,
        documents: noctem.store.count('sources'),
        chunks: noctem.store.count('chunks'),
        nodes: noctem.store.count('nodes'),
        terms: readCorpusStats(noctem.store).terms,
        queued: noctem.store.count('queue'),
        auditEntries: noctem.audit.count(),
        chemistry: { dopamine, serotonin, norepinephrine, atp: autonomy.metabolism.atp / metabolismParams().atpMax },
        boredom: autonomy.boredom,
        goals: openGoals(autonomy.goals).map((g) => ({ id: g.id, kind: g.kind, description: g.description, createdAt: new Date(g.createdAtMs).toISOString() })),
        lastNap: lastNapAtMs === null ? null : new Date(lastNapAtMs).toISOString(),
        metabolicCosts: readStoredCosts(noctem.store)?.costAtp ?? null,
      };
    }),
  renderText: (o) => {
    const c = o.chemistry;
    const lines = [
      `${o.name} (${o.did})`,
      `home: ${o.home}`,
      `memory: ${o.documents} documents, ${o.chunks} passages, ${o.nodes} nodes, ${o.terms} terms`,
      `watch queue: ${o.queued}`,
      `audit log: ${o.auditEntries} entries`,
      `drives: dopamine ${c.dopamine.toFixed(2)}, serotonin ${c.serotonin.toFixed(2)}, norepinephrine ${c.norepinephrine.toFixed(2)}, ATP ${(c.atp * 100).toFixed(0)} %`,
      `boredom: ${o.boredom.toFixed(2)}; last nap: ${o.lastNap ?? 'never'}`,
      `goals: ${o.goals.length === 0 ? 'none' : ''}`,
      ...o.goals.map((g) => `  ${g.id} [${g.kind}] ${g.description}`),
    ];
    return lines.join('\n');
  },
});
