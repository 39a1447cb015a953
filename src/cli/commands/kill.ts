/**
 * `noctem kill [--reason TEXT]` and `noctem revive`: the kill switch (daemon/fs-kill-switch.ts).
 * `kill` writes the sentinel `<home>/KILL` first, as that alone stops running skills and the
 * daemon (within limits.skillKillMsMax) and refuses new work; only then does it try to record
 * `kill.engage` in the audit log. The home is opened for that with NOCTEM_PASSPHRASE and never a
 * prompt, so when it cannot be opened (an encrypted home and no passphrase, a damaged store) the
 * output says `audited: false` and the command still succeeds: the halting daemon records its
 * own `kill.halt`. `revive` removes the sentinel and records `kill.revive` the same way.
 * SIGTERM to the daemon is not the kill switch: it stops that one process and engages nothing.
 */
import { existsSync } from 'node:fs';
import { limits, NoctemError } from '../../core/index.ts';
import { engageKillSwitch, openNoctem, reviveKillSwitch } from '../../daemon/index.ts';
import { homePaths, type HomePaths } from '../../store/index.ts';
import { defineCommand, type CommandContext } from '../command.ts';

interface KillOutput {
  readonly engaged: true;
  /** True when the switch was already engaged; its first time is kept. */
  readonly alreadyEngaged: boolean;
  /** When the switch was engaged (ISO 8601). */
  readonly engagedAt: string;
  /** Whether `kill.engage` was written to the audit log. */
  readonly audited: boolean;
  /** Why not, when it was not (an error code). */
  readonly auditError?: string;
}

interface ReviveOutput {
  /** True when the switch was engaged and is now released. */
  readonly revived: boolean;
  /** Whether `kill.revive` was written to the audit log. */
  readonly audited: boolean;
  /** Why not, when it was not (an error code). */
  readonly auditError?: string;
}

/** The `kill` command. */
export const killCommand = defineCommand<{ reason: string }, KillOutput>({
  name: 'kill',
  summary: 'Stop every running skill and the daemon now, and refuse new work until `noctem revive`',
  usage: '[--reason TEXT]',
  options: { reason: { type: 'string' } },
  parse(values): { reason: string } {
    const reason = typeof values['reason'] === 'string' ? values['reason'] : '';
    if (reason.length > limits.killReasonCharsMax) throw new NoctemError('USAGE', `--reason is longer than ${limits.killReasonCharsMax} characters`);
    return { reason };
  },
  async run(input, context): Promise<KillOutput> {
    const paths = existingHome(context);
    const nowMs = context.clock.nowMs();
    const engaged = await engageKillSwitch(paths, { reason: input.reason, actor: 'person', nowMs });
    const audit = await tryAudit(context, 'kill.engage', { reason: input.reason, alreadyEngaged: engaged.alreadyEngaged, engagedAt: iso(engaged.engagedAtMs) });
    return { engaged: true, alreadyEngaged: engaged.alreadyEngaged, engagedAt: iso(engaged.engagedAtMs), ...audit };
  },
  renderText: (o) =>
    `${o.alreadyEngaged ? 'The kill switch was already engaged' : 'Kill switch engaged'} at ${o.engagedAt}: skills and the daemon stop, new work is refused until \`noctem revive\`.` +
    (o.audited ? '' : `\nNot recorded in the audit log (${o.auditError ?? 'unknown'}); a halting daemon records its own halt.`),
});

/** The `revive` command. */
export const reviveCommand = defineCommand<Record<string, never>, ReviveOutput>({
  name: 'revive',
  summary: 'Release the kill switch so that skills and the daemon may run again',
  usage: '',
  options: {},
  parse: () => ({}),
  async run(_input, context): Promise<ReviveOutput> {
    const revived = await reviveKillSwitch(existingHome(context));
    if (!revived) return { revived, audited: false };
    return { revived, ...(await tryAudit(context, 'kill.revive', {})) };
  },
  renderText: (o) =>
    (o.revived ? 'Kill switch released: work may start again.' : 'The kill switch was not engaged.') +
    (o.revived && !o.audited ? `\nNot recorded in the audit log (${o.auditError ?? 'unknown'}).` : ''),
});

function existingHome(context: CommandContext): HomePaths {
  const paths = homePaths(context.homeRoot);
  if (!existsSync(paths.config)) {
    throw new NoctemError('HOME_NOT_FOUND', `No Noctem home at "${paths.root}"`, { details: { home: paths.root } });
  }
  return paths;
}

/** Appends one entry by the person, or says why it could not (never throws: the switch is what matters). */
async function tryAudit(context: CommandContext, action: string, details: Record<string, unknown>): Promise<{ audited: boolean; auditError?: string }> {
  const fromEnv = context.env['NOCTEM_PASSPHRASE'];
  try {
    const noctem = await openNoctem(context.homeRoot, { clock: context.clock, passphrase: async () => fromEnv });
    try {
      noctem.audit.append({ actor: 'person', action, details });
    } finally {
      await noctem.close();
    }
    return { audited: true };
  } catch (error) {
    // Safe to swallow: the sentinel is already written (or removed), which is the command's
    // effect; the failure is reported in the output, and a halting daemon audits its halt.
    return { audited: false, auditError: error instanceof NoctemError ? error.code : 'INTERNAL' };
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
