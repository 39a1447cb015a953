/**
 * Probes which sandbox tiers this machine offers (for `noctem doctor` and, later, the
 * skill runner): each probe really starts the sandbox and runs `true` inside it, rather
 * than trusting `which`.
 */
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { limits } from '../core/index.ts';

/** One tier's probe result. */
export interface SandboxTierProbe {
  readonly tier: 'quickjs' | 'bubblewrap' | 'gvisor' | 'kvm';
  readonly available: boolean;
  /** Why not, or what was found. */
  readonly detail: string;
  /** Wall time of the probe. */
  readonly probeMs: number;
}

/** Probes bubblewrap, gVisor (runsc) and /dev/kvm. The QuickJS tier arrives with skills. */
export async function probeSandboxTiers(): Promise<SandboxTierProbe[]> {
  const [bubblewrap, gvisor, kvm] = await Promise.all([
    probeCommand('bubblewrap', 'bwrap', ['--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', 'true']),
    probeCommand('gvisor', 'runsc', ['--rootless', '--network=none', 'do', 'true']),
    probeKvm(),
  ]);
  return [bubblewrap, gvisor, kvm];
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

function probeCommand(tier: SandboxTierProbe['tier'], file: string, args: string[]): Promise<SandboxTierProbe> {
  const started = performance.now();
  return new Promise((resolve) => {
    let stderr = '';
    // Our own timer rather than spawn's `timeout` option: Node clears that one only on
    // 'exit', which never comes when the binary is missing (ENOENT), so the pending timer
    // kept `noctem doctor` alive for doctorProbeMsMax after its output.
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), limits.doctorProbeMsMax);
    const done = (available: boolean, detail: string): void => {
      clearTimeout(timer);
      resolve({ tier, available, detail, probeMs: performance.now() - started });
    };
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      done(false, error.code === 'ENOENT' ? `${file} is not installed` : `${file}: ${error.message}`),
    );
    child.on('close', (code, signal) => {
      if (code === 0) done(true, `${file} ran a command`);
      else done(false, `${file} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n')[0] ?? ''}`);
    });
  });
}
