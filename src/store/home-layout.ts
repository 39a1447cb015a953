/**
 * The home folder's layout (DESIGN "The home"). Every path stored inside a home is
 * relative to its root, so the folder can move to another directory or machine.
 */
import { isAbsolute, join, normalize, sep } from 'node:path';
import { NoctemError } from '../core/index.ts';

/** Relative paths of a home's parts. */
export const homeLayout = Object.freeze({
  config: 'noctem.json',
  identity: 'identity',
  keys: 'identity/keys.json',
  store: 'store',
  checkpoints: 'checkpoints',
  exports: 'exports',
  skills: 'skills',
  sandbox: 'sandbox',
  cache: 'cache',
  initLock: '.init.lock',
  /** The kill switch's sentinel (a JSON document; any file there, even empty, engages it). */
  killSwitch: 'KILL',
});

/** The folders `init` creates, relative to the root. */
export const homeFolders = [
  homeLayout.identity,
  homeLayout.store,
  homeLayout.checkpoints,
  homeLayout.exports,
  homeLayout.skills,
  homeLayout.sandbox,
  homeLayout.cache,
] as const;

/** Absolute paths of one home's parts. */
export type HomePaths = { readonly root: string } & { readonly [K in keyof typeof homeLayout]: string };

/**
 * Absolute paths of the home rooted at `root` (itself absolute).
 * @param root - absolute path of the home folder
 */
export function homePaths(root: string): HomePaths {
  const entries = Object.entries(homeLayout).map(([key, rel]) => [key, join(root, rel)]);
  return Object.freeze({ root, ...Object.fromEntries(entries) }) as HomePaths;
}

/**
 * Resolves a path stored in the home (always relative) against the root, refusing
 * absolute paths and paths that climb out of the home.
 * @throws {NoctemError} HOME_CONFIG_INVALID when `relative` escapes the home
 */
export function resolveInHome(root: string, relative: string): string {
  const cleaned = normalize(relative);
  if (isAbsolute(cleaned) || cleaned === '..' || cleaned.startsWith(`..${sep}`)) {
    throw new NoctemError('HOME_CONFIG_INVALID', `The home path "${relative}" is not inside the home`);
  }
  return join(root, cleaned);
}

/** Options for {@link resolveHomeRoot}. */
export interface ResolveHomeOptions {
  /** The --home flag. @default undefined */
  readonly flag?: string | undefined;
  /** NOCTEM_HOME. @default undefined */
  readonly envHome?: string | undefined;
  /** The user's home directory. */
  readonly userHome: string;
  /** The working directory for relative flags. */
  readonly cwd: string;
}

/** The home root: `--home DIR`, else `NOCTEM_HOME`, else `~/.noctem`; made absolute. */
export function resolveHomeRoot(options: ResolveHomeOptions): string {
  const chosen = options.flag ?? options.envHome ?? join(options.userHome, '.noctem');
  if (chosen.trim() === '') throw new NoctemError('HOME_PATH_INVALID', 'The home path is empty');
  return isAbsolute(chosen) ? normalize(chosen) : join(options.cwd, chosen);
}
