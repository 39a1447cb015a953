/**
 * Goal: the policy file pre-approves exactly the requests its rules name, by skill,
 * capability and scope (hosts exact or by subdomain, folders by whole path segments, secret
 * names exactly), refuses self-modification and malformed fields by name, and never matches
 * a scope that is not in normal form. Method: policies parsed from JSON text.
 */
import { expect, test } from 'vitest';
import { limits, type NoctemError } from '../core/index.ts';
import { codeOf } from '../../test/helpers/error-code.ts';
import { parseSkillPolicy, preapproval, type SkillPolicy } from './skill-policy.ts';

const policy = parseSkillPolicy(JSON.stringify({
  version: 1,
  preapprove: [
    { skill: 'fetcher', capability: 'net.fetch', scope: ['Example.org', '*.wikipedia.org'], note: 'weather and articles' },
    { skill: '*', capability: 'fs.write', scope: ['/home/me/notes/'] },
    { skill: 'mailer', capability: 'secrets.get', scope: ['SMTP_PASSWORD'] },
  ],
}));

function fieldOf(text: string): unknown {
  try {
    parseSkillPolicy(text);
    return undefined;
  } catch (error) {
    return [(error as NoctemError).code, (error as NoctemError).details['field']];
  }
}

const rule = (fields: Record<string, unknown>): string => JSON.stringify({ version: 1, preapprove: [{ skill: 'fetcher', capability: 'net.fetch', scope: ['example.org'], ...fields }] });

test('parseSkillPolicy() normalizes hosts to lowercase and folders without a trailing slash', () => {
  expect(policy.preapprove.map((r) => r.scope)).toEqual([['example.org', '*.wikipedia.org'], ['/home/me/notes'], ['SMTP_PASSWORD']]);
  expect(policy.preapprove[0]?.note).toBe('weather and articles');
});

test('preapproval() matches an exact host, and a *. rule only below its domain', () => {
  const ask = (scope: string): number | undefined => preapproval(policy, { skill: 'fetcher', capability: 'net.fetch', scope })?.index;
  expect([ask('example.org'), ask('en.wikipedia.org'), ask('a.b.wikipedia.org')]).toEqual([0, 0, 0]);
  expect([ask('wikipedia.org'), ask('www.example.org'), ask('evilwikipedia.org'), ask('example.org:8080'), ask('EXAMPLE.ORG')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
});

test('preapproval() names the skill: another skill is not pre-approved by a named rule', () => {
  expect(preapproval(policy, { skill: 'other', capability: 'net.fetch', scope: 'example.org' })).toBeUndefined();
  expect(preapproval(policy, { skill: 'fetcher', capability: 'secrets.get', scope: 'SMTP_PASSWORD' })).toBeUndefined();
  expect(preapproval(policy, { skill: 'mailer', capability: 'secrets.get', scope: 'SMTP_PASSWORD' })?.index).toBe(2);
});

test('preapproval() matches a folder by whole path segments, for any skill under "*"', () => {
  const ask = (scope: string): number | undefined => preapproval(policy, { skill: 'anyone', capability: 'fs.write', scope })?.index;
  expect([ask('/home/me/notes'), ask('/home/me/notes/a/b.md'), ask('/home/me//notes/c.md')]).toEqual([1, 1, 1]);
  expect([ask('/home/me/notes-old/x'), ask('/home/me/notes/../.ssh/id'), ask('/home/me/notes/./x'), ask('home/me/notes/x'), ask('/home/me')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
});

test('preapproval() of the empty policy is undefined', () => {
  const empty: SkillPolicy = parseSkillPolicy('{"version":1}');
  expect(preapproval(empty, { skill: 'fetcher', capability: 'net.fetch', scope: 'example.org' })).toBeUndefined();
});

test('parseSkillPolicy() refuses self.modify and capabilities that need no pre-approval', () => {
  expect(fieldOf(rule({ capability: 'self.modify' }))).toEqual(['POLICY_INVALID', 'preapprove[0].capability']);
  expect(fieldOf(rule({ capability: 'memory.read' }))).toEqual(['POLICY_INVALID', 'preapprove[0].capability']);
});

test('parseSkillPolicy() refuses hosts with a scheme, port, path or a bare *. suffix', () => {
  for (const host of ['https://example.org', 'example.org:443', 'example.org/x', '*.org', '*', 'exa mple.org', 'example.org.']) {
    expect(fieldOf(rule({ scope: [host] }))).toEqual(['POLICY_INVALID', 'preapprove[0].scope[0]']);
  }
});

test('parseSkillPolicy() refuses relative, climbing and root folders for fs.write', () => {
  for (const path of ['notes', '/home/../etc', '/home/./me', '/', '//', '/home/\nme']) {
    expect(fieldOf(rule({ capability: 'fs.write', scope: [path] }))).toEqual(['POLICY_INVALID', 'preapprove[0].scope[0]']);
  }
});

test('parseSkillPolicy() names the bad field of a malformed file', () => {
  expect(fieldOf('{')).toEqual(['POLICY_INVALID', '$']);
  expect(fieldOf('[]')).toEqual(['POLICY_INVALID', '$']);
  expect(fieldOf('{"version":2}')).toEqual(['POLICY_INVALID', 'version']);
  expect(fieldOf('{"version":1,"allow":[]}')).toEqual(['POLICY_INVALID', 'allow']);
  expect(fieldOf(rule({ skill: 'Fetcher' }))).toEqual(['POLICY_INVALID', 'preapprove[0].skill']);
  expect(fieldOf(rule({ scope: [] }))).toEqual(['POLICY_INVALID', 'preapprove[0].scope']);
  expect(fieldOf(rule({ extra: true }))).toEqual(['POLICY_INVALID', 'preapprove[0].extra']);
  expect(fieldOf(rule({ note: 'x'.repeat(limits.policyNoteCharsMax + 1) }))).toEqual(['POLICY_INVALID', 'preapprove[0].note']);
  expect(fieldOf(rule({ capability: 'secrets.get', scope: ['a b'] }))).toEqual(['POLICY_INVALID', 'preapprove[0].scope[0]']);
});

test('parseSkillPolicy() refuses text over policyBytesMax', () => {
  expect(codeOf(() => parseSkillPolicy(' '.repeat(limits.policyBytesMax + 1)))).toBe('POLICY_INVALID');
});
