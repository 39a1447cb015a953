/**
 * `noctem skill list`, `noctem skill remove NAME` and `noctem skill run NAME [--input JSON]
 * [--tier T]`: the installed skills, their removal (record and audit entry in one
 * transaction, then the files), and a run in the strongest available sandbox tier the skill
 * allows (skills/skill-runner.ts). A run's output is printed as JSON even in text mode, so
 * control characters a skill returns are escaped and cannot draw a fake prompt.
 */
import { NoctemError, limits } from '../../core/index.ts';
import { createSkillHost } from '../../daemon/index.ts';
import { listInstalledSkills, removeSkill, runInstalledSkill, skillTiers, type SkillRunOutput, type SkillTier } from '../../skills/index.ts';
import { defineCommand } from '../command.ts';
import { withNoctem } from '../open-home.ts';
import { skillInteraction } from './skill-interaction.ts';

interface SkillView {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly tier: SkillTier;
  readonly author: string;
  readonly digest: string;
  readonly capabilities: readonly { readonly name: string; readonly scope: readonly string[] }[];
  readonly installedAt: string;
}

/** The `skill list` command. */
export const skillListCommand = defineCommand<Record<string, never>, { skills: SkillView[] }>({
  name: 'skill list',
  summary: 'List the installed skills',
  usage: '',
  options: {},
  parse: () => ({}),
  run: (_input, context) =>
    withNoctem(context, (noctem) => ({
      skills: listInstalledSkills(noctem.store).map((s) => ({
        name: s.manifest.name, version: s.manifest.version, description: s.manifest.description, tier: s.manifest.tier, author: s.manifest.author,
        digest: s.digest, capabilities: s.grants.map((g) => ({ name: g.name, scope: g.scope })), installedAt: new Date(s.installedAtMs).toISOString(),
      })),
    })),
  renderText: (o) =>
    o.skills.length === 0 ? 'No skills installed.' : o.skills.map((s) => `${s.name} ${s.version} [${s.tier}] ${JSON.stringify(s.description)} — ${s.capabilities.map((c) => c.name).join(', ') || 'no capabilities'}`).join('\n'),
});

/** The `skill remove` command. */
export const skillRemoveCommand = defineCommand<{ name: string }, { removed: { name: string; version: string } }>({
  name: 'skill remove',
  summary: 'Remove an installed skill',
  usage: 'NAME',
  options: {},
  positionals: true,
  parse: (_values, positionals) => ({ name: oneName(positionals) }),
  run: (input, context) =>
    withNoctem(context, async (noctem) => {
      const host = createSkillHost(noctem, skillInteraction(context));
      const skill = await removeSkill(host.install, input.name);
      return { removed: { name: skill.manifest.name, version: skill.manifest.version } };
    }),
  renderText: (o) => `Removed ${o.removed.name} ${o.removed.version}`,
});

interface RunInput {
  readonly name: string;
  readonly input: unknown;
  readonly tier: SkillTier | undefined;
}

/** The `skill run` command. */
export const skillRunCommand = defineCommand<RunInput, SkillRunOutput>({
  name: 'skill run',
  summary: 'Run an installed skill in its sandbox',
  usage: 'NAME [--input JSON] [--tier quickjs|process|gvisor]',
  startsWork: true,
  options: { input: { type: 'string' }, tier: { type: 'string' } },
  positionals: true,
  parse(values, positionals): RunInput {
    const raw = values['input'];
    let input: unknown = null;
    if (typeof raw === 'string') {
      if (raw.length > limits.skillOutputBytesMax) throw new NoctemError('USAGE', `--input is longer than ${limits.skillOutputBytesMax} characters`);
      try {
        input = JSON.parse(raw);
      } catch {
        throw new NoctemError('USAGE', '--input must be JSON, e.g. --input \'{"query":"tea"}\'');
      }
    }
    const tier = values['tier'];
    if (tier !== undefined && !(skillTiers as readonly unknown[]).includes(tier)) throw new NoctemError('USAGE', `--tier must be one of ${skillTiers.join(', ')}`);
    return { name: oneName(positionals), input, tier: tier as SkillTier | undefined };
  },
  run: (input, context) =>
    withNoctem(context, async (noctem) => {
      const host = createSkillHost(noctem, skillInteraction(context));
      try {
        return await runInstalledSkill(host.run, { name: input.name, input: input.input, tier: input.tier });
      } finally {
        await host.close();
      }
    }),
  renderText: (o) => JSON.stringify(o.output, null, 2),
});

function oneName(positionals: readonly string[]): string {
  const [name] = positionals;
  if (positionals.length !== 1 || name === undefined || name === '' || name.length > limits.skillNameCharsMax) {
    throw new NoctemError('USAGE', 'Give exactly one skill name (`noctem skill list` shows them)');
  }
  return name;
}
