/**
 * The tier-3 sandbox: the same runner and protocol as the bubblewrap tier, but each run's
 * node is a container under gVisor (`runsc run` of an OCI bundle written into the run's
 * workDir, `--network=none`), so the skill's system calls reach gVisor's user-space kernel,
 * not the host's.
 *
 * The bundle's root is an empty read-only folder; its mounts are exactly those of the
 * bubblewrap tier: read-only /usr (and the /bin, /lib… links), /etc/ld.so.cache, the package
 * at /skill, the runner at /noctem, a fresh /proc, /dev and a size-capped /tmp. (`runsc do`
 * would show the whole host root, so it is not used.) Inside, the skill runs as uid 65534
 * with no capabilities and no_new_privs, under Node's permission model as in tier 2.
 *
 * runsc passes only stdio to the container, so the channel is fd 0 (in) and fd 1 (out), and
 * the runner sends the skill's console output to stderr. Limits: the V8 heap as in tier 2
 * plus RLIMIT_AS (gVisor does not enforce RLIMIT_DATA: a Buffer bomb under it hung), the
 * exact CPU budget polled on the host (sentry and gofer included), RLIMIT_NOFILE/NPROC/FSIZE.
 */
import { assert, limits, NoctemError } from '../core/index.ts';
import { prepareRunscBundle, readHostRootLayout, readSandboxRunner, type HostRootEntry, type SandboxWorkDir } from './fs-sandbox-workdir.ts';
import { programRuns, runInWorkDir } from './process-sandbox-host.ts';
import {
  nodeInstallFolder, processRlimits, processSandboxOptions, sandboxNodeArgs, sandboxNodeEnv, sandboxTmpBytesMax, sandboxToolPath,
  type ProcessSandboxOptions,
} from './process-sandbox-node.ts';
import type { Sandbox, SandboxRunLimits, SandboxRunRequest, SandboxRunResult, SandboxTier } from './sandbox.ts';

/** The uid and gid of the skill inside gVisor (gVisor's own user namespace). */
export const runscSkillUid = 65_534;

/** Options of {@link createRunscSandbox}; when the host is not root, runsc gets `--rootless`. */
export type RunscSandboxOptions = ProcessSandboxOptions;

/** Runs skills in node under gVisor; see the module comment. */
export class RunscSandbox implements Sandbox {
  readonly tier: SandboxTier = 'gvisor';
  readonly #runnerSource: string;
  readonly #layout: readonly HostRootEntry[];
  readonly #options: Required<ProcessSandboxOptions>;
  #closed = false;

  /**
   * @param runnerSource - sandbox-runner.cjs
   * @param layout - how /bin, /lib… exist on this machine
   * @param options - see {@link RunscSandboxOptions}
   */
  constructor(runnerSource: string, layout: readonly HostRootEntry[], options: Required<RunscSandboxOptions>) {
    this.#runnerSource = runnerSource;
    this.#layout = layout;
    this.#options = options;
  }

  /**
   * Runs one skill (see {@link Sandbox.run}).
   * @throws {NoctemError} SKILL_FAILED, SKILL_LIMIT_EXCEEDED, SKILL_KILLED, SANDBOX_UNAVAILABLE, SKILL_PACKAGE_INVALID
   */
  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    assert(!this.#closed, 'RunscSandbox.run after close');
    return runInWorkDir(request, this.#runnerSource, async (workDir) => {
      const links = this.#layout.flatMap((entry) => (entry.kind === 'symlink' ? [{ name: entry.name, target: entry.target }] : []));
      const bundle = await prepareRunscBundle(request.workDir, this.#config(request.limits, workDir), links);
      const args = [
        '--root', bundle.stateDir, '--network=none', '--ignore-cgroups', ...(this.#options.hostIsRoot ? [] : ['--rootless']),
        'run', '--bundle', bundle.bundleDir, 'noctem-skill',
      ];
      return { tier: this.tier, command: 'runsc', args, channel: 'stdio', env: { PATH: sandboxToolPath } };
    });
  }

  /** Nothing to release: every run is its own container; idempotent. */
  close(): void {
    this.#closed = true;
  }

  /** The OCI runtime configuration of one run. */
  #config(runLimits: SandboxRunLimits, workDir: SandboxWorkDir): unknown {
    const rlimits = processRlimits(runLimits);
    const rlimit = (type: string, soft: number, hard = soft): unknown => ({ type, soft, hard });
    const nodePath = this.#options.nodePath;
    const args = [nodePath, ...sandboxNodeArgs(runLimits, { permissionModel: this.#options.nodePermissionModel, channel: 'stdio' })];
    return {
      ociVersion: '1.0.0',
      process: {
        user: { uid: runscSkillUid, gid: runscSkillUid },
        args,
        env: Object.entries(sandboxNodeEnv()).map(([name, value]) => `${name}=${value}`),
        cwd: '/skill',
        capabilities: { bounding: [], effective: [], inheritable: [], permitted: [], ambient: [] },
        rlimits: [
          rlimit('RLIMIT_CPU', rlimits.cpuSoftSeconds, rlimits.cpuHardSeconds),
          rlimit('RLIMIT_AS', rlimits.addressSpaceBytes),
          rlimit('RLIMIT_STACK', rlimits.stackBytes),
          rlimit('RLIMIT_NOFILE', rlimits.filesMax),
          rlimit('RLIMIT_NPROC', rlimits.processesMax),
          rlimit('RLIMIT_FSIZE', rlimits.fileBytesMax),
          rlimit('RLIMIT_CORE', 0),
        ],
        noNewPrivileges: true,
      },
      root: { path: 'rootfs', readonly: true },
      hostname: 'skill',
      mounts: this.#mounts(workDir, nodePath),
      linux: { namespaces: ['pid', 'network', 'ipc', 'uts', 'mount'].map((type) => ({ type })) },
    };
  }

  #mounts(workDir: SandboxWorkDir, nodePath: string): unknown[] {
    const bind = (source: string, destination: string): unknown => ({ destination, type: 'bind', source, options: ['rbind', 'ro'] });
    const mounts = [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs' },
      { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: [`size=${sandboxTmpBytesMax}`, 'mode=1777'] },
      bind('/usr', '/usr'),
      ...this.#layout.flatMap((entry) => (entry.kind === 'dir' ? [bind(`/${entry.name}`, `/${entry.name}`)] : [])),
      bind('/etc/ld.so.cache', '/etc/ld.so.cache'),
      bind(workDir.packageDir, '/skill'),
      bind(workDir.runtimeDir, '/noctem'),
    ];
    const nodeFolder = nodeInstallFolder(nodePath);
    if (nodeFolder !== undefined) mounts.push(bind(nodeFolder, nodeFolder));
    return mounts;
  }
}

/**
 * Checks that runsc is installed and returns the tier (the first run shows whether gVisor
 * works here: `noctem doctor` runs a real skill).
 * @param options - see {@link RunscSandboxOptions}
 * @throws {NoctemError} SANDBOX_UNAVAILABLE when runsc is not installed
 */
export async function createRunscSandbox(options: RunscSandboxOptions = {}): Promise<RunscSandbox> {
  if (!(await programRuns('runsc', ['--version'], limits.skillKillMsMax * 5))) {
    throw new NoctemError('SANDBOX_UNAVAILABLE', 'Cannot use the gVisor sandbox: runsc is not installed or does not run');
  }
  const [runnerSource, layout] = await Promise.all([readSandboxRunner(), readHostRootLayout()]);
  return new RunscSandbox(runnerSource, layout, processSandboxOptions(options, { execPath: process.execPath, uid: process.getuid?.() }));
}
