/**
 * Probes which sandbox tiers this machine offers (for `noctem doctor` and the skill runner):
 * each probe runs a real one-line skill through the tier's adapter, rather than trusting
 * `which`, and /dev/kvm is checked for the Firecracker comparison of docs/benchmarks.md.
 */
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoctemError, limits } from '../core/index.ts';
import type { Sandbox, SandboxTier } from './sandbox.ts';

/** One tier's probe result. */
export interface SandboxTierProbe {
  readonly tier: SandboxTier | 'kvm';
  readonly available: boolean;
  /** Why not, or what was found. */
  readonly detail: string;
  /** Wall time of the probe, ms (for a tier: making the sandbox and one cold run). */
  readonly probeMs: number;
}

/** How to make each tier's sandbox. */
export type SandboxMakers = Readonly<Record<SandboxTier, () => Promise<Sandbox>>>;

const probeSource = 'export default function main(input) { return { answer: input.a * input.b }; }';

/**
 * Runs `6 × 7` through each tier (one after another, so timings do not compete) and checks
 * /dev/kvm.
 * @param makers - the tier adapters' factories
 */
export async function probeSandboxTiers(makers: SandboxMakers): Promise<SandboxTierProbe[]> {
  const probes: SandboxTierProbe[] = [];
  for (const tier of Object.keys(makers) as SandboxTier[]) probes.push(await probeTier(tier, makers[tier]));
  probes.push(await probeKvm());
  return probes;
}

async function probeTier(tier: SandboxTier, make: () => Promise<Sandbox>): Promise<SandboxTierProbe> {
  const started = performance.now();
  const workDir = await mkdtemp(join(tmpdir(), 'noctem-probe-'));
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await make();
    const result = await sandbox.run({
      files: new Map([['probe.js', new TextEncoder().encode(probeSource)]]), entry: 'probe.js', input: { a: 6, b: 7 }, methods: [],
      host: { call: () => Promise.reject(new NoctemError('SKILL_CAPABILITY_DENIED', 'The probe holds no capabilities')) },
      limits: { memoryBytesMax: limits.skillMemoryBytesDefault, cpuMsMax: limits.doctorProbeMsMax, wallMsMax: limits.doctorProbeMsMax, stackBytesMax: limits.skillStackBytesDefault, outputBytesMax: 1024 },
      workDir, signal: AbortSignal.timeout(limits.doctorProbeMsMax),
    });
    const ok = JSON.stringify(result.output) === '{"answer":42}';
    return { tier, available: ok, detail: ok ? `ran a skill (start ${result.startMs.toFixed(0)} ms)` : 'ran a skill but got a wrong answer', probeMs: performance.now() - started };
  } catch (error) {
    const detail = error instanceof NoctemError ? `${error.code}: ${error.message}` : String(error);
    return { tier, available: false, detail: detail.split('\n')[0]?.slice(0, 300) ?? 'failed', probeMs: performance.now() - started };
  } finally {
    sandbox?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function probeKvm(): Promise<SandboxTierProbe> {
  const started = performance.now();
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
    return { tier: 'kvm', available: true, detail: '/dev/kvm is readable and writable', probeMs: performance.now() - started };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    return { tier: 'kvm', available: false, detail: `/dev/kvm: ${code}`, probeMs: performance.now() - started };
  }
}
