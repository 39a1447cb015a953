/**
 * How a process-tier run's limits become node flags and rlimits (pure, shared by the
 * bubblewrap and gVisor tiers).
 *
 * Memory: V8's heap is capped by `--max-old-space-size` (the run's `memoryBytesMax`) and a
 * small young generation; RLIMIT_DATA (private writable memory: heap, Buffers, thread stacks)
 * adds {@link nodeRuntimeBytes} for node itself. RLIMIT_AS cannot sit near the limit (node
 * reserves ~700 MiB of address space to start), so it is a loose backstop only.
 * CPU: RLIMIT_CPU counts whole seconds and includes start-up, so it is a backstop one second
 * past the budget; the host polls the exact CPU time (process-sandbox-host.ts).
 * Stack: V8's `--stack-size`, with RLIMIT_STACK a megabyte above it.
 */
import { limits } from '../core/index.ts';
import type { SandboxRunLimits } from './sandbox.ts';

const mebibyte = 1024 * 1024;

/** RLIMIT_DATA above `memoryBytesMax` for node itself (code, libuv, V8 metadata, four thread stacks), bytes. */
export const nodeRuntimeBytes = 96 * mebibyte;
/** RLIMIT_AS above RLIMIT_DATA: node's reservations (code range, heap cages), bytes. */
export const addressSpaceSlackBytes = 1024 * mebibyte;
/** The smallest V8 old space a run gets, MiB (node needs a few MiB to start at all). */
const oldSpaceMiBMin = 8;

/** The resource limits of a sandboxed node process. */
export interface ProcessRlimits {
  /** RLIMIT_CPU soft (SIGXCPU) and hard (SIGKILL), seconds. */
  readonly cpuSoftSeconds: number;
  readonly cpuHardSeconds: number;
  /** RLIMIT_DATA, bytes. */
  readonly dataBytes: number;
  /** RLIMIT_AS, bytes. */
  readonly addressSpaceBytes: number;
  /** RLIMIT_STACK, bytes. */
  readonly stackBytes: number;
  /** RLIMIT_NOFILE. */
  readonly filesMax: number;
  /** RLIMIT_NPROC (threads count). */
  readonly processesMax: number;
  /** RLIMIT_FSIZE, bytes. */
  readonly fileBytesMax: number;
}

/**
 * The rlimits of a run.
 * @param runLimits - the run's limits
 */
export function processRlimits(runLimits: SandboxRunLimits): ProcessRlimits {
  const cpuSoftSeconds = Math.ceil(runLimits.cpuMsMax / 1000) + 1;
  const dataBytes = runLimits.memoryBytesMax + nodeRuntimeBytes;
  return {
    cpuSoftSeconds,
    cpuHardSeconds: cpuSoftSeconds + 1,
    dataBytes,
    addressSpaceBytes: dataBytes + addressSpaceSlackBytes,
    stackBytes: runLimits.stackBytesMax + mebibyte,
    filesMax: limits.skillProcessFilesMax,
    processesMax: limits.skillProcessesMax,
    fileBytesMax: limits.skillProcessFileBytesMax,
  };
}

/** Options of {@link sandboxNodeArgs}. */
export interface SandboxNodeArgsOptions {
  /** Node's permission model (reads of /skill and /noctem only; no writes, children, workers, addons). @default true */
  readonly permissionModel?: boolean;
  /** The runner's channel. */
  readonly channel: 'fd3' | 'stdio';
}

/**
 * The arguments after `node`: flags, the runner at /noctem, and its channel.
 * @param runLimits - the run's limits
 * @param options - see {@link SandboxNodeArgsOptions}
 */
export function sandboxNodeArgs(runLimits: SandboxRunLimits, options: SandboxNodeArgsOptions): string[] {
  const heapMiB = Math.max(oldSpaceMiBMin, Math.floor(runLimits.memoryBytesMax / mebibyte));
  const semiSpaceMiB = Math.min(16, Math.max(1, Math.floor(heapMiB / 32)));
  const permission = options.permissionModel === false ? [] : [
    '--experimental-permission', '--allow-fs-read=/skill/*', '--allow-fs-read=/noctem/*',
  ];
  return [
    ...permission,
    '--no-addons',
    '--experimental-vm-modules',
    // The permission model and vm modules are experimental in Node 20; their warnings would
    // only fill the stderr tail.
    '--no-warnings',
    `--max-old-space-size=${heapMiB}`,
    `--max-semi-space-size=${semiSpaceMiB}`,
    `--stack-size=${Math.max(64, Math.floor(runLimits.stackBytesMax / 1024) - 16)}`,
    // One V8 worker thread: fewer threads to count against RLIMIT_NPROC and RLIMIT_DATA.
    '--v8-pool-size=1',
    '/noctem/sandbox-runner.cjs',
    options.channel,
  ];
}

/**
 * PATH of the sandbox tools (prlimit, bwrap, setpriv, runsc) as spawned: fixed, not the
 * host's, since bubblewrap's own init keeps the environment it was started with.
 */
export const sandboxToolPath = '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin';

/**
 * The environment inside the sandbox: nothing of the host's.
 * @returns variables by name
 */
export function sandboxNodeEnv(): Record<string, string> {
  return { PATH: '/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8', UV_THREADPOOL_SIZE: '1' };
}

/** Bytes of the sandbox's private /tmp (both process tiers). */
export const sandboxTmpBytesMax = 16 * 1024 * 1024;

/** Options shared by the process tiers (bubblewrap and gVisor). */
export interface ProcessSandboxOptions {
  /** Node inside the sandbox; its folder is bound read-only when it is outside /usr. @default process.execPath */
  readonly nodePath?: string;
  /**
   * Node's permission model inside the sandbox. Tests turn it off to show that the sandbox
   * alone holds; nothing else should. @default true
   */
  readonly nodePermissionModel?: boolean;
  /** Whether the host runs as root. @default process.getuid() === 0 */
  readonly hostIsRoot?: boolean;
}

/**
 * The options with their defaults filled in.
 * @param options - what the caller gave
 * @param host - the host's node and uid
 */
export function processSandboxOptions(options: ProcessSandboxOptions, host: { readonly execPath: string; readonly uid: number | undefined }): Required<ProcessSandboxOptions> {
  return {
    nodePath: options.nodePath ?? host.execPath,
    nodePermissionModel: options.nodePermissionModel ?? true,
    hostIsRoot: options.hostIsRoot ?? host.uid === 0,
  };
}

/**
 * The folder holding node's installation (`…/bin/node` → `…`) when it lies outside /usr and
 * must be bound read-only into the sandbox, else undefined.
 */
export function nodeInstallFolder(nodePath: string): string | undefined {
  const folder = nodePath.split('/').slice(0, -2).join('/');
  return nodePath.startsWith('/usr/') || folder === '' ? undefined : folder;
}
