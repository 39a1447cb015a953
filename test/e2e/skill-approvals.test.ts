/**
 * Goal: a skill run without a terminal waits for the person's decision through the approvals
 * queue: `noctem approvals grant ID` lets the request through, `deny` refuses it, and both
 * are audited. Method: the run is a real `noctem skill run` child process (as a daemon-run
 * skill would be) on a real home; the test answers from the in-process CLI in this process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';
import { writeSkillFolder } from '../helpers/skill-folder.ts';
import { waitFor } from '../helpers/wait-for.ts';

const root = join(import.meta.dirname, '..', '..');
let base: string;
let home: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'noctem-approvals-'));
  home = await initHome(join(base, 'home'));
  const did = (await cli(['identity', 'show', '--home', home, '--json'])).json<{ did: string }>().did;
  const main = 'export default async function main(input, noctem) { return { token: await noctem.secrets.get("token") }; }';
  const dir = await writeSkillFolder(join(base, 'asker'), { name: 'asker', author: did, main, capabilities: [{ name: 'secrets.get', scope: ['token'] }] });
  expect((await cli(['skill', 'sign', dir, '--home', home])).code).toBe(0);
  expect((await cli(['skill', 'install', dir, '--yes', '--home', home])).code).toBe(0);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

function runChild(): { exited: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [join(root, 'bin', 'noctem.js'), 'skill', 'run', 'asker', '--tier', 'quickjs', '--json', '--home', home], {
    cwd: root, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? root, NOCTEM_SECRET_TOKEN: 'tea-42' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return { exited: new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr }))) };
}

async function pendingId(): Promise<string> {
  let id: string | undefined;
  await waitFor('a pending approval', async () => {
    const listed = (await cli(['approvals', 'list', '--home', home, '--json'])).json<{ approvals: { id: string; status: string; skill: string }[] }>();
    id = listed.approvals.find((a) => a.status === 'pending' && a.skill === 'asker')?.id;
    return id !== undefined;
  }, { timeoutMs: 20_000 });
  return id!;
}

test('a waiting secrets.get is let through by `noctem approvals grant`', async () => {
  const run = runChild();
  const id = await pendingId();
  expect((await cli(['approvals', 'grant', id, '--home', home])).code).toBe(0);
  const { code, stdout, stderr } = await run.exited;
  expect(code, stderr).toBe(0);
  expect(JSON.parse(stdout)).toMatchObject({ output: { token: 'tea-42' } });
  expect(stderr).toContain(`noctem approvals grant ${id}`);
}, 40_000);

test('a waiting secrets.get is refused by `noctem approvals deny`, and both decisions are audited', async () => {
  const run = runChild();
  const id = await pendingId();
  expect((await cli(['approvals', 'deny', id, '--home', home])).code).toBe(0);
  const { code, stdout } = await run.exited;
  expect(code).toBe(1);
  expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'SKILL_APPROVAL_DENIED' } });
  const audit = (await cli(['audit', '--limit', '200', '--home', home, '--json'])).json<{ entries: { action: string }[] }>();
  const actions = audit.entries.map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['approval.request', 'approval.grant', 'approval.deny', 'skill.request', 'skill.result']));
}, 40_000);
