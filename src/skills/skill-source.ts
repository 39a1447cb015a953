/**
 * Turns the raw files read from a package folder or archive into a `SkillSource`: the
 * parsed manifest, the parsed signature and key event log, and the other files. Both
 * readers (`fs-skill-package.ts` for folders, `tar-skill-archive.ts` for archives) share
 * this, so a package reads the same whichever way it travels. Pure.
 *
 * What counts as the package: every regular file, hidden ones included (they are signed
 * like any other), except anything under a `.git` entry at any depth. A `.git` folder (or
 * a worktree's `.git` file) is version-control state that changes with every commit; signing
 * it would make the digest break on the author's next commit, and no skill can read it. It
 * is never skipped silently: the readers return the skipped paths.
 *
 * Reading is bounded twice. While reading, a loose budget ({@link SkillReadBudget}) stops at
 * the first file or byte past the limits plus room for the metadata files, whose place at
 * the root an archive reader learns only at its end. Here, the exact limits apply:
 * `limits.skillPackageFilesMax` and `skillPackageBytesMax` for the files,
 * `skillManifestBytesMax`, `skillSignatureBytesMax` and `skillKeyEventsBytesMax` for the metadata.
 */
import { NoctemError, limits } from '../core/index.ts';
import {
  assertSkillFileTree, skillKeyEventsFileName, skillManifestFileName, skillMetadataFileNames, skillPackageTooLarge, skillSignatureFileName,
  type SkillFile,
} from './skill-digest.ts';
import type { SkillSource } from './skill-installer.ts';
import { parseSkillManifest } from './skill-manifest.ts';

/** A package as read, plus the `.git` entries left out ({@link skillSkippedRoot}). */
export interface SkillSourceRead extends SkillSource {
  /** The `.git` entries not read, each listed once (not their contents). */
  readonly skipped: readonly string[];
}

/**
 * The `.git` entry a package path lies under (or is), which leaves it out of the package;
 * undefined for a path that belongs to the package.
 * @param path - a `/`-separated relative path
 * @returns the path up to and including its first `.git` segment
 */
export function skillSkippedRoot(path: string): string | undefined {
  const segments = path.split('/');
  const index = segments.indexOf('.git');
  return index < 0 ? undefined : segments.slice(0, index + 1).join('/');
}

/** The loose read budget, in bytes: the files' limit plus each metadata file's. */
export const skillReadBytesMax =
  limits.skillPackageBytesMax + limits.skillManifestBytesMax + limits.skillSignatureBytesMax + limits.skillKeyEventsBytesMax;

/** Counts files, folders and bytes while a package is read, and stops at the first one too many. */
export class SkillReadBudget {
  #files = 0;
  #folders = 0;
  #bytes = 0;

  /** Bytes the next file may hold before the budget trips. */
  get bytesLeft(): number {
    return skillReadBytesMax - this.#bytes;
  }

  /**
   * Charges one regular file.
   * @param bytes - its size
   * @throws {NoctemError} SKILL_PACKAGE_TOO_LARGE past the files or bytes budget
   */
  chargeFile(bytes: number): void {
    this.#files += 1;
    this.#bytes += bytes;
    if (this.#files > limits.skillPackageFilesMax + skillMetadataFileNames.length) throw skillPackageTooLarge('skillPackageFilesMax');
    if (this.#bytes > skillReadBytesMax) throw skillPackageTooLarge('skillPackageBytesMax');
  }

  /**
   * Charges one folder (folders count separately, against the same number as files).
   * @throws {NoctemError} SKILL_PACKAGE_TOO_LARGE past `limits.skillPackageFilesMax` folders
   */
  chargeFolder(): void {
    this.#folders += 1;
    if (this.#folders > limits.skillPackageFilesMax) {
      throw new NoctemError('SKILL_PACKAGE_TOO_LARGE', `The skill package has more than ${limits.skillPackageFilesMax} folders`);
    }
  }
}

/**
 * Builds the source from every file read (metadata included, root-relative paths).
 * @param files - the files, in any order
 * @param skipped - the paths left out, passed through
 * @throws {NoctemError} SKILL_PACKAGE_INVALID without a manifest or for a bad tree;
 *   SKILL_MANIFEST_INVALID for a bad manifest; SKILL_SIGNATURE_INVALID for a signature or
 *   key event log that is too large or not JSON (the log must be an array);
 *   SKILL_PACKAGE_TOO_LARGE past the files' limits
 */
export function skillSourceFromFiles(files: readonly SkillFile[], skipped: readonly string[] = []): SkillSourceRead {
  const byPath = new Map(files.map((file) => [file.path, file.bytes]));
  const manifestBytes = byPath.get(skillManifestFileName);
  if (manifestBytes === undefined) {
    throw new NoctemError('SKILL_PACKAGE_INVALID', `The skill package has no ${skillManifestFileName} at its root`, { details: { path: skillManifestFileName } });
  }
  const manifestText = decodeMetadata(manifestBytes, limits.skillManifestBytesMax, 'SKILL_MANIFEST_INVALID', skillManifestFileName);
  const manifest = parseSkillManifest(manifestText);
  const signature = readJsonFile(byPath.get(skillSignatureFileName), limits.skillSignatureBytesMax, skillSignatureFileName);
  const keyEvents = readJsonFile(byPath.get(skillKeyEventsFileName), limits.skillKeyEventsBytesMax, skillKeyEventsFileName);
  if (keyEvents !== undefined && !Array.isArray(keyEvents)) {
    throw new NoctemError('SKILL_SIGNATURE_INVALID', `${skillKeyEventsFileName} must hold a JSON array of key events`);
  }
  const content = files.filter((file) => !skillMetadataFileNames.includes(file.path));
  assertSkillFileTree(content);
  const sorted = [...content].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { pkg: { manifest, files: sorted }, signature, keyEvents: keyEvents as unknown[] | undefined, manifestText, skipped };
}

function readJsonFile(bytes: Uint8Array | undefined, bytesMax: number, name: string): unknown {
  if (bytes === undefined) return undefined;
  const text = decodeMetadata(bytes, bytesMax, 'SKILL_SIGNATURE_INVALID', name);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new NoctemError('SKILL_SIGNATURE_INVALID', `${name} is not valid JSON`, { cause: error });
  }
}

function decodeMetadata(bytes: Uint8Array, bytesMax: number, code: 'SKILL_MANIFEST_INVALID' | 'SKILL_SIGNATURE_INVALID', name: string): string {
  const details = code === 'SKILL_MANIFEST_INVALID' ? { field: '$' } : { path: name };
  if (bytes.length > bytesMax) throw new NoctemError(code, `${name} is larger than ${bytesMax} bytes`, { details });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new NoctemError(code, `${name} is not UTF-8 text`, { details, cause: error });
  }
}
