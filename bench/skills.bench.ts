/**
 * `npm run bench -- skills`: the figures of issue 7, each beside its target:
 * - cold start per sandbox tier: one full run of a trivial skill on a fresh runtime or
 *   process (QuickJS target <= 10 ms, process <= 60 ms, gVisor <= 400 ms; Firecracker's
 *   published microVM boot, 125 ms, as the peer), median of repeated runs, plus the one-time
 *   cost of making the sandbox (loading the WebAssembly module);
 * - warm call per tier: one capability round trip from a running skill to the host and back
 *   (median over 500 calls in one run);
 * - kill-switch halt per tier: from writing the sentinel file to the run's rejection, with a
 *   skill spinning in a busy loop (target <= 1000 ms);
 * - install time: hybrid signature verification, scan, write and commit of a small signed
 *   package on a real temp home.
 * Tiers run one after another, never in parallel, so they do not compete for the 2 cores.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoctemError, limits } from '../src/core/index.ts';
import { availableTiers, createNoctem, createSkillHost, engageKillSwitch, reviveKillSwitch, sandboxMakers, watchKillSwitch } from '../src/daemon/index.ts';
import type { Sandbox, SandboxHost, SandboxRunRequest, SandboxTier } from '../src/security/index.ts';
import { installSkill, readSkillPackage, removeSkill, signSkillFolder, verifySkillPackage } from '../src/skills/index.ts';
import { median, row, type Benchmark } from './benchmark.ts';

const coldRuns = 15;
const calls = 500;
const killRuns = 5;
const installRuns = 5;
const targets = { coldStartMs: { quickjs: 10, process: 60, gvisor: 400 }, firecrackerBootMs: 125, killMs: limits.skillKillMsMax } as const;
const widths = [52, 10, 10, 10];
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const echoHost: SandboxHost = { call: async (call) => call.args[0] ?? null };

interface TierFigures {
  readonly makeMs: number;
  readonly coldStartMs: number;
  readonly coldRunMs: number;
  readonly warmCallUs: number;
  readonly killMs: number;
}

/** The benchmark. */
export const benchmark: Benchmark = {
  async run({ log }) {
    const dir = await mkdtemp(join(tmpdir(), 'noctem-bench-skills-'));
    try {
      const tiers: Partial<Record<SandboxTier, TierFigures>> = {};
      for (const tier of await availableTiers()) tiers[tier] = await measureTier(tier, dir);
      const install = await measureInstall(join(dir, 'home'));
      log(row(['figure', 'ours', 'target', 'peer'], widths));
      for (const [tier, f] of Object.entries(tiers) as [SandboxTier, TierFigures][]) {
        log(row([`${tier}: make sandbox (once), ms`, f.makeMs, '-', '-'], widths));
        log(row([`${tier}: cold start to main(), median ms`, f.coldStartMs, `<= ${targets.coldStartMs[tier]}`, `FC ${targets.firecrackerBootMs}`], widths));
        log(row([`${tier}: whole cold run, median ms`, f.coldRunMs, '-', '-'], widths));
        log(row([`${tier}: warm capability call, median µs`, f.warmCallUs, '-', '-'], widths));
        log(row([`${tier}: kill switch halt, median ms`, f.killMs, `<= ${targets.killMs}`, '-'], widths));
      }
      log(row(['install (verify + scan + write + commit), median ms', install.installMs, '-', '-'], widths));
      log(row(['  of which hybrid signature verification, median ms', install.verifyMs, '-', '-'], widths));
      return { tiers, ...install, targets };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

async function measureTier(tier: SandboxTier, dir: string): Promise<TierFigures> {
  const made = performance.now();
  const sandbox = await sandboxMakers[tier]();
  const makeMs = performance.now() - made;
  try {
    const starts: number[] = [];
    const runs: number[] = [];
    for (let i = 0; i < coldRuns; i += 1) {
      const started = performance.now();
      const result = await run(sandbox, dir, { source: 'export default (input) => ({ twice: input * 2 });', input: i });
      runs.push(performance.now() - started);
      starts.push(result.startMs);
      if ((result.output as { twice: number }).twice !== i * 2) throw new Error(`${tier} returned a wrong answer`);
    }
    const loop = `export default async (input, noctem) => { let n = 0; for (let i = 0; i < ${calls}; i++) n += (await noctem.memory.search('q' + i)).length; return n; };`;
    const callStarted = performance.now();
    await run(sandbox, dir, { source: loop, methods: ['memory.search'] });
    // The loop's run also pays one cold start: take the median cold run off.
    const warmCallUs = (Math.max(0, performance.now() - callStarted - median(runs)) * 1000) / calls;
    return { makeMs, coldStartMs: median(starts), coldRunMs: median(runs), warmCallUs, killMs: await measureKill(sandbox, dir) };
  } finally {
    sandbox.close();
  }
}

interface RunSpec {
  readonly source: string;
  readonly input?: unknown;
  readonly methods?: SandboxRunRequest['methods'];
  readonly host?: SandboxHost;
  readonly signal?: AbortSignal;
}

async function run(sandbox: Sandbox, dir: string, spec: RunSpec): ReturnType<Sandbox['run']> {
  const workDir = await mkdtemp(join(dir, 'run-'));
  try {
    return await sandbox.run({
      files: new Map([['main.js', encode(spec.source)]]), entry: 'main.js', input: spec.input ?? null, methods: spec.methods ?? [], host: spec.host ?? echoHost,
      limits: { memoryBytesMax: limits.skillMemoryBytesDefault, cpuMsMax: 20_000, wallMsMax: 30_000, stackBytesMax: limits.skillStackBytesDefault, outputBytesMax: limits.skillOutputBytesMax },
      workDir, ...(spec.signal === undefined ? {} : { signal: spec.signal }),
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

const spinner = 'export default async (input, noctem) => { await noctem.memory.search("go"); for (;;) {} };';

async function measureKill(sandbox: Sandbox, dir: string): Promise<number> {
  const paths = { killSwitch: join(dir, 'KILL') };
  const samples: number[] = [];
  for (let i = 0; i < killRuns; i += 1) {
    const watch = watchKillSwitch(paths);
    let spinning!: () => void;
    const started = new Promise<void>((resolve) => (spinning = resolve));
    // The skill tells the host it is about to spin (one call), then spins until killed.
    const host: SandboxHost = { call: async () => (spinning(), null) };
    const ended = run(sandbox, dir, { source: spinner, methods: ['memory.search'], host, signal: watch.signal }).then(() => 'finished', (error: unknown) => (error instanceof NoctemError ? error.code : String(error)));
    await started;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const engagedAt = performance.now();
    await engageKillSwitch(paths, { nowMs: Date.now(), reason: 'bench' });
    const outcome = await ended;
    samples.push(outcome === 'SKILL_KILLED' ? performance.now() - engagedAt : Number.NaN);
    watch.stop();
    await reviveKillSwitch(paths);
  }
  return median(samples);
}

async function measureInstall(home: string): Promise<{ installMs: number; verifyMs: number }> {
  const noctem = await createNoctem(home, { name: 'bench' });
  try {
    const pkgDir = join(home, '..', 'pkg');
    await mkdir(pkgDir, { recursive: true });
    const manifest = { name: 'bench', version: '1.0.0', description: 'bench', entry: 'main.js', capabilities: [{ name: 'memory.read', scope: [] }], tier: 'quickjs', author: noctem.identity.keyState().did };
    await writeFile(join(pkgDir, 'noctem-skill.json'), JSON.stringify(manifest));
    await writeFile(join(pkgDir, 'main.js'), 'import { f } from "./lib.js";\nexport default (input) => f(input);');
    await writeFile(join(pkgDir, 'lib.js'), 'export const f = (x) => ({ x });');
    await signSkillFolder(pkgDir, { signer: noctem.identity.livingSigner(), signedAtMs: Date.now(), keyEvents: noctem.identity.keyEvents() });
    const source = await readSkillPackage(pkgDir);
    const host = createSkillHost(noctem, { env: {}, isTty: false, prompt: async () => 'n', notice: () => undefined });
    const installs: number[] = [];
    const verifies: number[] = [];
    for (let i = 0; i < installRuns; i += 1) {
      const verifyStarted = performance.now();
      verifySkillPackage(source.pkg, { signature: source.signature, events: source.keyEvents ?? [] });
      verifies.push(performance.now() - verifyStarted);
      const started = performance.now();
      await installSkill({ ...host.install, confirm: async () => true }, source);
      installs.push(performance.now() - started);
      await removeSkill(host.install, 'bench');
    }
    await host.close();
    return { installMs: median(installs), verifyMs: median(verifies) };
  } finally {
    await noctem.close();
  }
}
