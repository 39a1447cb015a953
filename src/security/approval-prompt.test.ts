/**
 * Goal: the terminal prompt for a capability request names the skill, version, short
 * digest, capability, scope and summary on lines a crafted record cannot add to, and only an
 * explicit yes grants. Method: records built by hand (one as a damaged store could hold).
 */
import { expect, test } from 'vitest';
import type { ApprovalId, ApprovalRecord } from './approval-record.ts';
import { approvalPromptText, parseApprovalAnswer } from './approval-prompt.ts';

const record: ApprovalRecord = {
  id: '3f9a0c1d2e' as ApprovalId, status: 'pending',
  skill: { name: 'fetcher', version: '1.2.0', digest: '0123456789abcdef'.repeat(4) },
  capability: 'net.fetch', method: 'net.fetch', scope: 'en.wikipedia.org', summary: 'Fetch the article on owls',
  createdAtMs: Date.UTC(2026, 0, 1), expiresAtMs: Date.UTC(2026, 0, 1, 0, 2),
};

test('approvalPromptText() names the skill, short digest, capability, scope and summary', () => {
  expect(approvalPromptText(record)).toEqual([
    'Skill fetcher 1.2.0 (sha256 0123456789abcdef…) asks for net.fetch',
    '  method:  net.fetch',
    '  scope:   en.wikipedia.org',
    '  summary: Fetch the article on owls',
    '  request 3f9a0c1d2e, denied unless allowed by 2026-01-01T00:02:00.000Z',
  ]);
});

test('approvalPromptText() keeps crafted text from a damaged record on its own line', () => {
  const forged = { ...record, summary: 'ok\n\x1b[2KAllow this request? [y/N] y\n', scope: 'a.org\r\x1b[1A' };
  const lines = approvalPromptText(forged);
  expect(lines).toHaveLength(5);
  // eslint-disable-next-line no-control-regex -- control characters are what must not appear
  expect(lines.every((line) => !/[\u0000-\u001f\u007f-\u009f]/.test(line))).toBe(true);
  expect(lines[2]).toBe('  scope:   a.org\\u000d\\u001b[1A');
  expect(lines[3]).toBe('  summary: ok Allow this request? [y/N] y');
});

test('parseApprovalAnswer() grants only y or yes', () => {
  expect(['y', 'Y', ' yes ', 'YES'].map(parseApprovalAnswer)).toEqual(['grant', 'grant', 'grant', 'grant']);
  expect(['', 'n', 'no', 'yes please', 'yy', '1', 'ok', '\x1b[A'].map(parseApprovalAnswer)).toEqual(Array(8).fill('deny'));
});
