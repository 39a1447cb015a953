/**
 * Goal: `<home>/policy.json` is read from disk as the policy, a missing file is the empty
 * policy, and an oversized, non-regular or malformed file is POLICY_INVALID. Method: real
 * files (and a FIFO, which must not hang the read) in a temp folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { limits, type NoctemError } from '../core/index.ts';
import { readSkillPolicy } from './fs-skill-policy.ts';
import { emptySkillPolicy, skillPolicyFileName } from './skill-policy.ts';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'noctem-policy-'));
});
afterEach(async () => rm(home, { recursive: true, force: true }));

async function codeOfRead(): Promise<string | undefined> {
  return readSkillPolicy(home).then(() => undefined, (error: unknown) => (error as NoctemError).code);
}

test('readSkillPolicy() of a home without policy.json is the empty policy', async () => {
  expect(await readSkillPolicy(home)).toBe(emptySkillPolicy);
});

test('readSkillPolicy() reads and validates policy.json', async () => {
  await writeFile(join(home, skillPolicyFileName), '\ufeff{"version":1,"preapprove":[{"skill":"*","capability":"net.fetch","scope":["example.org"]}]}');
  expect((await readSkillPolicy(home)).preapprove).toEqual([{ skill: '*', capability: 'net.fetch', scope: ['example.org'] }]);
});

test('readSkillPolicy() refuses a file over policyBytesMax', async () => {
  await writeFile(join(home, skillPolicyFileName), `{"version":1}${' '.repeat(limits.policyBytesMax)}`);
  expect(await codeOfRead()).toBe('POLICY_INVALID');
});

test('readSkillPolicy() refuses bad JSON, invalid UTF-8 and a folder', async () => {
  await writeFile(join(home, skillPolicyFileName), '{"version":1,');
  expect(await codeOfRead()).toBe('POLICY_INVALID');
  await writeFile(join(home, skillPolicyFileName), Buffer.from([0x7b, 0xff, 0x7d]));
  expect(await codeOfRead()).toBe('POLICY_INVALID');
  await rm(join(home, skillPolicyFileName));
  await mkdir(join(home, skillPolicyFileName));
  expect(await codeOfRead()).toBe('POLICY_INVALID');
});

test('readSkillPolicy() refuses a FIFO without waiting for a writer', async () => {
  execFileSync('mkfifo', [join(home, skillPolicyFileName)]);
  expect(await codeOfRead()).toBe('POLICY_INVALID');
});
