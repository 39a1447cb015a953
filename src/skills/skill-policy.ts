/**
 * The skills policy file, `<home>/policy.json` (issue 7 "Capabilities and approvals"): rules
 * by which the person pre-approves, by scope, capability requests that would otherwise wait
 * for them. Only `net.fetch` (hosts), `fs.write` (absolute folders) and `secrets.get` (names)
 * can be pre-approved; `self.modify` never can, and a file that tries is refused whole. A
 * pre-approval is still a decision: the caller records it in the approval queue, decided by
 * `policy`, so it is audited and never silent. Pure: fs-skill-policy.ts reads the file.
 *
 * ```json
 * { "version": 1, "preapprove": [
 *   { "skill": "fetcher", "capability": "net.fetch", "scope": ["example.org", "*.wikipedia.org"], "note": "optional" } ] }
 * ```
 */
import { NoctemError, limits } from '../core/index.ts';

/** The policy file's name in the home folder. */
export const skillPolicyFileName = 'policy.json';

/** The policy format version this build reads. */
export const skillPolicyVersion = 1;

/** The capabilities a policy rule may pre-approve. */
export const preapprovableCapabilities = ['net.fetch', 'fs.write', 'secrets.get'] as const;

/** A capability a policy rule may pre-approve. */
export type PreapprovableCapability = (typeof preapprovableCapabilities)[number];

/** One pre-approval rule, its scope normalized. */
export interface SkillPolicyRule {
  /** A skill name, or `*` for every skill. */
  readonly skill: string;
  readonly capability: PreapprovableCapability;
  /**
   * `net.fetch`: lowercase hosts, exact or `*.suffix` (subdomains only); `fs.write`: absolute
   * folders without `.`/`..` or a trailing `/` (a folder covers everything below it);
   * `secrets.get`: exact names. At least one entry.
   */
  readonly scope: readonly string[];
  /** The person's own note. */
  readonly note?: string;
}

/** A validated policy. */
export interface SkillPolicy {
  readonly version: typeof skillPolicyVersion;
  readonly preapprove: readonly SkillPolicyRule[];
}

/** The policy of a home without `policy.json`: nothing is pre-approved. */
export const emptySkillPolicy: SkillPolicy = Object.freeze({ version: skillPolicyVersion, preapprove: Object.freeze([]) });

/** A request to look up in the policy. */
export interface PreapprovalQuery {
  /** The skill's name. */
  readonly skill: string;
  readonly capability: string;
  /** The request's concrete scope: a host, a normalized absolute path, or a secret name. */
  readonly scope: string;
}

/** A matching rule and its position in `preapprove` (0-based). */
export interface Preapproval {
  readonly index: number;
  readonly rule: SkillPolicyRule;
}

const topFields = new Set(['version', 'preapprove']);
const ruleFields = new Set(['skill', 'capability', 'scope', 'note']);
const skillNamePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const hostLabel = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const hostPattern = new RegExp(`^${hostLabel}(?:\\.${hostLabel})*$`);
const secretNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** The longest DNS name, in characters (RFC 1035, without the root's dot). */
const hostCharsMax = 253;

/**
 * Parses the text of `policy.json`.
 * @param text - the file's text, at most `limits.policyBytesMax` UTF-8 bytes
 * @throws {NoctemError} POLICY_INVALID naming the field (`details.field`)
 */
export function parseSkillPolicy(text: string): SkillPolicy {
  if (new TextEncoder().encode(text).length > limits.policyBytesMax) throw invalid('$', `is larger than ${limits.policyBytesMax} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new NoctemError('POLICY_INVALID', `${skillPolicyFileName} is not valid JSON`, { details: { field: '$' }, cause: error });
  }
  return validateSkillPolicy(value);
}

/**
 * Validates an already-parsed policy value.
 * @param value - untrusted JSON
 * @returns a frozen copy with normalized scopes
 * @throws {NoctemError} POLICY_INVALID naming the field (`details.field`)
 */
export function validateSkillPolicy(value: unknown): SkillPolicy {
  if (!isObject(value)) throw invalid('$', 'must be a JSON object');
  const extra = Object.keys(value).find((key) => !topFields.has(key));
  if (extra !== undefined) throw invalid(extra, 'is not a policy field');
  if (value['version'] !== skillPolicyVersion) throw invalid('version', `must be ${skillPolicyVersion}`);
  const rules = value['preapprove'] ?? [];
  if (!Array.isArray(rules)) throw invalid('preapprove', 'must be an array');
  if (rules.length > limits.policyRulesMax) throw invalid('preapprove', `holds more than ${limits.policyRulesMax} rules`);
  const preapprove = rules.map((rule: unknown, index) => readRule(rule, `preapprove[${index}]`));
  return Object.freeze({ version: skillPolicyVersion, preapprove: Object.freeze(preapprove) });
}

/**
 * The first rule that pre-approves `query`, or undefined (the request then goes to the
 * person). A scope that is not in normal form (a host with a port, a path with `..`) never
 * matches.
 * @param policy - a validated policy
 * @param query - the skill, capability and concrete scope of one request
 */
export function preapproval(policy: SkillPolicy, query: PreapprovalQuery): Preapproval | undefined {
  const index = policy.preapprove.findIndex(
    (rule) => (rule.skill === '*' || rule.skill === query.skill) && rule.capability === query.capability && rule.scope.some((entry) => scopeMatches(rule.capability, entry, query.scope)),
  );
  const rule = policy.preapprove[index];
  return rule === undefined ? undefined : { index, rule };
}

function readRule(value: unknown, field: string): SkillPolicyRule {
  if (!isObject(value)) throw invalid(field, 'must be an object');
  const extra = Object.keys(value).find((key) => !ruleFields.has(key));
  if (extra !== undefined) throw invalid(`${field}.${extra}`, 'is not a rule field');
  const skill = value['skill'];
  if (typeof skill !== 'string' || (skill !== '*' && (skill.length > limits.skillNameCharsMax || !skillNamePattern.test(skill)))) {
    throw invalid(`${field}.skill`, 'must be a skill name (a lowercase slug) or "*"');
  }
  const capability = value['capability'];
  if (capability === 'self.modify') throw invalid(`${field}.capability`, 'cannot be "self.modify": self-modification is never pre-approved');
  if (!(preapprovableCapabilities as readonly unknown[]).includes(capability)) {
    throw invalid(`${field}.capability`, `must be one of ${preapprovableCapabilities.join(', ')}`);
  }
  const scope = readScope(value['scope'], capability as PreapprovableCapability, `${field}.scope`);
  const note = value['note'];
  if (note !== undefined && (typeof note !== 'string' || note.length > limits.policyNoteCharsMax)) {
    throw invalid(`${field}.note`, `must be a string of at most ${limits.policyNoteCharsMax} characters`);
  }
  const rule = { skill, capability: capability as PreapprovableCapability, scope, ...(note === undefined ? {} : { note }) };
  return Object.freeze(rule);
}

function readScope(value: unknown, capability: PreapprovableCapability, field: string): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(field, 'must be a non-empty array of strings');
  if (value.length > limits.skillScopeEntriesMax) throw invalid(field, `holds more than ${limits.skillScopeEntriesMax} entries`);
  const scope = value.map((entry: unknown, index) => {
    const where = `${field}[${index}]`;
    if (typeof entry !== 'string' || entry.length === 0 || entry.length > limits.skillScopeEntryCharsMax) {
      throw invalid(where, `must be a non-empty string of at most ${limits.skillScopeEntryCharsMax} characters`);
    }
    const normal = normalizeScopeEntry(capability, entry);
    if (typeof normal !== 'string') throw invalid(where, normal.problem);
    return normal;
  });
  return Object.freeze(scope);
}

/** A rule's scope entry in normal form, or why it has none. */
function normalizeScopeEntry(capability: PreapprovableCapability, entry: string): string | { problem: string } {
  if (capability === 'net.fetch') {
    const host = entry.toLowerCase();
    const bare = host.startsWith('*.') ? host.slice(2) : host;
    if (bare.length > hostCharsMax || !hostPattern.test(bare)) return { problem: 'must be a host name ("example.org") or "*." and a domain, without scheme, port or path' };
    if (host.startsWith('*.') && !bare.includes('.')) return { problem: 'must name a domain of at least two labels after "*." ("*.example.org", not "*.org")' };
    return host;
  }
  if (capability === 'fs.write') {
    const segments = pathSegments(entry);
    if (segments === undefined) return { problem: 'must be an absolute path without "..", "." or control characters' };
    if (segments.length === 0) return { problem: 'must be a folder below "/": pre-approving writes to the whole file system is refused' };
    return `/${segments.join('/')}`;
  }
  return secretNamePattern.test(entry) ? entry : { problem: 'must be a secret name (letters, digits, "_", ".", "-")' };
}

function scopeMatches(capability: PreapprovableCapability, entry: string, scope: string): boolean {
  if (capability === 'net.fetch') {
    if (scope.length > hostCharsMax || !hostPattern.test(scope)) return false;
    return entry.startsWith('*.') ? scope.endsWith(entry.slice(1)) : scope === entry;
  }
  if (capability === 'fs.write') {
    const wanted = pathSegments(scope);
    const folder = entry.slice(1).split('/');
    return wanted !== undefined && wanted.length >= folder.length && folder.every((segment, i) => wanted[i] === segment);
  }
  return scope === entry;
}

/** The segments of an absolute path (empty ones dropped), or undefined for `.`, `..`, control characters or a relative path. */
function pathSegments(path: string): string[] | undefined {
  // eslint-disable-next-line no-control-regex -- a control character in a path is refused
  if (!path.startsWith('/') || /[\u0000-\u001f\u007f]/.test(path)) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments.some((segment) => segment === '.' || segment === '..') ? undefined : segments;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, problem: string): NoctemError {
  const where = field === '$' ? skillPolicyFileName : `${skillPolicyFileName} field "${field}"`;
  return new NoctemError('POLICY_INVALID', `${where} ${problem}`, { details: { field } });
}
