/**
 * Goal: the three example skills shipped in examples/skills install as published (signed by
 * the examples identity, checked against the key event log they carry) and do their jobs:
 * the note writer stores a note, the summarizer finds it, the fetcher fetches only after an
 * approval (a policy pre-approval here, announced on stderr; a "no" on the terminal refuses).
 * Method: the in-process CLI on a temp home; the fetcher's network peer is faked at the HTTP
 * boundary (no network here), through the skills host's fetch port.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { NoctemError, isNoctemError } from '../../src/core/index.ts';
import { createSkillHost, openNoctem } from '../../src/daemon/index.ts';
import { runInstalledSkill } from '../../src/skills/index.ts';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples', 'skills');
const env = { NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };
let base: string;
let home: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'noctem-examples-'));
  home = await initHome(join(base, 'home'));
  for (const name of ['summarizer', 'note-writer', 'fetcher']) {
    const result = await cli(['skill', 'install', join(examples, name), '--yes', '--home', home, '--json'], { env });
    expect(result.code, result.stdout + result.stderr).toBe(0);
  }
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

test('the note writer stores a note that the summarizer then finds', async () => {
  const text = 'Oolong tea is partially oxidized. It sits between green and black tea in flavour.';
  const wrote = await cli(['skill', 'run', 'note-writer', '--tier', 'quickjs', '--input', JSON.stringify({ title: 'Oolong', text }), '--home', home, '--json'], { env });
  expect(wrote.code, wrote.stderr).toBe(0);
  expect(wrote.json()).toMatchObject({ output: { chunks: 1, title: 'Oolong' } });
  const summary = await cli(['skill', 'run', 'summarizer', '--tier', 'quickjs', '--input', '{"query":"oolong tea oxidized"}', '--home', home, '--json'], { env });
  expect(summary.code, summary.stderr).toBe(0);
  const output = summary.json<{ output: { summary: string; sources: string[] } }>().output;
  expect(output.summary).toContain('Oolong tea is partially oxidized.');
  expect(output.sources[0]).toContain('skills/note-writer/');
});

test('the fetcher is refused when the person answers no on the terminal', async () => {
  const result = await cli(['skill', 'run', 'fetcher', '--tier', 'quickjs', '--input', '{"url":"https://example.org/"}', '--home', home, '--json'], { env, answers: ['n'] });
  expect(result.json<{ error: { code: string } }>().error.code).toBe('SKILL_APPROVAL_DENIED');
});

test('the fetcher runs under a policy pre-approval, which is announced and audited', async () => {
  await writeFile(join(home, 'policy.json'), JSON.stringify({ version: 1, preapprove: [{ skill: 'fetcher', capability: 'net.fetch', scope: ['example.org'] }] }));
  const noctem = await openNoctem(home);
  const notices: string[] = [];
  const fetch = async (url: string): Promise<Response> => new Response(`<html><title>Example Domain</title>${url}</html>`, { status: 200 });
  const host = createSkillHost(noctem, { env, isTty: false, prompt: async () => 'n', notice: (line) => notices.push(line), fetch });
  try {
    const ports = host.run;
    const result = await runInstalledSkill(ports, { name: 'fetcher', input: { url: 'https://example.org/' }, tier: 'quickjs' });
    expect(result.output).toMatchObject({ status: 200, title: 'Example Domain' });
    expect(notices.join('\n')).toContain('pre-approved by policy rule 1');
    const decisions = noctem.audit.list({ newestFirst: true, limit: 20 }).filter((e) => e.action.startsWith('approval.')).map((e) => [e.action, e.actor]);
    expect(decisions).toContainEqual(['approval.grant', 'policy']);
    const outside = await runInstalledSkill(ports, { name: 'fetcher', input: { url: 'https://example.com/' }, tier: 'quickjs' }).catch((e: unknown) => e);
    expect(isNoctemError(outside) && outside.code).toBe('SKILL_CAPABILITY_DENIED');
  } finally {
    await host.close();
    await noctem.close();
  }
});

test('a run falls back to the next tier when the strongest sandbox cannot start, audited', async () => {
  const noctem = await openNoctem(home);
  const host = createSkillHost(noctem, { env, isTty: false, prompt: async () => 'n', notice: () => undefined });
  try {
    const ports = host.run;
    const broken = {
      ...ports,
      availableTiers: async () => new Set(['quickjs', 'process', 'gvisor'] as const),
      sandbox: (tier: 'quickjs' | 'process' | 'gvisor') =>
        tier === 'quickjs' ? ports.sandbox(tier) : Promise.reject(new NoctemError('SANDBOX_UNAVAILABLE', `no ${tier} here (test)`)),
    };
    const result = await runInstalledSkill(broken, { name: 'summarizer', input: { query: 'oolong' } });
    expect(result.tier).toBe('quickjs');
    const ends = noctem.audit.list({ newestFirst: true, limit: 10 }).filter((e) => e.action === 'skill.run.end').map((e) => JSON.parse(e.detailsJson) as Record<string, unknown>);
    expect(ends.slice(0, 3).reverse()).toMatchObject([
      { tier: 'gvisor', outcome: 'SANDBOX_UNAVAILABLE', fallback: 'process' },
      { tier: 'process', outcome: 'SANDBOX_UNAVAILABLE', fallback: 'quickjs' },
      { tier: 'quickjs', outcome: 'ok' },
    ]);
  } finally {
    await host.close();
    await noctem.close();
  }
});
