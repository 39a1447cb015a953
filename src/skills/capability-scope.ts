/**
 * Scope checks for capability requests (pure): a `net.fetch` URL against the granted host
 * allowlist, an `fs.*` path against the granted path scopes, a secret name against the
 * granted names. These are the first gate; the file adapter repeats the path check on the
 * file it actually opened (fs-skill-files.ts), which is what defeats symlink and
 * time-of-check races.
 */
import { NoctemError, limits } from '../core/index.ts';

/**
 * Parses a URL a skill asks to fetch and checks its host against the allowlist: an entry
 * `example.org` matches that host only; `*.example.org` matches its subdomains (not the
 * bare domain). Only http and https, no credentials in the URL, default or explicit port.
 * @param url - untrusted text from the skill
 * @param hosts - the granted hosts (lowercase)
 * @returns the parsed URL
 * @throws {NoctemError} SKILL_CAPABILITY_DENIED for a bad URL or a host outside the allowlist
 */
export function checkFetchUrl(url: unknown, hosts: readonly string[]): URL {
  if (typeof url !== 'string' || url.length === 0 || url.length > limits.skillScopeEntryCharsMax * 8) {
    throw denied('net.fetch needs a URL string');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw denied('net.fetch was given something that is not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw denied(`net.fetch allows http and https only, not ${parsed.protocol}`);
  if (parsed.username !== '' || parsed.password !== '') throw denied('net.fetch refuses URLs with credentials');
  const host = parsed.hostname.toLowerCase();
  if (!hosts.some((entry) => hostMatches(host, entry.toLowerCase()))) {
    throw denied(`net.fetch to "${host}" is outside the granted hosts`, { host });
  }
  return parsed;
}

/** Whether `host` matches one allowlist entry. */
export function hostMatches(host: string, entry: string): boolean {
  if (entry.startsWith('*.')) return host.endsWith(entry.slice(1)) && host.length > entry.length - 1;
  return host === entry;
}

/**
 * Resolves a path a skill names: a relative path lives in the skill's own sandbox folder,
 * an absolute one must lie inside a granted scope. Lexical only (`.`/`..` folded, no
 * symlinks followed); the adapter checks the opened file again.
 * @param path - untrusted text from the skill
 * @param options - the skill's sandbox folder and granted absolute scopes
 * @returns the absolute path and whether it is inside the sandbox folder
 * @throws {NoctemError} SKILL_CAPABILITY_DENIED for a bad path or one outside every scope
 */
export function resolveSkillPath(path: unknown, options: { readonly sandboxDir: string; readonly scopes: readonly string[] }): { path: string; inSandbox: boolean; root: string } {
  if (typeof path !== 'string' || path.length === 0 || path.length > limits.skillPathCharsMax) throw denied('fs needs a path string');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(path)) throw denied('fs paths may not hold control characters');
  if (!path.startsWith('/')) {
    const inside = normalizeAbsolute(`${options.sandboxDir}/${path}`);
    if (!isWithin(inside, options.sandboxDir)) throw denied(`fs path "${path}" climbs out of the skill's sandbox folder`);
    return { path: inside, inSandbox: true, root: options.sandboxDir };
  }
  const absolute = normalizeAbsolute(path);
  const root = options.scopes.map(normalizeAbsolute).find((scope) => isWithin(absolute, scope));
  if (root === undefined) throw denied(`fs path "${absolute}" is outside the granted scopes`, { path: absolute });
  return { path: absolute, inSandbox: false, root };
}

/**
 * Checks a secret name against the granted names.
 * @throws {NoctemError} SKILL_CAPABILITY_DENIED when it is not granted
 */
export function checkSecretName(name: unknown, names: readonly string[]): string {
  if (typeof name !== 'string' || !names.includes(name)) throw denied(`secrets.get("${String(name).slice(0, 64)}") is not a granted secret`);
  return name;
}

/** Whether absolute path `path` is `root` or below it (on whole segments). */
export function isWithin(path: string, root: string): boolean {
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  return path === base || path.startsWith(`${base}/`) || base === '';
}

/** Folds `.`, `..` and repeated `/` of an absolute POSIX path (never above `/`). */
export function normalizeAbsolute(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

function denied(message: string, details: Record<string, unknown> = {}): NoctemError {
  return new NoctemError('SKILL_CAPABILITY_DENIED', message, { details });
}
