/**
 * Paths inside a skill package: relative, `/`-separated, never escaping the package. Both
 * the manifest's entry and every listed file use this form, so a package unpacks the same
 * way on every system and a path cannot name a file outside it. Pure.
 */
import { limits } from '../core/index.ts';

/**
 * Why `path` is not a package path, or undefined when it is one.
 * @param path - a candidate such as `src/main.js`
 * @returns a short reason (for error messages) or undefined
 */
export function skillPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.length > limits.skillPathCharsMax) return `is longer than ${limits.skillPathCharsMax} characters`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  if (path.includes('\\')) return 'uses "\\" (use "/")';
  // Control characters (NUL included) make paths that print and compare differently.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'holds a control character';
  const segments = path.split('/');
  if (segments.includes('..')) return 'holds ".."';
  if (segments.some((segment) => segment === '' || segment === '.')) return 'has an empty or "." segment';
  return undefined;
}
