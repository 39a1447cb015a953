/**
 * `noctem skill sign DIR` signs a package folder with this identity's living key (hybrid
 * signature over the manifest and every file's hash, plus a copy of the key event log so
 * another home can check the key). `noctem skill install DIR|TGZ [--yes]` verifies the
 * signature, hashes and the author's key event log, scans the code, shows the requested
 * capabilities and asks the person (on a terminal; `--yes` approves non-interactively; with
 * neither the install is declined), then installs it (skills/skill-installer.ts).
 */
import { NoctemError } from '../../core/index.ts';
import { createSkillHost } from '../../daemon/index.ts';
import { installSkill, readSkillPackage, signSkillFolder, type SkillReview } from '../../skills/index.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { withNoctem } from '../open-home.ts';
import { absolute } from '../paths.ts';
import { skillInteraction } from './skill-interaction.ts';

interface PathInput {
  readonly path: string;
}

interface SignOutput {
  readonly skill: string;
  readonly version: string;
  readonly digest: string;
  readonly author: string;
  readonly keyId: string;
}

/** The `skill sign` command. */
export const skillSignCommand = defineCommand<PathInput, SignOutput>({
  name: 'skill sign',
  summary: 'Sign a skill folder with this identity (writes noctem-skill.sig.json and noctem-skill.kel.json)',
  usage: 'DIR',
  options: {},
  positionals: true,
  parse: (_values, positionals) => ({ path: onePath(positionals, 'the skill folder') }),
  run: (input, context) =>
    withNoctem(context, async (noctem) => {
      const { pkg, signature } = await signSkillFolder(absolute(input.path, context), {
        signer: noctem.identity.livingSigner(), signedAtMs: noctem.clock.nowMs(), keyEvents: noctem.identity.keyEvents(),
      });
      noctem.audit.append({ actor: 'person', action: 'skill.sign', details: { skill: pkg.manifest.name, version: pkg.manifest.version, digest: signature.digest, keyId: signature.keyId } });
      return { skill: pkg.manifest.name, version: pkg.manifest.version, digest: signature.digest, author: signature.author, keyId: signature.keyId };
    }),
  renderText: (o) => `Signed ${o.skill} ${o.version}\ndigest ${o.digest}\nauthor ${o.author} (key ${o.keyId})`,
});

interface InstallInput extends PathInput {
  readonly yes: boolean;
}

interface InstallOutput {
  readonly skill: string;
  readonly version: string;
  readonly digest: string;
  readonly author: string;
  readonly tier: string;
  readonly capabilities: readonly { readonly name: string; readonly scope: readonly string[] }[];
  readonly scan: { readonly files: number; readonly findings: readonly { readonly rule: string; readonly severity: string; readonly file: string; readonly line: number }[] };
}

/** The `skill install` command. */
export const skillInstallCommand = defineCommand<InstallInput, InstallOutput>({
  name: 'skill install',
  summary: 'Verify, scan and install a signed skill (folder or .tgz), after approving its capabilities',
  usage: 'DIR|TGZ [--yes]',
  startsWork: true,
  options: { yes: { type: 'boolean', default: false } },
  positionals: true,
  parse: (values, positionals) => ({ path: onePath(positionals, 'the skill folder or .tgz'), yes: values['yes'] === true }),
  run: (input, context) =>
    withNoctem(context, async (noctem) => {
      const source = await readSkillPackage(absolute(input.path, context));
      const host = createSkillHost(noctem, skillInteraction(context));
      try {
        const { skill, scan } = await installSkill({ ...host.install, confirm: (review) => confirmInstall(review, input.yes, context) }, source);
        return {
          skill: skill.manifest.name, version: skill.manifest.version, digest: skill.digest, author: skill.manifest.author, tier: skill.manifest.tier,
          capabilities: skill.grants.map((g) => ({ name: g.name, scope: g.scope })),
          scan: { files: scan.files, findings: scan.findings.map((f) => ({ rule: f.rule, severity: f.severity, file: f.file, line: f.line })) },
        };
      } finally {
        await host.close();
      }
    }),
  renderText: (o) =>
    [`Installed ${o.skill} ${o.version} (tier ${o.tier}, digest ${o.digest.slice(0, 16)}…)`,
      ...o.capabilities.map((c) => `  granted ${c.name}${c.scope.length > 0 ? ` [${c.scope.join(', ')}]` : ''}`),
      ...o.scan.findings.map((f) => `  scan ${f.severity}: ${f.rule} at ${f.file}:${f.line}`)].join('\n'),
});

/** The capability review shown before an install; JSON-escaped so a manifest cannot draw on the terminal. */
function reviewText(review: SkillReview): string {
  const lines = [
    `Install skill ${JSON.stringify(review.manifest.name)} ${JSON.stringify(review.manifest.version)} by ${review.manifest.author}`,
    `  ${JSON.stringify(review.manifest.description)}`,
    `  digest ${review.digest}, sandbox tier ${review.tier} (requires ${review.manifest.tier})`,
    ...(review.manifest.capabilities.length === 0 ? ['  requests no capabilities'] : review.manifest.capabilities.map((c) => `  requests ${c.name}${c.scope.length > 0 ? ` ${JSON.stringify(c.scope)}` : ''}`)),
    ...review.scan.findings.map((f) => `  scan flagged ${f.rule} at ${JSON.stringify(f.file)}:${f.line}`),
  ];
  return lines.join('\n');
}

async function confirmInstall(review: SkillReview, yes: boolean, context: CommandContext): Promise<boolean> {
  if (yes) return true;
  if (!context.isTty) return false;
  context.stderr.write(`${reviewText(review)}\n`);
  const answer = await context.prompt('Grant these capabilities and install? [y/N] ');
  return /^\s*y(es)?\s*$/i.test(answer);
}

function onePath(positionals: readonly string[], what: string): string {
  const [path] = positionals;
  if (positionals.length !== 1 || path === undefined || path === '') throw new NoctemError('USAGE', `Give exactly one path: ${what}`);
  return path;
}
