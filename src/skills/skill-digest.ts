/**
 * The digest of a skill package: what its author signs. SHA-256 over the JCS text of
 * `{ format, manifest, files }`, where `files` lists every file but the package metadata
 * (the manifest, its signature and the author's key event log, which is signed by the
 * identity itself) as `{ path, sha256 }` (hex) sorted by path (UTF-16 code units, as JCS sorts).
 * The manifest enters as its canonical JSON, so reformatting `noctem-skill.json` does not
 * change the digest but changing any field does. Pure: the caller reads the files.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { NoctemError, bytesToHex, canonicalJsonBytes, limits } from '../core/index.ts';
import type { SkillManifest } from './skill-manifest.ts';
import { skillPathProblem } from './skill-path.ts';

/** The manifest's file name in a package. */
export const skillManifestFileName = 'noctem-skill.json';
/** The signature's file name in a package. */
export const skillSignatureFileName = 'noctem-skill.sig.json';
/**
 * The author's key event log's file name in a package: a JSON array of key events that
 * lets a verifier check the signing key. Not signed content: the log is itself signed by
 * the identity, and a fresher log must be able to replace it.
 */
export const skillKeyEventsFileName = 'noctem-skill.kel.json';
/** The package metadata files, at the package root; never listed among its files. */
export const skillMetadataFileNames: readonly string[] = Object.freeze([skillManifestFileName, skillSignatureFileName, skillKeyEventsFileName]);
/** Names the digest construction; a new construction gets a new name. */
export const skillDigestFormat = 'noctem-skill-digest/1';

/** One file of a package as the caller read it. */
export interface SkillFile {
  /** Relative `/`-separated path inside the package. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** A package: its validated manifest and its other files. */
export interface SkillPackage {
  readonly manifest: SkillManifest;
  /** Every file but the metadata files ({@link skillMetadataFileNames}), in any order. */
  readonly files: readonly SkillFile[];
}

/**
 * Computes the package digest.
 * @param pkg - the manifest and files; at most `limits.skillPackageFilesMax` files and
 *   `limits.skillPackageBytesMax` bytes in all
 * @returns the SHA-256 digest as 64 lowercase hex characters
 * @throws {NoctemError} SKILL_PACKAGE_INVALID for files that are not one tree
 *   ({@link assertSkillFileTree}) or a missing entry file; SKILL_PACKAGE_TOO_LARGE past the limits
 */
export function skillPackageDigest(pkg: SkillPackage): string {
  const { manifest, files } = pkg;
  assertSkillFileTree(files);
  if (!files.some((file) => file.path === manifest.entry)) throw skillPathInvalid(manifest.entry, 'is the manifest\'s entry but is not in the package');
  const listing = files
    .map((file) => ({ path: file.path, sha256: bytesToHex(sha256(file.bytes)) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return bytesToHex(sha256(canonicalJsonBytes({ format: skillDigestFormat, manifest, files: listing })));
}

/**
 * Checks that files can lie on disk as one tree: each path valid, listed once, no metadata
 * name among them, no file where another path needs a folder, and within the files' limits.
 * @param files - a package's files (metadata excluded)
 * @throws {NoctemError} SKILL_PACKAGE_INVALID naming the path (`details.path`);
 *   SKILL_PACKAGE_TOO_LARGE past `limits.skillPackageFilesMax` or `skillPackageBytesMax`
 */
export function assertSkillFileTree(files: readonly SkillFile[]): void {
  if (files.length > limits.skillPackageFilesMax) throw skillPackageTooLarge('skillPackageFilesMax');
  const paths = new Set<string>();
  let bytes = 0;
  for (const file of files) {
    const problem = skillPathProblem(file.path);
    if (problem !== undefined) throw skillPathInvalid(file.path, `is not a path inside the package: it ${problem}`);
    if (skillMetadataFileNames.includes(file.path)) throw skillPathInvalid(file.path, 'is part of the package metadata and must not be listed as a file');
    if (paths.has(file.path)) throw skillPathInvalid(file.path, 'is listed twice');
    paths.add(file.path);
    bytes += file.bytes.length;
    if (bytes > limits.skillPackageBytesMax) throw skillPackageTooLarge('skillPackageBytesMax');
  }
  for (const path of paths) {
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (paths.has(path.slice(0, slash))) throw skillPathInvalid(path.slice(0, slash), `is a file, but "${path}" needs it to be a folder`);
    }
  }
}

/** SKILL_PACKAGE_INVALID naming a package path (`details.path`). */
export function skillPathInvalid(path: string, problem: string): NoctemError {
  return new NoctemError('SKILL_PACKAGE_INVALID', `Skill package file "${path.slice(0, limits.skillPathCharsMax)}" ${problem}`, { details: { path } });
}

/** SKILL_PACKAGE_TOO_LARGE naming the limit passed (`details.limit`). */
export function skillPackageTooLarge(limit: 'skillPackageFilesMax' | 'skillPackageBytesMax'): NoctemError {
  const what = limit === 'skillPackageFilesMax' ? `more than ${limits.skillPackageFilesMax} files` : `more than ${limits.skillPackageBytesMax} bytes`;
  return new NoctemError('SKILL_PACKAGE_TOO_LARGE', `The skill package holds ${what}`, { details: { limit } });
}
