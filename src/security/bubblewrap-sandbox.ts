/**
 * The tier-2 sandbox: each run is a fresh `node` process (running sandbox-runner.cjs) under
 * prlimit, bubblewrap and Node's permission model.
 *
 * - prlimit: RLIMIT_CPU (whole-second backstop), RLIMIT_DATA/AS (memory), RLIMIT_NOFILE,
 *   RLIMIT_NPROC, RLIMIT_FSIZE, RLIMIT_STACK, no core dumps (process-sandbox-node.ts).
 * - bubblewrap: new pid, net, ipc, uts and cgroup namespaces (no network at all: the host does
 *   any fetching through the protocol), a new session, a cleared environment, and a root
 *   holding only read-only /usr (and the /bin, /lib… links), /etc/ld.so.cache, a fresh /proc
 *   and /dev, a private size-capped /tmp, the package at /skill and the runner at /noctem.
 *   `--die-with-parent` ties the sandbox to the host process.
 * - the unprivileged user: run as root (CI), bubblewrap builds the sandbox with root's
 *   privileges and `setpriv` then drops to a per-run uid/gid with no groups, no capabilities,
 *   no_new_privs, so RLIMIT_NPROC applies (it never applies to root) and counts only this run.
 *   Run as another user, bubblewrap uses a user namespace instead (`--unshare-all`,
 *   `--disable-userns`), the skill keeps that user's id, and RLIMIT_NPROC is not set (it
 *   would count all of that user's processes); Node's permission model then is what stops
 *   child processes.
 * - Node's permission model: reads only of /skill and /noctem; no writes, child processes,
 *   workers or native addons. It is the inner wall; bubblewrap is the one that must hold.
 */
import { randomInt } from 'node:crypto';
import { assert } from '../core/index.ts';
import { readHostRootLayout, readSandboxRunner, type HostRootEntry } from './fs-sandbox-workdir.ts';
import { runInWorkDir } from './process-sandbox-host.ts';
import {
  nodeInstallFolder, processRlimits, processSandboxOptions, sandboxNodeArgs, sandboxNodeEnv, sandboxTmpBytesMax, sandboxToolPath, type ProcessRlimits, type ProcessSandboxOptions,
} from './process-sandbox-node.ts';
import type { Sandbox, SandboxRunRequest, SandboxRunResult, SandboxTier } from './sandbox.ts';

/** The first uid (and gid) a run may get when the host is root. */
export const sandboxUidBase = 2_000_000_000;
/** How many uids runs draw from, at random, so concurrent runs rarely share RLIMIT_NPROC. */
export const sandboxUidRange = 1_000_000;

/** Options of {@link createBubblewrapSandbox}; as root, each run drops to a per-run uid with setpriv. */
export type BubblewrapSandboxOptions = ProcessSandboxOptions;

/** Runs skills in node under bubblewrap; see the module comment. */
export class BubblewrapSandbox implements Sandbox {
  readonly tier: SandboxTier = 'process';
  readonly #runnerSource: string;
  readonly #layout: readonly HostRootEntry[];
  readonly #options: Required<ProcessSandboxOptions>;
  #closed = false;

  /**
   * @param runnerSource - sandbox-runner.cjs
   * @param layout - how /bin, /lib… exist on this machine
   * @param options - see {@link BubblewrapSandboxOptions}
   */
  constructor(runnerSource: string, layout: readonly HostRootEntry[], options: Required<ProcessSandboxOptions>) {
    this.#runnerSource = runnerSource;
    this.#layout = layout;
    this.#options = options;
  }

  /**
   * Runs one skill (see {@link Sandbox.run}).
   * @throws {NoctemError} SKILL_FAILED, SKILL_LIMIT_EXCEEDED, SKILL_KILLED, SANDBOX_UNAVAILABLE, SKILL_PACKAGE_INVALID
   */
  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    assert(!this.#closed, 'BubblewrapSandbox.run after close');
    return runInWorkDir(request, this.#runnerSource, async (workDir) => ({
      tier: this.tier, command: 'prlimit', channel: 'fd3', env: { PATH: sandboxToolPath },
      args: [
        ...prlimitArgs(processRlimits(request.limits), this.#options.hostIsRoot),
        'bwrap', ...this.#bwrapArgs(workDir.packageDir, workDir.runtimeDir),
        ...this.#userArgs(),
        this.#options.nodePath, ...sandboxNodeArgs(request.limits, { permissionModel: this.#options.nodePermissionModel, channel: 'fd3' }),
      ],
    }));
  }

  /** Nothing to release: every run is its own process; idempotent. */
  close(): void {
    this.#closed = true;
  }

  #bwrapArgs(packageDir: string, runtimeDir: string): string[] {
    const namespaces = this.#options.hostIsRoot
      ? ['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try']
      : ['--unshare-all', '--unshare-user', '--disable-userns'];
    const root: string[] = ['--ro-bind', '/usr', '/usr'];
    for (const entry of this.#layout) {
      if (entry.kind === 'symlink') root.push('--symlink', entry.target, `/${entry.name}`);
      else root.push('--ro-bind', `/${entry.name}`, `/${entry.name}`);
    }
    const nodeFolder = nodeInstallFolder(this.#options.nodePath);
    if (nodeFolder !== undefined) root.push('--ro-bind', nodeFolder, nodeFolder);
    const env = Object.entries(sandboxNodeEnv()).flatMap(([name, value]) => ['--setenv', name, value]);
    return [
      ...namespaces, '--die-with-parent', '--new-session', '--clearenv', ...env,
      ...root,
      '--perms', '0755', '--dir', '/etc', '--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache',
      '--proc', '/proc', '--dev', '/dev',
      '--perms', '01777', '--size', String(sandboxTmpBytesMax), '--tmpfs', '/tmp',
      '--ro-bind', packageDir, '/skill', '--ro-bind', runtimeDir, '/noctem', '--chdir', '/skill',
      '--cap-drop', 'ALL',
      ...(this.#options.hostIsRoot ? ['--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID'] : []),
      '--',
    ];
  }

  /** As root: setpriv drops to a fresh uid/gid, all capabilities and further privileges. */
  #userArgs(): string[] {
    if (!this.#options.hostIsRoot) return [];
    const id = String(sandboxUidBase + randomInt(sandboxUidRange));
    return ['setpriv', `--reuid=${id}`, `--regid=${id}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--'];
  }
}

/**
 * Checks that this machine can run the tier and returns it (no process is started here;
 * the first run shows whether bubblewrap works: `noctem doctor` runs a real skill).
 * @param options - see {@link BubblewrapSandboxOptions}
 */
export async function createBubblewrapSandbox(options: BubblewrapSandboxOptions = {}): Promise<BubblewrapSandbox> {
  const [runnerSource, layout] = await Promise.all([readSandboxRunner(), readHostRootLayout()]);
  return new BubblewrapSandbox(runnerSource, layout, processSandboxOptions(options, { execPath: process.execPath, uid: process.getuid?.() }));
}

/**
 * The prlimit arguments. RLIMIT_NPROC counts every process of the real uid, so it is set only
 * when the run has a uid of its own (host is root); as another user it would count the
 * host's own processes and threads too and fail runs at random.
 */
function prlimitArgs(rlimits: ProcessRlimits, ownUid: boolean): string[] {
  return [
    `--cpu=${rlimits.cpuSoftSeconds}:${rlimits.cpuHardSeconds}`,
    `--data=${rlimits.dataBytes}`,
    `--as=${rlimits.addressSpaceBytes}`,
    `--stack=${rlimits.stackBytes}`,
    `--nofile=${rlimits.filesMax}`,
    ...(ownUid ? [`--nproc=${rlimits.processesMax}`] : []),
    `--fsize=${rlimits.fileBytesMax}`,
    '--core=0',
    '--',
  ];
}
