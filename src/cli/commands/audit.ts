/**
 * `noctem audit [--limit N]` lists entries; `noctem audit verify` checks the chain.
 */
import { NoctemError, limits } from '../../core/index.ts';
import type { AuditEntry, AuditVerification } from '../../security/index.ts';
import { defineCommand, type FlagValues } from '../command.ts';
import { withNoctem } from '../open-home.ts';

interface ListInput {
  readonly limit: number;
}

interface ListedEntry {
  readonly seq: number;
  readonly time: string;
  readonly actor: string;
  readonly action: string;
  readonly details: unknown;
  readonly hash: string;
}

/** The `audit` command: the newest entries first. */
export const auditListCommand = defineCommand<ListInput, { entries: ListedEntry[]; total: number }>({
  name: 'audit',
  summary: 'List audit log entries, newest first',
  usage: '[--limit N]',
  options: { limit: { type: 'string' } },
  parse(values: FlagValues): ListInput {
    const raw = values['limit'];
    const limit = raw === undefined ? 50 : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > limits.auditListEntriesMax) {
      throw new NoctemError('USAGE', `--limit must be an integer from 1 to ${limits.auditListEntriesMax}`);
    }
    return { limit };
  },
  run: (input, context) =>
    withNoctem(context, (noctem) => ({
      entries: noctem.audit.list({ limit: input.limit, newestFirst: true }).map(listed),
      total: noctem.audit.count(),
    })),
  renderText: (o) =>
    [`${o.total} entries (newest first)`, ...o.entries.map((e) => `${String(e.seq).padStart(6)}  ${e.time}  ${e.actor.padEnd(8)} ${e.action}  ${JSON.stringify(e.details)}`)].join('\n'),
});

/** The `audit verify` command: exit 1 when the chain is broken. */
export const auditVerifyCommand = defineCommand<Record<string, never>, AuditVerification>({
  name: 'audit verify',
  summary: 'Verify the audit log\'s hash chain and signed tree heads',
  usage: '',
  options: {},
  parse: () => ({}),
  run: (_input, context) => withNoctem(context, (noctem) => noctem.audit.verify()),
  renderText: (o) =>
    o.valid
      ? `The audit log is valid: ${o.entries} entries, ${o.treeHeads} signed tree heads checked.`
      : `The audit log is INVALID at entry ${o.error?.seq}: ${o.error?.reason}`,
  exitCode: (o) => (o.valid ? 0 : 1),
});

function listed(entry: AuditEntry): ListedEntry {
  return {
    seq: entry.seq,
    time: new Date(entry.timeMs).toISOString(),
    actor: entry.actor,
    action: entry.action,
    details: JSON.parse(entry.detailsJson) as unknown,
    hash: entry.hash,
  };
}
