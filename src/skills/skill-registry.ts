/**
 * The installed-skills registry: one record per skill name in the store's `skills`
 * database, written in the same transaction as its audit entry. The files live in
 * `<home>/skills/<folder>`; the record is the commit point of an install (a folder without a
 * record is an interrupted install and is swept), and its digest is checked again before
 * every run, so a file changed on disk after install is refused.
 */
import { NoctemError, isHex, limits } from '../core/index.ts';
import type { StoreReader, StoreWriter } from '../store/index.ts';
import { validateSkillManifest, type SkillCapability, type SkillManifest } from './skill-manifest.ts';

/** One installed skill. */
export interface InstalledSkill {
  readonly manifest: SkillManifest;
  /** The package digest the signature covers (64 hex). */
  readonly digest: string;
  /** The signing key's id in the author's key event log. */
  readonly keyId: string;
  /** The capabilities the person granted at install (the manifest's, all or nothing). */
  readonly grants: readonly SkillCapability[];
  /** Folder name under `<home>/skills/` holding the files. */
  readonly folder: string;
  readonly installedAtMs: number;
  /** Findings the static scan flagged (not refused) at install. */
  readonly flagged: number;
}

/** Reads the record of skill `name`, or undefined. @throws {NoctemError} STORE_CORRUPT for a malformed record */
export function readInstalledSkill(reader: StoreReader, name: string): InstalledSkill | undefined {
  const value = reader.get('skills', name);
  return value === undefined ? undefined : parseRecord(value, name);
}

/**
 * Reads skill `name` or fails.
 * @throws {NoctemError} SKILL_NOT_FOUND when no skill has that name
 */
export function requireInstalledSkill(reader: StoreReader, name: string): InstalledSkill {
  const skill = readInstalledSkill(reader, name);
  if (skill === undefined) throw new NoctemError('SKILL_NOT_FOUND', `No skill named "${name.slice(0, limits.skillNameCharsMax)}" is installed`);
  return skill;
}

/** Lists installed skills by name, at most `limits.skillsListMax`. */
export function listInstalledSkills(reader: StoreReader): InstalledSkill[] {
  return Array.from(reader.range('skills', { limit: limits.skillsListMax }), (entry) => parseRecord(entry.value, String(entry.key)));
}

/** Writes a record (inside the caller's transaction, beside its audit entry). */
export function putInstalledSkill(writer: StoreWriter, skill: InstalledSkill): void {
  writer.put('skills', skill.manifest.name, skill);
}

/** Deletes a record (inside the caller's transaction). */
export function deleteInstalledSkill(writer: StoreWriter, name: string): void {
  writer.remove('skills', name);
}

function parseRecord(value: unknown, name: string): InstalledSkill {
  const corrupt = (why: string): NoctemError =>
    new NoctemError('STORE_CORRUPT', `The installed-skill record "${name.slice(0, limits.skillNameCharsMax)}" is unreadable: ${why}`, { hint: 'Remove the skill with `noctem skill remove NAME` and install it again.' });
  if (typeof value !== 'object' || value === null) throw corrupt('not an object');
  const record = value as Record<string, unknown>;
  let manifest: SkillManifest;
  try {
    manifest = validateSkillManifest(record['manifest']);
  } catch {
    throw corrupt('bad manifest');
  }
  const { digest, keyId, folder, installedAtMs, flagged } = record;
  if (typeof digest !== 'string' || digest.length !== 64 || !isHex(digest)) throw corrupt('bad digest');
  if (typeof keyId !== 'string' || typeof folder !== 'string' || !/^[a-z0-9.+-]+$/i.test(folder)) throw corrupt('bad key id or folder');
  if (!Number.isSafeInteger(installedAtMs) || !Number.isSafeInteger(flagged)) throw corrupt('bad numbers');
  const grants = Array.isArray(record['grants']) ? (record['grants'] as SkillCapability[]) : undefined;
  if (grants === undefined || !grants.every((g) => manifest.capabilities.some((c) => c.name === g.name))) throw corrupt('grants exceed the manifest');
  return { manifest, digest, keyId, grants, folder, installedAtMs: installedAtMs as number, flagged: flagged as number };
}
