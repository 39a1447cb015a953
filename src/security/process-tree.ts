/**
 * A process and its descendants as Linux's /proc shows them, for the process sandbox tiers:
 * their CPU time (the exact `cpuMsMax`, which RLIMIT_CPU can enforce only in whole seconds)
 * and killing all of them (bwrap's and runsc's helpers do not share our process group).
 *
 * Reads `/proc/<pid>/task/<tid>/children` (Linux 3.5+ with CONFIG_PROC_CHILDREN, on in every
 * distribution kernel) and `/proc/<pid>/stat`. A process that exits between two reads is
 * simply skipped. The walk is bounded by `processTreeSizeMax`.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Processes (not threads) one walk visits at most; a sandbox has far fewer (RLIMIT_NPROC). */
export const processTreeSizeMax = 4_096;

/** The kernel's USER_HZ, the unit of /proc/<pid>/stat times; 100 on every Linux ABI. */
const clockTicksPerSecond = 100;

/**
 * Lists `rootPid` and its descendants, parents first.
 * @param rootPid - the process at the top
 * @returns the pids found (empty when `rootPid` is gone)
 */
export function listProcessTree(rootPid: number): number[] {
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0 && found.length < processTreeSizeMax) {
    const pid = queue.shift() as number;
    found.push(pid);
    for (const tid of readOr(() => readdirSync(`/proc/${pid}/task`), [])) {
      const text = readOr(() => readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1'), '');
      for (const child of text.split(' ')) if (child !== '') queue.push(Number(child));
    }
  }
  return found;
}

/**
 * CPU time (user + system) of the live processes of a tree, ms, at 10 ms resolution.
 * Children already reaped count in their parent's cutime/cstime, which this includes.
 * @param pids - from {@link listProcessTree}
 */
export function processTreeCpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, 'latin1'), '');
    // Fields after the command name, which sits in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14-17 of stat(5); index 0 here is field 3.
    for (const index of [11, 12, 13, 14]) ticks += Number(fields[index] ?? 0) || 0;
  }
  return (ticks * 1000) / clockTicksPerSecond;
}

/**
 * Sends SIGKILL to every process of the tree: lists the whole tree first (a killed parent's
 * children are reparented and leave it), kills them all, and walks again for anything forked
 * meanwhile. The tiers also rely on their pid namespace: its init's death kills the rest.
 * @param rootPid - the process at the top
 * @param roundsMax - walks at most
 */
export function killProcessTree(rootPid: number, roundsMax = 3): void {
  for (let round = 0; round < roundsMax; round++) {
    const pids = listProcessTree(rootPid);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone (ESRCH): nothing left to stop.
      }
    }
    if (listProcessTree(rootPid).length <= 1) return;
  }
}

function readOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    // The process exited while we looked: it has nothing left to count or kill.
    return fallback;
  }
}
