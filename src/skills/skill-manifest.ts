/**
 * The skill manifest, `noctem-skill.json`: what a skill package is (name, version, entry
 * file), which capabilities it asks for and with what scope, which sandbox tier runs it,
 * and who wrote it (a did:key, checked again by the package signature). Pure: parsing
 * takes the file's text and returns a frozen, validated value.
 */
import { NoctemError, limits, type Did } from '../core/index.ts';
import { ed25519FromDidKey } from '../identity/index.ts';
import { sandboxTiers, type SandboxTier } from '../security/index.ts';
import { skillPathProblem } from './skill-path.ts';

/** The capabilities a skill may ask for. */
export const skillCapabilityNames = [
  'memory.read', 'memory.write', 'net.fetch', 'fs.read', 'fs.write', 'secrets.get', 'llm.complete', 'self.modify',
] as const;

/** A capability name. */
export type SkillCapabilityName = (typeof skillCapabilityNames)[number];

/** The sandbox tiers a manifest may require, weakest isolation first. */
export const skillTiers = sandboxTiers;

/** A sandbox tier. */
export type SkillTier = SandboxTier;

/** One requested capability. */
export interface SkillCapability {
  readonly name: SkillCapabilityName;
  /** Hosts for `net.fetch`, paths for `fs.*`, names for `secrets.get`; may be empty. */
  readonly scope: readonly string[];
}

/** A validated `noctem-skill.json`. Holds exactly these fields. */
export interface SkillManifest {
  /** Lowercase slug (`a-z`, `0-9`, `-`), at most `limits.skillNameCharsMax` characters. */
  readonly name: string;
  /** Semantic version 2.0.0. */
  readonly version: string;
  /** At most `limits.skillDescriptionCharsMax` characters. */
  readonly description: string;
  /** The file the sandbox runs: a path inside the package. */
  readonly entry: string;
  readonly capabilities: readonly SkillCapability[];
  readonly tier: SkillTier;
  /** The author's Ed25519 did:key. */
  readonly author: Did;
}

const fields = ['name', 'version', 'description', 'entry', 'capabilities', 'tier', 'author'] as const;
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// semver.org's recommended pattern.
const semverPattern =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/**
 * Parses the text of `noctem-skill.json`.
 * @param text - the file's text, at most `limits.skillManifestBytesMax` UTF-8 bytes
 * @throws {NoctemError} SKILL_MANIFEST_INVALID naming the field (`details.field`)
 */
export function parseSkillManifest(text: string): SkillManifest {
  if (new TextEncoder().encode(text).length > limits.skillManifestBytesMax) {
    throw invalid('$', `is larger than ${limits.skillManifestBytesMax} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new NoctemError('SKILL_MANIFEST_INVALID', 'noctem-skill.json is not valid JSON', { details: { field: '$' }, cause: error });
  }
  return validateSkillManifest(value);
}

/**
 * Validates an already-parsed manifest value.
 * @param value - untrusted JSON
 * @returns a frozen copy holding only the manifest's fields
 * @throws {NoctemError} SKILL_MANIFEST_INVALID naming the field (`details.field`)
 */
export function validateSkillManifest(value: unknown): SkillManifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('$', 'must be a JSON object');
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).find((key) => !(fields as readonly string[]).includes(key));
  if (extra !== undefined) throw invalid(extra, 'is not a manifest field');
  const name = boundedString(record, 'name', limits.skillNameCharsMax);
  if (!slugPattern.test(name)) throw invalid('name', 'must be a lowercase slug (a-z, 0-9, single "-" between)');
  const version = boundedString(record, 'version', limits.skillVersionCharsMax);
  if (!semverPattern.test(version)) throw invalid('version', 'must be a semantic version such as 1.2.3');
  const description = boundedString(record, 'description', limits.skillDescriptionCharsMax, { emptyOk: true });
  const entry = boundedString(record, 'entry', limits.skillPathCharsMax);
  const entryProblem = skillPathProblem(entry);
  if (entryProblem !== undefined) throw invalid('entry', `must be a relative path inside the package; it ${entryProblem}`);
  const tier = record['tier'];
  if (!(skillTiers as readonly unknown[]).includes(tier)) throw invalid('tier', `must be one of ${skillTiers.join(', ')}`);
  const author = boundedString(record, 'author', limits.skillPathCharsMax);
  try {
    ed25519FromDidKey(author);
  } catch (error) {
    throw new NoctemError('SKILL_MANIFEST_INVALID', 'noctem-skill.json field "author" must be an Ed25519 did:key', { details: { field: 'author' }, cause: error });
  }
  const capabilities = readCapabilities(record['capabilities']);
  return Object.freeze({ name, version, description, entry, capabilities, tier: tier as SkillTier, author: author as Did });
}

function readCapabilities(value: unknown): readonly SkillCapability[] {
  if (!Array.isArray(value)) throw invalid('capabilities', 'must be an array');
  if (value.length > limits.skillCapabilitiesMax) throw invalid('capabilities', `holds more than ${limits.skillCapabilitiesMax} entries`);
  const seen = new Set<string>();
  const capabilities = value.map((item: unknown, index): SkillCapability => {
    const field = `capabilities[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid(field, 'must be an object');
    const record = item as Record<string, unknown>;
    const extra = Object.keys(record).find((key) => key !== 'name' && key !== 'scope');
    if (extra !== undefined) throw invalid(`${field}.${extra}`, 'is not a capability field');
    const name = record['name'];
    if (!(skillCapabilityNames as readonly unknown[]).includes(name)) {
      throw invalid(`${field}.name`, `must be one of ${skillCapabilityNames.join(', ')}`);
    }
    if (seen.has(name as string)) throw invalid(`${field}.name`, `repeats "${String(name)}"`);
    seen.add(name as string);
    return Object.freeze({ name: name as SkillCapabilityName, scope: readScope(record['scope'], `${field}.scope`) });
  });
  return Object.freeze(capabilities);
}

function readScope(value: unknown, field: string): readonly string[] {
  if (!Array.isArray(value)) throw invalid(field, 'must be an array of strings');
  if (value.length > limits.skillScopeEntriesMax) throw invalid(field, `holds more than ${limits.skillScopeEntriesMax} entries`);
  for (const [index, entry] of value.entries()) {
    if (typeof entry !== 'string' || entry.length === 0 || entry.length > limits.skillScopeEntryCharsMax) {
      throw invalid(`${field}[${index}]`, `must be a non-empty string of at most ${limits.skillScopeEntryCharsMax} characters`);
    }
  }
  return Object.freeze([...(value as string[])]);
}

function boundedString(record: Record<string, unknown>, field: string, charsMax: number, options: { emptyOk?: boolean } = {}): string {
  const value = record[field];
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (value.length === 0 && options.emptyOk !== true) throw invalid(field, 'must not be empty');
  if (value.length > charsMax) throw invalid(field, `is longer than ${charsMax} characters`);
  return value;
}

function invalid(field: string, problem: string): NoctemError {
  const where = field === '$' ? 'noctem-skill.json' : `noctem-skill.json field "${field}"`;
  return new NoctemError('SKILL_MANIFEST_INVALID', `${where} ${problem}`, { details: { field } });
}
