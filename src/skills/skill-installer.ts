/**
 * Installs a skill package: verifies the author's hybrid signature against their key event
 * log (the home's own, fresher log when the author is this identity), scans the code,
 * checks the required sandbox tier works here, shows the requested capabilities and asks the
 * person, then writes the files into `<home>/skills/<folder>` and commits the record with its
 * audit entry in one transaction. The record is the commit point: a crash before it leaves
 * only a folder no record names, which the next install of that version replaces. Every
 * refusal is audited with its code.
 */
import { NoctemError, type Clock, type Did } from '../core/index.ts';
import type { AuditLog } from '../security/index.ts';
import type { HomeStore } from '../store/index.ts';
import type { SkillPackage } from './skill-digest.ts';
import type { SkillManifest, SkillTier } from './skill-manifest.ts';
import { deleteInstalledSkill, putInstalledSkill, readInstalledSkill, requireInstalledSkill, type InstalledSkill } from './skill-registry.ts';
import { assertScanPasses, scanSkillPackage, type SkillScanReport } from './skill-scan.ts';
import { verifySkillPackage } from './skill-signature.ts';
import { chooseSkillTier } from './skill-tier.ts';

/** A package as read from a folder or archive. */
export interface SkillSource {
  readonly pkg: SkillPackage;
  /** The parsed `noctem-skill.sig.json`, if any. */
  readonly signature: unknown;
  /** The parsed `noctem-skill.kel.json`, if any. */
  readonly keyEvents: readonly unknown[] | undefined;
  readonly manifestText: string;
}

/** What the person is shown before saying yes. */
export interface SkillReview {
  readonly manifest: SkillManifest;
  readonly digest: string;
  readonly scan: SkillScanReport;
  readonly tier: SkillTier;
}

/** What the installer needs. */
export interface SkillInstallPorts {
  readonly store: HomeStore;
  readonly audit: Pick<AuditLog, 'append' | 'appendInTransaction'>;
  readonly clock: Clock;
  /** This home's DID and key event log. */
  readonly ownIdentity: () => { readonly did: Did; readonly events: readonly unknown[] } | undefined;
  availableTiers(): Promise<ReadonlySet<SkillTier>>;
  /** Asks the person to approve the capabilities (or answers for `--yes`). */
  confirm(review: SkillReview): Promise<boolean>;
  /** Writes the package into `<home>/skills/<folder>` atomically, replacing a leftover folder of that name. */
  writeFolder(folder: string, source: SkillSource): Promise<void>;
  removeFolder(folder: string): Promise<void>;
}

/**
 * Installs `source`.
 * @returns the new record and the scan report
 * @throws {NoctemError} SKILL_UNSIGNED, SKILL_SIGNATURE_INVALID, SKILL_TAMPERED, SKILL_SCAN_REFUSED,
 *   SANDBOX_UNAVAILABLE, SKILL_EXISTS, SKILL_INSTALL_DECLINED (each audited as `skill.install.refused`)
 */
export async function installSkill(ports: SkillInstallPorts, source: SkillSource): Promise<{ skill: InstalledSkill; scan: SkillScanReport }> {
  const { manifest } = source.pkg;
  try {
    const own = ports.ownIdentity();
    const events = own !== undefined && own.did === manifest.author ? own.events : (source.keyEvents ?? []);
    const verified = verifySkillPackage(source.pkg, { signature: source.signature, events });
    const scan = scanSkillPackage(source.pkg);
    assertScanPasses(scan);
    const tier = chooseSkillTier(manifest.tier, { available: await ports.availableTiers() });
    if (readInstalledSkill(ports.store, manifest.name) !== undefined) {
      throw new NoctemError('SKILL_EXISTS', `A skill named "${manifest.name}" is already installed`);
    }
    if (!(await ports.confirm({ manifest, digest: verified.digest, scan, tier }))) {
      throw new NoctemError('SKILL_INSTALL_DECLINED', `The capabilities of "${manifest.name}" were not approved`);
    }
    const folder = `${manifest.name}-${manifest.version}-${verified.digest.slice(0, 12)}`;
    const skill: InstalledSkill = {
      manifest, digest: verified.digest, keyId: verified.keyId, grants: manifest.capabilities, folder,
      installedAtMs: ports.clock.nowMs(), flagged: scan.findings.filter((f) => f.severity === 'flag').length,
    };
    await ports.writeFolder(folder, source);
    try {
      commit(ports, skill);
    } catch (error) {
      // An identical concurrent install owns a folder of the same name: leave it.
      if (readInstalledSkill(ports.store, manifest.name)?.folder !== folder) await ports.removeFolder(folder);
      throw error;
    }
    return { skill, scan };
  } catch (error) {
    if (error instanceof NoctemError) {
      ports.audit.append({ actor: 'person', action: 'skill.install.refused', details: { skill: manifest.name, version: manifest.version, author: manifest.author, code: error.code } });
    }
    throw error;
  }
}

function commit(ports: SkillInstallPorts, skill: InstalledSkill): void {
  ports.store.write((writer) => {
    // Re-read inside the transaction: two installs of one name race here, and one wins.
    if (readInstalledSkill(writer, skill.manifest.name) !== undefined) {
      throw new NoctemError('SKILL_EXISTS', `A skill named "${skill.manifest.name}" is already installed`);
    }
    putInstalledSkill(writer, skill);
    ports.audit.appendInTransaction(writer, [{
      actor: 'person', action: 'skill.install',
      details: {
        skill: skill.manifest.name, version: skill.manifest.version, digest: skill.digest, author: skill.manifest.author,
        keyId: skill.keyId, tier: skill.manifest.tier, capabilities: skill.grants.map((g) => ({ name: g.name, scope: g.scope })), flagged: skill.flagged,
      },
    }]);
  });
}

/**
 * Removes skill `name`: the record and its audit entry in one transaction, then the folder.
 * @throws {NoctemError} SKILL_NOT_FOUND
 */
export async function removeSkill(ports: Pick<SkillInstallPorts, 'store' | 'audit' | 'removeFolder'>, name: string): Promise<InstalledSkill> {
  const skill = ports.store.write((writer) => {
    const found = requireInstalledSkill(writer, name);
    deleteInstalledSkill(writer, name);
    ports.audit.appendInTransaction(writer, [{ actor: 'person', action: 'skill.remove', details: { skill: name, version: found.manifest.version, digest: found.digest } }]);
    return found;
  });
  await ports.removeFolder(skill.folder);
  return skill;
}
