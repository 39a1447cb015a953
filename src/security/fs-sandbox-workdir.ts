/**
 * The work folder of one process-tier run: the package's verified bytes written out under
 * `pkg/` (files 0o444, folders 0o555: readable by the sandbox's unprivileged user, writable
 * by no one but root) and the runner under `runtime/`. Paths were validated when the package
 * was read; they are checked again here and anything that would land outside `pkg/` is
 * refused. Files are created with O_EXCL, so a link planted in the folder is never followed.
 */
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { assert, NoctemError } from '../core/index.ts';

/** Where a run's files went. */
export interface SandboxWorkDir {
  /** The package folder, bound read-only at /skill. */
  readonly packageDir: string;
  /** The folder holding `sandbox-runner.cjs`, bound read-only at /noctem. */
  readonly runtimeDir: string;
  /** SHA-256 (hex) of every package file by package path. */
  readonly digests: Readonly<Record<string, string>>;
  /** Every folder made read-only, deepest first (for {@link releaseSandboxWorkDir}). */
  readonly folders: readonly string[];
}

/** The runner's file name inside `runtimeDir`. */
export const sandboxRunnerFile = 'sandbox-runner.cjs';

/**
 * Reads `sandbox-runner.cjs` from beside this file (once per sandbox, not per run).
 * @returns the runner's source
 */
export async function readSandboxRunner(): Promise<string> {
  return readFile(new URL(`./${sandboxRunnerFile}`, import.meta.url), 'utf8');
}

/**
 * Writes the package and the runner into `workDir`.
 * @param workDir - the run's fresh private folder (its `pkg/` and `runtime/` must not exist)
 * @param files - the package's verified files by package path
 * @param runnerSource - from {@link readSandboxRunner}
 * @throws {NoctemError} SKILL_PACKAGE_INVALID when a path is absolute, climbs out or is not normal
 */
export async function prepareSandboxWorkDir(
  workDir: string, files: ReadonlyMap<string, Uint8Array>, runnerSource: string,
): Promise<SandboxWorkDir> {
  const packageDir = join(workDir, 'pkg');
  const runtimeDir = join(workDir, 'runtime');
  const folders = new Set<string>([packageDir]);
  const digests: Record<string, string> = {};
  for (const path of files.keys()) {
    checkPackagePath(path);
    for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) folders.add(join(packageDir, dir));
  }
  for (const path of files.keys()) {
    if (folders.has(join(packageDir, path))) {
      throw new NoctemError('SKILL_PACKAGE_INVALID', `Cannot write the skill file "${path.slice(0, 200)}": it is also a folder`);
    }
  }
  // Parents before children; `recursive` is off for pkg/ so a reused work folder is caught.
  const ordered = [...folders].sort((a, b) => a.length - b.length);
  await mkdir(packageDir, { mode: 0o755 }).catch((cause: unknown) => {
    assert((cause as NodeJS.ErrnoException).code !== 'EEXIST', `sandbox work folder ${workDir} was used before`);
    throw cause;
  });
  for (const folder of ordered.slice(1)) await mkdir(folder, { mode: 0o755 });
  for (const [path, bytes] of files) {
    await writeFile(join(packageDir, path), bytes, { flag: 'wx', mode: 0o444 });
    await chmod(join(packageDir, path), 0o444);
    digests[path] = createHash('sha256').update(bytes).digest('hex');
  }
  await mkdir(runtimeDir, { mode: 0o755 });
  await writeFile(join(runtimeDir, sandboxRunnerFile), runnerSource, { flag: 'wx', mode: 0o444 });
  await chmod(join(runtimeDir, sandboxRunnerFile), 0o444);
  const deepestFirst = [...ordered.reverse(), runtimeDir];
  for (const folder of deepestFirst) await chmod(folder, 0o555);
  return { packageDir, runtimeDir, digests, folders: deepestFirst };
}

/**
 * Makes the folders writable again so that the caller, perhaps not root, can remove them.
 * @param prepared - from {@link prepareSandboxWorkDir}
 */
export async function releaseSandboxWorkDir(prepared: SandboxWorkDir): Promise<void> {
  for (const folder of [...prepared.folders].reverse()) {
    // A folder already gone (the caller removed it early) needs nothing.
    await chmod(folder, 0o755).catch(() => undefined);
  }
}

/**
 * Checks a package path: relative, normalized, no `.`/`..` segment, no NUL or backslash.
 * @throws {NoctemError} SKILL_PACKAGE_INVALID when it is not
 */
export function checkPackagePath(path: string): void {
  const ok = path.length > 0 && !path.startsWith('/') && !/[\0\\]/.test(path) && posix.normalize(path) === path
    && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
  if (!ok) {
    throw new NoctemError('SKILL_PACKAGE_INVALID', `Cannot write the skill file "${path.slice(0, 200)}": the path leaves the package or is not normal`);
  }
}

/** How a top-level folder of the host's root appears: a link (merged /usr) or a real folder. */
export type HostRootEntry = { readonly name: string; readonly kind: 'symlink'; readonly target: string } | { readonly name: string; readonly kind: 'dir' };

/**
 * Reads how `/bin`, `/lib`, `/lib64` and `/sbin` exist on this machine, so that a sandbox
 * can show node the same layout (links into /usr on merged-/usr systems). Missing ones are left out.
 * @returns one entry per folder present
 */
export async function readHostRootLayout(): Promise<HostRootEntry[]> {
  const entries: HostRootEntry[] = [];
  for (const name of ['bin', 'lib', 'lib64', 'sbin']) {
    try {
      const stats = await lstat(`/${name}`);
      if (stats.isSymbolicLink()) entries.push({ name, kind: 'symlink', target: await readlink(`/${name}`) });
      else if (stats.isDirectory()) entries.push({ name, kind: 'dir' });
    } catch {
      // Absent on this machine (no /lib64 on some architectures): nothing to show.
    }
  }
  return entries;
}

/** Where {@link prepareRunscBundle} put a run's OCI bundle. */
export interface RunscBundle {
  /** The bundle folder (config.json and an empty rootfs/). */
  readonly bundleDir: string;
  /** runsc's private state folder (`--root`) for this run alone. */
  readonly stateDir: string;
}

/**
 * Writes an OCI bundle for runsc: `config.json`, and `rootfs/` holding nothing but the links
 * named in `links` (the sandbox's mounts supply everything else, read-only).
 * @param workDir - the run's folder, already holding pkg/ and runtime/
 * @param config - the OCI runtime configuration
 * @param links - links to create in rootfs (`bin` -> `usr/bin` on merged-/usr machines)
 */
export async function prepareRunscBundle(
  workDir: string, config: unknown, links: readonly { readonly name: string; readonly target: string }[],
): Promise<RunscBundle> {
  const bundleDir = join(workDir, 'bundle');
  const stateDir = join(workDir, 'runsc-state');
  await mkdir(join(bundleDir, 'rootfs'), { recursive: true, mode: 0o755 });
  for (const link of links) await symlink(link.target, join(bundleDir, 'rootfs', link.name));
  await writeFile(join(bundleDir, 'config.json'), JSON.stringify(config), { flag: 'wx', mode: 0o600 });
  await mkdir(stateDir, { mode: 0o700 });
  return { bundleDir, stateDir };
}
