/**
 * `noctem approvals list [--all]` shows the capability requests skills are waiting on (with
 * `--all`, the decided and expired ones kept too); `noctem approvals grant ID` and `noctem
 * approvals deny ID` answer one, for a skill that runs without a terminal (issue 7). Each
 * decision and its audit entry (`approval.grant` / `approval.deny`, actor `person`) are one
 * store transaction; the waiting skill run sees it at its next poll. Summaries and scopes
 * are stored sanitized (security/display-text.ts), so printing them cannot forge lines.
 */
import { randomBytes } from 'node:crypto';
import { NoctemError, limits } from '../../core/index.ts';
import type { Noctem } from '../../daemon/index.ts';
import { ApprovalQueue, isApprovalId, type ApprovalDecider, type ApprovalId, type ApprovalRecord, type ApprovalStatus } from '../../security/index.ts';
import { defineCommand, type Command } from '../command.ts';
import { withNoctem } from '../open-home.ts';

/** One approval as the commands show it. */
interface ApprovalView {
  readonly id: string;
  readonly status: ApprovalStatus;
  readonly skill: string;
  readonly version: string;
  /** The skill package's SHA-256 digest (hex). */
  readonly digest: string;
  readonly capability: string;
  readonly method: string;
  readonly scope: string;
  readonly summary: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When it was decided or expired (ISO 8601); absent while pending. */
  readonly decidedAt?: string;
  /** Who decided; absent while pending. */
  readonly decidedBy?: ApprovalDecider;
}

interface ListInput {
  readonly all: boolean;
}

interface ListOutput {
  readonly approvals: readonly ApprovalView[];
}

/** The `approvals list` command. */
export const approvalsListCommand = defineCommand<ListInput, ListOutput>({
  name: 'approvals list',
  summary: 'List the capability requests skills are waiting on (--all: decided ones too)',
  usage: '[--all]',
  options: { all: { type: 'boolean', default: false } },
  parse: (values) => ({ all: values['all'] === true }),
  run: (input, context) =>
    withNoctem(context, (noctem) => ({
      approvals: approvalQueue(noctem).list({ status: input.all ? 'all' : 'pending', limit: limits.approvalsListMax }).map(view),
    })),
  renderText: (o) => (o.approvals.length === 0 ? 'No pending approvals.' : o.approvals.map(line).join('\n')),
});

interface DecideInput {
  readonly id: ApprovalId;
}

interface DecideOutput {
  readonly approval: ApprovalView;
}

/** The `approvals grant` command. */
export const approvalsGrantCommand = decideCommand('grant');

/** The `approvals deny` command. */
export const approvalsDenyCommand = decideCommand('deny');

function decideCommand(verb: 'grant' | 'deny'): Command {
  return defineCommand<DecideInput, DecideOutput>({
    name: `approvals ${verb}`,
    summary: verb === 'grant' ? 'Grant a pending capability request' : 'Deny a pending capability request',
    usage: 'ID',
    options: {},
    positionals: true,
    parse: (_values, positionals) => ({ id: parseApprovalId(positionals) }),
    run: (input, context) => withNoctem(context, (noctem) => ({ approval: view(approvalQueue(noctem).decide(input.id, verb, 'person')) })),
    renderText: (o) => `${o.approval.status === 'granted' ? 'Granted' : 'Denied'} ${line(o.approval)}`,
  });
}

function approvalQueue(noctem: Noctem): ApprovalQueue {
  // 5 random bytes: 10 hex characters, collisions retried by the queue.
  return new ApprovalQueue({ store: noctem.store, audit: noctem.audit, clock: noctem.clock, randomId: () => randomBytes(5).toString('hex') });
}

function parseApprovalId(positionals: readonly string[]): ApprovalId {
  const id = positionals[0]?.toLowerCase() ?? '';
  if (positionals.length !== 1 || !isApprovalId(id)) {
    throw new NoctemError('USAGE', 'Give exactly one approval id (8 to 12 hex characters; `noctem approvals list` shows them)');
  }
  return id;
}

function view(record: ApprovalRecord): ApprovalView {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    id: record.id, status: record.status, skill: record.skill.name, version: record.skill.version, digest: record.skill.digest,
    capability: record.capability, method: record.method, scope: record.scope, summary: record.summary,
    createdAt: iso(record.createdAtMs), expiresAt: iso(record.expiresAtMs),
    ...(record.decidedAtMs === undefined ? {} : { decidedAt: iso(record.decidedAtMs) }),
    ...(record.decidedBy === undefined ? {} : { decidedBy: record.decidedBy }),
  };
}

function line(a: ApprovalView): string {
  const when = a.status === 'pending' ? `expires ${a.expiresAt}` : `${a.status} by ${a.decidedBy ?? '?'} ${a.decidedAt ?? ''}`;
  return `${a.id} ${a.status.padEnd(8)} ${a.skill} ${a.version} ${a.capability} ${a.scope} (${when})${a.summary === '' ? '' : `\n    ${a.summary}`}`;
}
