/**
 * What the person sees and types when a skill asks for a capability on a terminal: the lines
 * naming the request, and the reading of the answer. Every field is made safe again here,
 * whatever the record's origin, so a crafted summary or scope cannot forge a prompt line;
 * and only an explicit yes grants, so a stray key, an empty line or a closed input denies.
 * Pure: the CLI writes the lines and reads the answer.
 */
import { limits } from '../core/index.ts';
import type { ApprovalRecord } from './approval-record.ts';
import { escapeDisplayText, sanitizeDisplayText } from './display-text.ts';

/** Hex characters of the package digest the prompt shows. */
const digestCharsShown = 16;

/** The question that follows {@link approvalPromptText}'s lines. */
export const approvalQuestion = 'Allow this request? [y/N] ';

/**
 * The lines shown to the person for a pending request: the skill (name, version, short
 * digest), the capability and method, the scope, the skill's summary, the id and the expiry.
 * @param record - the request
 * @returns lines without line breaks or escape sequences, to be joined with `\n`
 */
export function approvalPromptText(record: ApprovalRecord): string[] {
  const { skill } = record;
  const name = sanitizeDisplayText(skill.name, limits.skillNameCharsMax);
  const version = sanitizeDisplayText(skill.version, limits.skillVersionCharsMax);
  const digest = sanitizeDisplayText(skill.digest, digestCharsShown + 1).slice(0, digestCharsShown);
  const summary = sanitizeDisplayText(record.summary, limits.approvalSummaryCharsMax);
  return [
    `Skill ${name} ${version} (sha256 ${digest}…) asks for ${sanitizeDisplayText(record.capability, limits.approvalMethodCharsMax)}`,
    `  method:  ${sanitizeDisplayText(record.method, limits.approvalMethodCharsMax)}`,
    `  scope:   ${escapeDisplayText(record.scope, limits.approvalScopeCharsMax)}`,
    `  summary: ${summary === '' ? '(none given)' : summary}`,
    `  request ${sanitizeDisplayText(record.id, limits.approvalMethodCharsMax)}, denied unless allowed by ${new Date(record.expiresAtMs).toISOString()}`,
  ];
}

/**
 * Reads the person's answer: `y` or `yes` (any case, surrounding spaces ignored) grants;
 * anything else, the empty answer included, denies.
 * @param text - the line typed
 */
export function parseApprovalAnswer(text: string): 'grant' | 'deny' {
  const answer = text.trim().toLowerCase();
  return answer === 'y' || answer === 'yes' ? 'grant' : 'deny';
}
