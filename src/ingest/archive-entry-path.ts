/**
 * Zip-slip defence for archive member names. Nothing is ever written to disk (members are
 * read into memory), but a name like `../../.ssh/key` or `/etc/passwd` marks a hostile
 * archive, and such names must never reach a virtual path. Pure.
 */

/** The verdict on one member name. */
export type EntryPathCheck =
  | { readonly safe: true; readonly path: string; readonly directory: boolean }
  | { readonly safe: false; readonly reason: string };

/**
 * Checks and normalises an archive member name: backslashes become slashes, `.` and empty
 * segments are dropped. Absolute paths (`/x`, `C:/x`, `\\server\x`), `..` segments and
 * NUL or other control characters are refused.
 * @param name - the name as stored in the archive
 * @returns the normalised relative path, or why the name is unsafe
 */
export function checkEntryPath(name: string): EntryPathCheck {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u001f]/.test(name)) return { safe: false, reason: `the name ${JSON.stringify(name)} holds control characters` };
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { safe: false, reason: `the name ${JSON.stringify(name)} is an absolute path` };
  if (/^[a-zA-Z]:/.test(slashed)) return { safe: false, reason: `the name ${JSON.stringify(name)} is an absolute Windows path` };
  const segments = slashed.split('/');
  if (segments.includes('..')) return { safe: false, reason: `the name ${JSON.stringify(name)} climbs out with ".."` };
  const kept = segments.filter((segment) => segment !== '' && segment !== '.');
  // "./" names the archive's own root folder, which tar writes first when run on ".".
  if (kept.length === 0 && (slashed.endsWith('/') || slashed === '.')) return { safe: true, path: '', directory: true };
  if (kept.length === 0) return { safe: false, reason: `the name ${JSON.stringify(name)} is empty` };
  return { safe: true, path: kept.join('/'), directory: slashed.endsWith('/') };
}
