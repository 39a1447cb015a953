/**
 * The bubblewrap tier on real bubblewrap, prlimit and node: the Sandbox contract, then what
 * only the process tiers have (the work folder, the limits' mapping onto a process, start-up
 * failures). Escape attempts are in process-escape.test.ts.
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBubblewrapSandbox, type BubblewrapSandbox } from './bubblewrap-sandbox.ts';
import { contractLimits, expectLimit, expectRejection, recordingHost, runSandboxContract, runSkill } from './sandbox.contract.ts';

runSandboxContract('BubblewrapSandbox', () => createBubblewrapSandbox(), { coldStartMsMax: 1_000 });

describe('BubblewrapSandbox', () => {
  let sandbox: BubblewrapSandbox;
  let workDir: string;
  beforeAll(async () => {
    sandbox = await createBubblewrapSandbox();
    workDir = await mkdtemp(join(tmpdir(), 'noctem-bwrap-'));
  });
  afterAll(async () => {
    sandbox.close();
    await rm(workDir, { recursive: true, force: true });
  });

  test('run() writes the package read-only (files 0o444, folders 0o555) and leaves workDir removable', async () => {
    const runDir = join(workDir, 'modes');
    const modes: number[] = [];
    const host = recordingHost(async () => {
      for (const path of ['pkg/main.js', 'pkg/lib/x.js', 'pkg/lib', 'pkg']) modes.push((await stat(join(runDir, path))).mode & 0o777);
      return null;
    });
    const encoder = new TextEncoder();
    const files = new Map([
      ['main.js', encoder.encode('export default async (i, n) => { await n.memory.search("x"); return 1; };')],
      ['lib/x.js', encoder.encode('')],
    ]);
    await mkdir(runDir);
    await sandbox.run({ files, entry: 'main.js', input: null, methods: ['memory.search'], host, limits: contractLimits, workDir: runDir });
    expect(modes).toEqual([0o444, 0o444, 0o555, 0o555]);
    expect((await stat(join(runDir, 'pkg'))).mode & 0o777).toBe(0o755);
  });

  test('run() refuses a package path that leaves the package with SKILL_PACKAGE_INVALID', async () => {
    await expectRejection(runSkill(sandbox, { source: 'export default () => 1;', files: { '../escape.js': 'x' } }), 'SKILL_PACKAGE_INVALID');
  });

  test('run() stops deep recursion with SKILL_LIMIT_EXCEEDED stack', async () => {
    await expectLimit(runSkill(sandbox, { source: 'const f = (n) => f(n + 1) + 1; export default () => f(0);' }), 'stack');
  });

  test('run() stops call arguments longer than outputBytesMax with SKILL_LIMIT_EXCEEDED output', async () => {
    const source = 'export default async (i, noctem) => noctem.memory.search("x".repeat(10000));';
    await expectLimit(runSkill(sandbox, { source, limits: { outputBytesMax: 1000 } }), 'output');
  });

  test('run() counts CPU from the runner\'s ready message, not from node\'s start-up', async () => {
    const result = await runSkill(sandbox, { source: 'export default () => 1;', limits: { cpuMsMax: 30 } });
    expect(result.output).toBe(1);
  });

  test('run() returns promptly though the skill leaves a timer running', async () => {
    const result = await runSkill(sandbox, { source: 'export default () => { setInterval(() => {}, 10); return 1; };' });
    expect(result.wallMs - result.startMs).toBeLessThan(500);
  });

  test('run() turns a process that exits without a result into SKILL_FAILED', async () => {
    await expectRejection(runSkill(sandbox, { source: 'export default () => process.exit(0);' }), 'SKILL_FAILED');
  });

  test('run() turns process.abort() into SKILL_FAILED, not a memory limit', async () => {
    await expectRejection(runSkill(sandbox, { source: 'export default () => process.abort();' }), 'SKILL_FAILED');
  });

  test('run() rejects with SANDBOX_UNAVAILABLE when node cannot start inside the sandbox', async () => {
    const broken = await createBubblewrapSandbox({ nodePath: '/usr/bin/no-such-node' });
    await expectRejection(runSkill(broken, { source: 'export default () => 1;' }), 'SANDBOX_UNAVAILABLE');
  });
});
