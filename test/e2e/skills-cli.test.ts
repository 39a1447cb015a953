/**
 * Goal: the skill commands end to end on a real home: sign, install (signature, key event log,
 * scan, consent), list, run in each available tier, tampering detected at install and at run,
 * remove; every step audited. Method: the in-process CLI on a temp home, skill folders
 * written by the test and signed by the home's own identity.
 */
import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sandboxMakers } from '../../src/daemon/index.ts';
import { probeSandboxTiers } from '../../src/security/index.ts';
import { cli } from '../helpers/cli.ts';
import { startFakeChatServer } from '../helpers/fake-chat-server.ts';
import { initHome } from '../helpers/home.ts';
import { writeSkillFolder } from '../helpers/skill-folder.ts';

let base: string;
let home: string;
let did: string;
// The tiers that really run a skill here (a real probe each, as `noctem doctor` does).
const tiers = (await probeSandboxTiers(sandboxMakers)).filter((p) => p.available && p.tier !== 'kvm').map((p) => p.tier);

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'noctem-skills-'));
  home = await initHome(join(base, 'home'));
  did = (await cli(['identity', 'show', '--home', home, '--json'])).json<{ did: string }>().did;
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function signedSkill(name: string, main: string, extra: { files?: Record<string, string>; capabilities?: { name: string; scope: string[] }[] } = {}): Promise<string> {
  const dir = await writeSkillFolder(join(base, name), { name, author: did, main, ...extra });
  const signed = await cli(['skill', 'sign', dir, '--home', home, '--json']);
  expect(signed.code, signed.stderr).toBe(0);
  return dir;
}

const adder = 'import { twice } from "./lib.js";\nexport default function main(input) { return { sum: input.a + input.b, twice: twice(input.a) }; }';

describe('noctem skill', () => {
  test('sign, install --yes, list and run a skill', async () => {
    const dir = await signedSkill('adder', adder, { files: { 'lib.js': 'export const twice = (x) => 2 * x;' } });
    expect((await readdir(dir)).sort()).toEqual(['lib.js', 'main.js', 'noctem-skill.json', 'noctem-skill.kel.json', 'noctem-skill.sig.json']);
    const installed = await cli(['skill', 'install', dir, '--yes', '--home', home, '--json']);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.json()).toMatchObject({ skill: 'adder', version: '1.0.0', tier: 'quickjs', capabilities: [] });
    const listed = await cli(['skill', 'list', '--home', home, '--json']);
    expect(listed.json<{ skills: { name: string }[] }>().skills.map((s) => s.name)).toContain('adder');
    const run = await cli(['skill', 'run', 'adder', '--tier', 'quickjs', '--input', '{"a":2,"b":3}', '--home', home, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ skill: 'adder', tier: 'quickjs', output: { sum: 5, twice: 4 } });
  });

  test.each([...tiers].filter((t) => t !== 'quickjs'))('skill run --tier %s runs the same package', async (tier) => {
    const run = await cli(['skill', 'run', 'adder', '--tier', tier, '--input', '{"a":20,"b":22}', '--home', home, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ tier, output: { sum: 42, twice: 40 } });
  });

  test('skill run picks the strongest available tier by default', async () => {
    const run = await cli(['skill', 'run', 'adder', '--input', '{"a":1,"b":1}', '--home', home, '--json']);
    expect(run.json<{ tier: string }>().tier).toBe([...tiers].at(-1));
  });

  test('skill install refuses an unsigned package with SKILL_UNSIGNED', async () => {
    const dir = await writeSkillFolder(join(base, 'unsigned'), { name: 'unsigned', author: did, main: 'export default () => 1;' });
    const result = await cli(['skill', 'install', dir, '--yes', '--home', home, '--json']);
    expect(result.json<{ error: { code: string } }>().error.code).toBe('SKILL_UNSIGNED');
  });

  test('skill install refuses a package changed after signing with SKILL_TAMPERED', async () => {
    const dir = await signedSkill('tampered', 'export default () => 1;');
    await appendFile(join(dir, 'main.js'), '\n// changed');
    const result = await cli(['skill', 'install', dir, '--yes', '--home', home, '--json']);
    expect(result.json<{ error: { code: string } }>().error.code).toBe('SKILL_TAMPERED');
  });

  test('skill install without --yes and without a terminal is declined', async () => {
    const dir = await signedSkill('declined', 'export default () => 1;');
    const result = await cli(['skill', 'install', dir, '--home', home, '--json']);
    expect(result.json<{ error: { code: string } }>().error.code).toBe('SKILL_INSTALL_DECLINED');
  });

  test('skill install asks on a terminal and installs on "y"', async () => {
    const dir = await signedSkill('asked', 'export default () => "hi";');
    const result = await cli(['skill', 'install', dir, '--home', home], { answers: ['y'] });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Install skill "asked"');
  });

  test('skill install refuses code the scan forbids with SKILL_SCAN_REFUSED', async () => {
    const dir = await signedSkill('evil', 'import fs from "node:fs";\nexport default () => fs.readFileSync("/etc/passwd", "utf8");');
    const result = await cli(['skill', 'install', dir, '--yes', '--home', home, '--json']);
    expect(result.json<{ error: { code: string } }>().error.code).toBe('SKILL_SCAN_REFUSED');
  });

  test('skill run refuses installed files changed on disk with SKILL_TAMPERED', async () => {
    const dir = await signedSkill('victim', 'export default () => "original";');
    expect((await cli(['skill', 'install', dir, '--yes', '--home', home])).code).toBe(0);
    const folder = (await readdir(join(home, 'skills'))).find((f) => f.startsWith('victim-'))!;
    await writeFile(join(home, 'skills', folder, 'main.js'), 'export default () => "evil";');
    const run = await cli(['skill', 'run', 'victim', '--tier', 'quickjs', '--home', home, '--json']);
    expect(run.json<{ error: { code: string } }>().error.code).toBe('SKILL_TAMPERED');
  });

  test('skill run reports a failing skill with SKILL_FAILED and audits the run', async () => {
    await signedSkill('thrower', 'export default () => { throw new Error("boom"); };');
    expect((await cli(['skill', 'install', join(base, 'thrower'), '--yes', '--home', home])).code).toBe(0);
    const run = await cli(['skill', 'run', 'thrower', '--tier', 'quickjs', '--home', home, '--json']);
    expect(run.json<{ error: { code: string } }>().error.code).toBe('SKILL_FAILED');
    const audit = await cli(['audit', '--limit', '500', '--home', home, '--json']);
    const actions = audit.json<{ entries: { action: string; details: Record<string, unknown> }[] }>().entries.filter((e) => e.details['skill'] === 'thrower').map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['skill.sign', 'skill.install', 'skill.run', 'skill.run.end']));
  });

  test('skill install takes a signed .tgz of the package', async () => {
    await signedSkill('packed', 'export default () => "from a tarball";');
    const tgz = join(base, 'packed.tgz');
    execFileSync('tar', ['czf', tgz, '-C', base, 'packed']);
    const installed = await cli(['skill', 'install', tgz, '--yes', '--home', home, '--json']);
    expect(installed.code, installed.stdout + installed.stderr).toBe(0);
    const run = await cli(['skill', 'run', 'packed', '--tier', 'quickjs', '--home', home, '--json']);
    expect(run.json()).toMatchObject({ output: 'from a tarball' });
  });

  test('skill install refuses a package signed by a key later revoked as compromised', async () => {
    const other = await initHome(join(base, 'home-revoked'));
    const otherDid = (await cli(['identity', 'show', '--home', other, '--json'])).json<{ did: string }>().did;
    const dir = await writeSkillFolder(join(base, 'stolen'), { name: 'stolen', author: otherDid, main: 'export default () => 1;' });
    expect((await cli(['skill', 'sign', dir, '--home', other])).code).toBe(0);
    // The key is reported stolen from the signing time on: its signature no longer counts.
    expect((await cli(['identity', 'rotate', '--compromised', '--home', other])).code).toBe(0);
    const result = await cli(['skill', 'install', dir, '--yes', '--home', other, '--json']);
    expect(result.json<{ error: { code: string } }>().error.code).toBe('SKILL_SIGNATURE_INVALID');
  });

  test('llm.complete reaches the configured model (faked at its HTTP boundary) and runs are charged to ATP', async () => {
    const server = await startFakeChatServer('Green tea is unoxidized.');
    try {
      const main = 'export default async (input, noctem) => ({ said: await noctem.llm.complete("What is green tea?", { maxTokens: 20 }) });';
      await signedSkill('asker-llm', main, { capabilities: [{ name: 'llm.complete', scope: [] }] });
      expect((await cli(['skill', 'install', join(base, 'asker-llm'), '--yes', '--home', home])).code).toBe(0);
      const env = { NOCTEM_LLM_URL: server.url, NOCTEM_CACHE_DIR: join(tmpdir(), 'noctem-test-cache') };
      const run = await cli(['skill', 'run', 'asker-llm', '--tier', 'quickjs', '--home', home, '--json'], { env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.json()).toMatchObject({ output: { said: 'Green tea is unoxidized.' } });
      expect(server.requests.at(-1)?.messages.at(-1)?.content).toBe('What is green tea?');
    } finally {
      await server.close();
    }
    const status = (await cli(['status', '--home', home, '--json'])).json<{ chemistry: { atp: number } }>();
    expect(status.chemistry.atp).toBeLessThan(1);
  });

  test('skill remove deletes the record and the files; a second remove is SKILL_NOT_FOUND', async () => {
    expect((await cli(['skill', 'remove', 'adder', '--home', home])).code).toBe(0);
    expect((await readdir(join(home, 'skills'))).some((f) => f.startsWith('adder-'))).toBe(false);
    const again = await cli(['skill', 'remove', 'adder', '--home', home, '--json']);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('SKILL_NOT_FOUND');
  });
});
