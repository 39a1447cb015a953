/**
 * Goal: the kill switch halts a busy skill within limits.skillKillMsMax in every available
 * tier, the run is audited as killed, and no skill runs again until revive. Method: a real
 * home; a skill that writes a marker file through fs.write, then spins; the test waits for
 * the marker, engages the kill switch (the sentinel file, as `noctem kill` does) and
 * measures the time to the rejection. The CPU limit is set far above the kill budget so
 * only the kill switch can stop the spin.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { isNoctemError, limits } from '../../src/core/index.ts';
import { createSkillHost, sandboxMakers, engageKillSwitch, openNoctem, reviveKillSwitch, type Noctem } from '../../src/daemon/index.ts';
import { probeSandboxTiers, type SandboxTier } from '../../src/security/index.ts';
import { installSkill, readSkillPackage, runInstalledSkill } from '../../src/skills/index.ts';
import { cli } from '../helpers/cli.ts';
import { initHome } from '../helpers/home.ts';
import { writeSkillFolder } from '../helpers/skill-folder.ts';
import { waitFor } from '../helpers/wait-for.ts';

let base: string;
let noctem: Noctem;
// The tiers that really run a skill here (a real probe each, as `noctem doctor` does).
const tiers = (await probeSandboxTiers(sandboxMakers)).filter((p) => p.available && p.tier !== 'kvm').map((p) => p.tier as SandboxTier);
const spinner = 'export default async function main(input, noctem) { await noctem.fs.write(input.marker, "started"); for (;;) {} }';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'noctem-kill-'));
  const home = await initHome(join(base, 'home'));
  const did = (await cli(['identity', 'show', '--home', home, '--json'])).json<{ did: string }>().did;
  const dir = await writeSkillFolder(join(base, 'spinner'), { name: 'spinner', author: did, main: spinner, capabilities: [{ name: 'fs.write', scope: [] }] });
  expect((await cli(['skill', 'sign', dir, '--home', home])).code).toBe(0);
  noctem = await openNoctem(home);
  const host = createSkillHost(noctem, { env: {}, isTty: false, prompt: async () => 'n', notice: () => undefined });
  await installSkill({ ...host.install, confirm: async () => true }, await readSkillPackage(dir));
  await host.close();
});

afterAll(async () => {
  await noctem.close();
  await rm(base, { recursive: true, force: true });
});

test.each(tiers)('the kill switch halts a busy skill in the %s tier within skillKillMsMax', async (tier) => {
  const host = createSkillHost(noctem, { env: {}, isTty: false, prompt: async () => 'n', notice: () => undefined });
  const marker = `started-${tier}.txt`;
  try {
    const ports = host.run;
    const running = runInstalledSkill(ports, { name: 'spinner', input: { marker }, tier, limits: { cpuMsMax: 20_000, wallMsMax: 30_000 } });
    const settled = running.then(() => 'finished', (error: unknown) => (isNoctemError(error) ? error.code : String(error)));
    await waitFor('the skill to start spinning', async () => access(join(noctem.paths.sandbox, 'spinner', marker)).then(() => true, () => false), { timeoutMs: 15_000 });
    const engagedAt = performance.now();
    await engageKillSwitch(noctem.paths, { reason: `test ${tier}`, actor: 'person', nowMs: Date.now() });
    const outcome = await settled;
    const haltMs = performance.now() - engagedAt;
    process.stdout.write(`kill switch halt, ${tier} tier: ${haltMs.toFixed(0)} ms\n`);
    expect(outcome).toBe('SKILL_KILLED');
    expect(haltMs).toBeLessThan(limits.skillKillMsMax);
    const refused = await runInstalledSkill(ports, { name: 'spinner', input: { marker }, tier }).then(() => 'ran', (error: unknown) => (isNoctemError(error) ? error.code : String(error)));
    expect(refused).toBe('KILL_SWITCH_ENGAGED');
    const ends = noctem.audit.list({ newestFirst: true, limit: 20 }).filter((e) => e.action === 'skill.run.end').map((e) => JSON.parse(e.detailsJson) as Record<string, unknown>);
    expect(ends[0]).toMatchObject({ skill: 'spinner', tier, outcome: 'SKILL_KILLED' });
  } finally {
    await reviveKillSwitch(noctem.paths);
    await host.close();
  }
}, 40_000);
