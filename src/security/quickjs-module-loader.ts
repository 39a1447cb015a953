/**
 * Module resolution for skills run in QuickJS: a skill may import only the files of its own
 * package, by relative specifier (`./lib.js`, `../util/x.js`). Bare names (`fs`, `node:fs`),
 * absolute paths, URLs and paths that climb out of the package are refused, so the loader
 * never touches anything but the verified bytes in `files`.
 */
import { posix } from 'node:path';

/** The outcome of resolving or loading a module: the text, or why not. */
export type ModuleLookup = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string };

/**
 * Resolves `requested`, imported by the package file `importer`, to a package path.
 * @param importer - the importing module's package path (`main.js`, `util/x.js`)
 * @param requested - the specifier as written in the import
 * @returns the normalized package path (no leading `./`), or the reason it is refused
 */
export function resolveSkillModule(importer: string, requested: string): ModuleLookup {
  if (!requested.startsWith('./') && !requested.startsWith('../')) {
    return { ok: false, reason: `Cannot import "${clip(requested)}": a skill imports only its own files, by a relative path` };
  }
  const path = posix.normalize(posix.join(posix.dirname(importer), requested));
  if (path === '..' || path.startsWith('../') || posix.isAbsolute(path)) {
    return { ok: false, reason: `Cannot import "${clip(requested)}": it is outside the skill package` };
  }
  return { ok: true, value: path };
}

/**
 * Reads the source of package file `path` as UTF-8 text.
 * @param files - the package's verified files
 * @param path - a package path from {@link resolveSkillModule}
 * @returns the source, or the reason it cannot be loaded
 */
export function loadSkillModule(files: ReadonlyMap<string, Uint8Array>, path: string): ModuleLookup {
  const bytes = files.get(path);
  if (bytes === undefined) return { ok: false, reason: `Cannot import "${clip(path)}": the skill package has no such file` };
  return { ok: true, value: new TextDecoder().decode(bytes) };
}

/** Keeps an untrusted specifier short in messages. */
function clip(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 200)}…`;
}
