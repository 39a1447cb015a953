/**
 * The kill switch (issue 7): a sentinel file in the home (`<home>/KILL`, homeLayout.killSwitch).
 * While it exists every running skill and all daemon work stop, and new work is refused, until
 * `noctem revive` removes it. A file, not a store record, because it must work when the store
 * is busy or encrypted with no passphrase at hand, and because a person can engage it by hand
 * (`touch ~/.noctem/KILL`): any file there counts, whatever it holds.
 *
 * `noctem kill` writes a small JSON document (when, why, who) atomically: a temporary file,
 * fsync, then a hard link that fails when the sentinel exists, so engaging twice keeps the
 * first time. Watchers poll the path with a cheap stat every limits.killSwitchPollMs and also
 * listen with fs.watch on the home folder (prompt where it works; the poll covers the
 * filesystems where it does not).
 */
import { closeSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isNoctemError, limits, NoctemError } from '../core/index.ts';
import { writeFileAtomic, type HomePaths } from '../store/index.ts';

/** The paths the kill switch needs. */
export type KillSwitchPaths = Pick<HomePaths, 'killSwitch'>;

/** What the sentinel says. */
export interface KillSwitchState {
  /** True while the sentinel exists. */
  readonly engaged: boolean;
  /** When it was engaged (epoch ms): the document's time, else the file's modification time. */
  readonly engagedAtMs?: number;
  /** Why, as given to `noctem kill --reason`; absent for a hand-made sentinel. */
  readonly reason?: string;
  /** Who engaged it ('person', 'noctem'); absent for a hand-made sentinel. */
  readonly actor?: string;
}

/** Options of {@link engageKillSwitch}. */
export interface EngageKillSwitchOptions {
  /** Why (at most limits.killReasonCharsMax characters; longer is cut). @default '' */
  readonly reason?: string;
  /** Who. @default 'person' */
  readonly actor?: string;
  /** The time to record (epoch ms). */
  readonly nowMs: number;
}

/** What {@link engageKillSwitch} did. */
export interface EngageKillSwitchResult {
  /** True when the switch was already engaged (its first time is kept). */
  readonly alreadyEngaged: boolean;
  /** When the switch was engaged (epoch ms): now, or the first time. */
  readonly engagedAtMs: number;
}

/** Options of {@link watchKillSwitch}. */
export interface WatchKillSwitchOptions {
  /** Interval of the stat poll, ms. @default limits.killSwitchPollMs */
  readonly pollMs?: number;
  /** Also listen with fs.watch (false: the poll alone, as on filesystems without it). @default true */
  readonly fsWatch?: boolean;
}

/** A running watch of the sentinel. */
export interface KillSwitchWatch {
  /** Aborts (reason: a NoctemError SKILL_KILLED) within pollMs of the sentinel appearing; at once if it exists. */
  readonly signal: AbortSignal;
  /** Stops watching (idempotent); the signal stays as it is. */
  stop(): void;
}

/**
 * Engages the kill switch: writes the sentinel atomically, unless it exists.
 * @param paths - the home's paths
 * @param options - reason, actor and time
 * @throws {NoctemError} HOME_NOT_FOUND when the home folder does not exist
 * @throws {NoctemError} HOME_PATH_INVALID when the sentinel cannot be written (permissions)
 */
export async function engageKillSwitch(paths: KillSwitchPaths, options: EngageKillSwitchOptions): Promise<EngageKillSwitchResult> {
  const existing = readKillSwitch(paths);
  if (existing.engaged) return { alreadyEngaged: true, engagedAtMs: existing.engagedAtMs ?? options.nowMs };
  const document = {
    engaged: true,
    engagedAtMs: options.nowMs,
    engagedAt: new Date(options.nowMs).toISOString(),
    reason: (options.reason ?? '').slice(0, limits.killReasonCharsMax),
    actor: options.actor ?? 'person',
  };
  try {
    await writeFileAtomic(paths.killSwitch, `${JSON.stringify(document)}\n`, true);
  } catch (error) {
    // Another process engaged it between our look and our link: its time is the first one.
    if (isNoctemError(error, 'FILE_EXISTS')) return { alreadyEngaged: true, engagedAtMs: readKillSwitch(paths).engagedAtMs ?? options.nowMs };
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NoctemError('HOME_NOT_FOUND', `No Noctem home at "${dirname(paths.killSwitch)}"`, { cause: error });
    }
    throw new NoctemError('HOME_PATH_INVALID', `Cannot write the kill switch "${paths.killSwitch}"`, { cause: error });
  }
  return { alreadyEngaged: false, engagedAtMs: options.nowMs };
}

/**
 * Releases the kill switch: removes the sentinel.
 * @param paths - the home's paths
 * @returns true when it was engaged
 * @throws {NoctemError} HOME_PATH_INVALID when the sentinel cannot be removed (permissions)
 */
export async function reviveKillSwitch(paths: KillSwitchPaths): Promise<boolean> {
  try {
    await unlink(paths.killSwitch);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new NoctemError('HOME_PATH_INVALID', `Cannot remove the kill switch "${paths.killSwitch}"`, { cause: error });
  }
}

/**
 * Reads the sentinel. Any file at the path counts as engaged; its time and reason are read
 * when it is the JSON document `noctem kill` writes (at most limits.killSwitchFileBytesMax bytes).
 * @param paths - the home's paths
 * @throws {NoctemError} HOME_PATH_INVALID when the sentinel's path cannot be examined (permissions)
 */
export function readKillSwitch(paths: KillSwitchPaths): KillSwitchState {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(paths.killSwitch).mtimeMs;
  } catch (error) {
    // No sentinel; ENOTDIR: the home path is a file, which opening the home reports.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { engaged: false };
    throw new NoctemError('HOME_PATH_INVALID', `Cannot read the kill switch "${paths.killSwitch}"`, { cause: error });
  }
  const fallback: KillSwitchState = { engaged: true, engagedAtMs: Math.round(mtimeMs) };
  const document = parseDocument(readHead(paths.killSwitch));
  if (document === undefined) return fallback;
  const engagedAtMs = typeof document['engagedAtMs'] === 'number' && Number.isFinite(document['engagedAtMs']) ? document['engagedAtMs'] : fallback.engagedAtMs;
  return {
    engaged: true,
    ...(engagedAtMs === undefined ? {} : { engagedAtMs }),
    ...(typeof document['reason'] === 'string' ? { reason: document['reason'].slice(0, limits.killReasonCharsMax) } : {}),
    ...(typeof document['actor'] === 'string' ? { actor: document['actor'].slice(0, limits.killReasonCharsMax) } : {}),
  };
}

/**
 * Refuses new work while the switch is engaged.
 * @param paths - the home's paths
 * @throws {NoctemError} KILL_SWITCH_ENGAGED when the sentinel exists
 * @throws {NoctemError} HOME_PATH_INVALID when the sentinel's path cannot be examined
 */
export function assertNotKilled(paths: KillSwitchPaths): void {
  const state = readKillSwitch(paths);
  if (!state.engaged) return;
  const since = state.engagedAtMs === undefined ? '' : ` since ${new Date(state.engagedAtMs).toISOString()}`;
  throw new NoctemError('KILL_SWITCH_ENGAGED', `The kill switch is engaged${since}${state.reason ? ` (${state.reason})` : ''}`, {
    details: { ...state },
  });
}

/**
 * Watches for the sentinel: the returned signal aborts within `pollMs` of it appearing (at
 * once when it exists already). The poll timer and the fs.watch handle never keep the
 * process alive; call `stop()` when the work ends.
 * @param paths - the home's paths
 * @param options - the poll interval
 */
export function watchKillSwitch(paths: KillSwitchPaths, options: WatchKillSwitchOptions = {}): KillSwitchWatch {
  const pollMs = options.pollMs ?? limits.killSwitchPollMs;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer);
    watcher?.close();
    timer = undefined;
    watcher = undefined;
  };
  const check = (): void => {
    if (controller.signal.aborted || !present(paths.killSwitch)) return;
    stop();
    controller.abort(killedError(readKillSwitch(paths)));
  };
  check();
  if (controller.signal.aborted) return { signal: controller.signal, stop };
  timer = setInterval(check, pollMs);
  timer.unref();
  if (options.fsWatch !== false) watcher = tryWatch(paths.killSwitch, check);
  return { signal: controller.signal, stop };
}

function killedError(state: KillSwitchState): NoctemError {
  return new NoctemError('SKILL_KILLED', `Stopped by the kill switch${state.reason ? ` (${state.reason})` : ''}`, {
    details: { ...state },
  });
}

function present(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    // ENOENT is the normal case; any other failure to stat is retried at the next poll.
    return false;
  }
}

/** fs.watch on the sentinel's folder, or undefined where the filesystem does not support it. */
function tryWatch(path: string, onChange: () => void): FSWatcher | undefined {
  const name = basename(path);
  try {
    const watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file === null || file === name) onChange();
    });
    // A watch that fails later (folder removed, inotify limit) leaves the poll in charge.
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    // Not supported here (some network and FUSE filesystems): the poll alone watches.
    return undefined;
  }
}

function readHead(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    // Removed (revived) between the stat and the open, or unreadable: it still counted as engaged.
    return '';
  }
  try {
    const buffer = Buffer.alloc(limits.killSwitchFileBytesMax);
    const bytes = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytes).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function parseDocument(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // Empty, cut at the byte limit, or not JSON: a hand-made sentinel, engaged all the same.
    return undefined;
  }
}
