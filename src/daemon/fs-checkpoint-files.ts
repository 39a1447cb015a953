/**
 * File-system adapter of checkpoints and restores: durable exclusive file writes (temp file,
 * fsync, hard link that refuses an existing name, fsync of the folder), bounded reads of
 * checkpoint files, the temp folder a restore builds its home in, and the atomic rename that
 * publishes it.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { link, lstat, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NoctemError, limits } from '../core/index.ts';

/**
 * Writes `bytes` to `path` durably, refusing to replace an existing file: a temp file beside it
 * is written and fsynced, hard-linked to `path` (which fails if `path` exists), removed, and the
 * folder is fsynced so the new name survives a crash.
 * @throws {NoctemError} FILE_EXISTS when `path` exists
 * @throws {NoctemError} FILE_NOT_FOUND when its folder does not exist
 */
export async function writeNewFileDurably(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'w', 0o600);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new NoctemError('FILE_NOT_FOUND', `Cannot write "${path}": its folder does not exist`, { cause });
    throw cause;
  }
  try {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    await link(temp, path).catch((cause: NodeJS.ErrnoException) => {
      if (cause.code === 'EEXIST') throw new NoctemError('FILE_EXISTS', `"${path}" already exists`, { cause, details: { file: path } });
      throw cause;
    });
  } finally {
    await unlink(temp).catch(() => undefined); // Linked or not, the temp name must go; a missing one is fine.
  }
  await fsyncFolder(dirname(path));
}

/**
 * Reads a whole checkpoint file.
 * @throws {NoctemError} FILE_NOT_FOUND when it does not exist or is not a file
 * @throws {NoctemError} NIK_TOO_LARGE when it is larger than limits.nikFileBytesMax
 */
export async function readCheckpointFile(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new NoctemError('FILE_NOT_FOUND', `"${path}" is not a file`, { details: { file: path } });
    size = info.size;
  } catch (cause) {
    if (cause instanceof NoctemError) throw cause;
    throw new NoctemError('FILE_NOT_FOUND', `Cannot read "${path}": it does not exist`, { cause, details: { file: path } });
  }
  if (size > limits.nikFileBytesMax) {
    throw new NoctemError('NIK_TOO_LARGE', `"${path}" is ${size} bytes, more than the ${limits.nikFileBytesMax} a .nik file may have`, { details: { file: path } });
  }
  return new Uint8Array(await readFile(path));
}

/** True when something (a file, folder or link) exists at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}

/**
 * The temp folder a restore of `target` builds its home in, a hidden sibling named for this
 * process. Leftovers of earlier restores of the same target whose process is gone (a crash or
 * SIGKILL) are removed first.
 * @param target - the absolute path of the home to create
 * @returns the temp folder's path (not yet created)
 */
export async function restoreTempFolder(target: string): Promise<string> {
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const prefix = `.${basename(target)}.restore-`;
  const entries = await readdir(parent);
  for (const name of entries.slice(0, limits.restoreLeftoverEntriesMax)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) continue;
    await rm(join(parent, name), { recursive: true, force: true });
  }
  return join(parent, `${prefix}${process.pid}`);
}

/**
 * Publishes a finished home: renames `temp` to `target` and fsyncs their folder. rename(2) is
 * atomic, so `target` is either absent or the whole home.
 * @throws {NoctemError} HOME_EXISTS when `target` appeared meanwhile
 */
export async function publishFolder(temp: string, target: string): Promise<void> {
  if (await pathExists(target)) throw new NoctemError('HOME_EXISTS', `"${target}" already exists`, { details: { home: target } });
  try {
    await rename(temp, target);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new NoctemError('HOME_EXISTS', `"${target}" already exists`, { cause, details: { home: target } });
    throw cause;
  }
  await fsyncFolder(dirname(target));
}

/** Removes a temp folder (after a failed restore). */
export async function removeFolder(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

async function fsyncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
