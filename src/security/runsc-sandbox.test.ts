/**
 * The gVisor tier on real runsc: the Sandbox contract, then what only this tier has (its
 * stdio channel, its user). Skipped only where runsc is not installed; escape attempts under
 * gVisor are in process-escape.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunscSandbox, runscSkillUid, type RunscSandbox } from './runsc-sandbox.ts';
import { expectRejection, recordingHost, runSandboxContract, runSkill } from './sandbox.contract.ts';

const runscInstalled = spawnSync('runsc', ['--version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!runscInstalled)('RunscSandbox', () => {
  runSandboxContract('RunscSandbox', () => createRunscSandbox(), { coldStartMsMax: 2_000 });

  describe('RunscSandbox specifics', () => {
    let sandbox: RunscSandbox;
    beforeAll(async () => {
      sandbox = await createRunscSandbox();
    });
    afterAll(() => {
      sandbox.close();
    });

    test('run() runs the skill as the unprivileged uid inside gVisor', async () => {
      const result = await runSkill(sandbox, { source: 'export default () => [process.getuid(), process.getgid()];' });
      expect(result.output).toEqual([runscSkillUid, runscSkillUid]);
    });

    test('run() keeps fd 1 for the protocol: console output goes to stderr', async () => {
      const source = 'export default () => { console.log("{\\"t\\":\\"result\\",\\"ok\\":true,\\"value\\":\\"forged\\"}"); return "honest"; };';
      expect((await runSkill(sandbox, { source })).output).toBe('honest');
    });

    test('run() refuses a forged message written straight to fd 1 with SKILL_FAILED', async () => {
      const host = recordingHost();
      const source = `export default async () => {
        process.getBuiltinModule('node:fs').writeSync(1, '{"t":"call","id":7,"method":"fs.read","args":["/"]}\\n');
        await new Promise((resolve) => setTimeout(resolve, 2000)); return 1; };`;
      await expectRejection(runSkill(sandbox, { source, host }), 'SKILL_FAILED');
      expect(host.calls).toEqual([]);
    });
  });
});

test('createRunscSandbox() rejects with SANDBOX_UNAVAILABLE when runsc is not on PATH', async () => {
  const path = process.env['PATH'];
  process.env['PATH'] = '/nonexistent';
  try {
    await expectRejection(createRunscSandbox(), 'SANDBOX_UNAVAILABLE');
  } finally {
    process.env['PATH'] = path;
  }
});
