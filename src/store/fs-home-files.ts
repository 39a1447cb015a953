/**
 * File-system adapter for the home folder: creating its layout, reading and atomically
 * writing `noctem.json`, and the init lock that stops two `init`s racing.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { NoctemError, limits } from '../core/index.ts';
import { parseHomeConfig, type HomeConfig } from './home-config.ts';
import { homeFolders, type HomePaths } from './home-layout.ts';

/**
 * Writes `data` to `path` atomically and durably: a temp file beside it, fsync, then
 * rename (or, with `exclusive`, a hard link that fails if `path` exists).
 * @param mode - the new file's permission bits (private by default; a skill package's files are shared)
 * @throws {NoctemError} FILE_EXISTS when `exclusive` and the file exists
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, exclusive = false, mode = 0o600): Promise<void> {
  const temp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    if (exclusive) {
      await link(temp, path).catch((cause: NodeJS.ErrnoException) => {
        if (cause.code === 'EEXIST') throw new NoctemError('FILE_EXISTS', `"${path}" already exists`, { cause });
        throw cause;
      });
    } else {
      await rename(temp, path);
    }
  } finally {
    await unlink(temp).catch(() => undefined); // Already renamed or linked: nothing to remove.
  }
}

/**
 * Reads and validates the home's config.
 * @throws {NoctemError} HOME_NOT_FOUND when there is no noctem.json
 * @throws {NoctemError} HOME_CONFIG_INVALID when it is unreadable or too large
 */
export async function readHomeConfig(paths: HomePaths): Promise<HomeConfig> {
  let size: number;
  try {
    size = (await stat(paths.config)).size;
  } catch (cause) {
    throw new NoctemError('HOME_NOT_FOUND', `No Noctem home at "${paths.root}"`, { cause, details: { home: paths.root } });
  }
  if (size > limits.configSizeBytesMax) {
    throw new NoctemError('HOME_CONFIG_INVALID', `"${paths.config}" is ${size} bytes, more than ${limits.configSizeBytesMax}`);
  }
  return parseHomeConfig(await readFile(paths.config, 'utf8'), paths.config);
}

/** Writes the config atomically; `exclusive` refuses to replace an existing one. */
export async function writeHomeConfig(paths: HomePaths, config: HomeConfig, exclusive = false): Promise<void> {
  await writeFileAtomic(paths.config, `${JSON.stringify(config, null, 2)}\n`, exclusive);
}

/**
 * Takes the init lock and creates the layout folders. Refuses a folder that already holds
 * a home, and a concurrent `init` of the same folder. A stale lock means an earlier init
 * crashed before writing noctem.json (its commit point): what it left in store/ and
 * identity/ is removed before starting again. Without such a lock, leftovers are refused
 * rather than deleted, since they may be a home whose config was lost.
 * @returns a release function that removes the lock
 * @throws {NoctemError} HOME_EXISTS when the folder has a home, leftovers, or an init is running
 */
export async function prepareHomeFolders(paths: HomePaths): Promise<() => Promise<void>> {
  await refuseExistingHome(paths);
  try {
    await mkdir(paths.root, { recursive: true });
  } catch (cause) {
    throw new NoctemError('HOME_PATH_INVALID', `Cannot create "${paths.root}"`, { cause });
  }
  const crashedInit = await takeLock(paths.initLock, paths.root);
  try {
    await refuseExistingHome(paths);
    if (crashedInit) {
      await discardPartialHome(paths);
    } else if (await exists(join(paths.store, 'data.mdb'))) {
      throw new NoctemError('HOME_EXISTS', `"${paths.root}" holds a store but no noctem.json`, {
        hint: 'Restore noctem.json from a backup, or choose another folder.',
      });
    }
    for (const folder of homeFolders) await mkdir(join(paths.root, folder), { recursive: true, mode: 0o700 });
  } catch (error) {
    await rm(paths.initLock, { force: true });
    throw error;
  }
  return () => rm(paths.initLock, { force: true });
}

/**
 * Removes what a failed init wrote (the store and the keyring) while it still holds the
 * init lock, so the folder can be initialized again.
 */
export async function discardPartialHome(paths: HomePaths): Promise<void> {
  await rm(paths.store, { recursive: true, force: true });
  await rm(paths.keys, { force: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function refuseExistingHome(paths: HomePaths): Promise<void> {
  if (await exists(paths.config)) {
    throw new NoctemError('HOME_EXISTS', `A Noctem home already exists at "${paths.root}"`, {
      details: { home: paths.root },
    });
  }
}

/** Takes the lock; returns true when it replaced a stale lock of a crashed init. */
async function takeLock(lockPath: string, root: string): Promise<boolean> {
  let stale = false;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return stale;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
      if (!(await lockIsStale(lockPath))) break;
      stale = true;
      await rm(lockPath, { force: true });
    }
  }
  throw new NoctemError('HOME_EXISTS', `Another "noctem init" is creating a home at "${root}"`, {
    hint: 'Wait for it to finish, then use that home.',
  });
}

async function lockIsStale(lockPath: string): Promise<boolean> {
  const pid = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true; // ESRCH: the process that held the lock is gone.
  }
}
