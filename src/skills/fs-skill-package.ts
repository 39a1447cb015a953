/**
 * Skill packages on disk: reading a package folder or a `.tgz`/`.tar.gz` (or plain `.tar`)
 * archive into a `SkillSource`, writing and removing an installed copy atomically, and
 * writing an author's signature next to their package. The only file of the skills layer that touches
 * the file system for packages.
 *
 * Reading a folder walks it breadth-first and refuses symbolic links, devices, sockets and
 * FIFOs (SKILL_PACKAGE_INVALID), and names that are not package paths; it stops at the first
 * file or byte past the budget (SKILL_PACKAGE_TOO_LARGE). Files are opened with O_NOFOLLOW
 * and read to at most the budget left, so neither a swapped-in link nor a growing file gets
 * past. The path given may itself be a link (it is the person's own choice). Archives are
 * gunzipped in memory with the output capped (`maxOutputLength`), so a gzip bomb trips the
 * cap instead of filling memory, then read by `tar-skill-archive.ts`. What counts as the
 * package (hidden files yes, `.git` no) is `skill-source.ts`'s rule.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, opendir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { NoctemError, limits } from '../core/index.ts';
import { writeFileAtomic } from '../store/index.ts';
import {
  assertSkillFileTree, skillKeyEventsFileName, skillManifestFileName, skillMetadataFileNames, skillSignatureFileName, type SkillFile, type SkillPackage,
} from './skill-digest.ts';
import type { SkillSource } from './skill-installer.ts';
import {
  SkillReadBudget, skillReadBytesMax, skillSkippedRoot, skillSourceFromFiles, type SkillSourceRead,
} from './skill-source.ts';
import { signSkillPackage, type SkillSignature, type SkillSigner } from './skill-signature.ts';
import { readSkillTar } from './tar-skill-archive.ts';

/** Permission bits of the files of a package folder: readable by others, as an author shares it. */
const packageFileMode = 0o644;

/** What `noctem skill sign` writes beside a package. */
export interface SkillSignatureFiles {
  /** The value of `noctem-skill.sig.json`. */
  readonly signature: unknown;
  /** The author's key event log, the value of `noctem-skill.kel.json`. */
  readonly keyEvents: readonly unknown[];
}

/**
 * Largest archive accepted, compressed or not, in bytes: the read budget plus room for tar's
 * headers and padding (up to 4 KiB per file and folder) and its end blocks.
 */
export const skillArchiveBytesMax = skillReadBytesMax + (2 * limits.skillPackageFilesMax + skillMetadataFileNames.length) * 4096 + 20 * 512;

const archivePattern = /\.(tgz|tar\.gz|tar)$/i;
const gunzipAsync = promisify(gunzip);

/**
 * Reads a package folder or archive.
 * @param path - a folder, or a `.tgz`, `.tar.gz` or `.tar` file
 * @returns the parsed manifest, files, signature and key event log, and the skipped `.git` entries
 * @throws {NoctemError} FILE_NOT_FOUND when nothing is at `path`; SKILL_PACKAGE_INVALID for a
 *   link, device, bad name or damaged archive; SKILL_PACKAGE_TOO_LARGE past the limits;
 *   SKILL_MANIFEST_INVALID, SKILL_SIGNATURE_INVALID for bad metadata
 */
export async function readSkillPackage(path: string): Promise<SkillSourceRead> {
  const info = await stat(path).catch((error: unknown) => {
    throw translateMissing(error, path);
  });
  if (info.isDirectory()) return readFolder(path);
  if (info.isFile() && archivePattern.test(path)) return readArchive(path, info.size);
  throw new NoctemError('SKILL_PACKAGE_INVALID', `"${path}" is neither a skill folder nor a .tgz, .tar.gz or .tar archive`, { details: { path } });
}

/**
 * Writes an installed copy of a package into `dir` atomically: everything goes into a
 * sibling `dir.tmp-<random>`, each file and folder is fsynced, and the folder is renamed
 * onto `dir`. A folder already at `dir` (left by an install that crashed before its commit)
 * is moved aside, replaced, then removed. On any error the temporary folder is removed and
 * a moved-aside folder is put back.
 * @param dir - the folder to create
 * @param source - the package as read (the manifest is written as its original text)
 * @throws {NoctemError} SKILL_PACKAGE_INVALID for paths that cannot form one tree
 */
export async function writeSkillPackage(dir: string, source: SkillSource): Promise<void> {
  assertSkillFileTree(source.pkg.files);
  const files: SkillFile[] = [...source.pkg.files, { path: skillManifestFileName, bytes: new TextEncoder().encode(source.manifestText) }];
  if (source.signature !== undefined) files.push({ path: skillSignatureFileName, bytes: jsonBytes(source.signature) });
  if (source.keyEvents !== undefined) files.push({ path: skillKeyEventsFileName, bytes: jsonBytes(source.keyEvents) });
  await mkdir(dirname(dir), { recursive: true });
  const temporary = `${dir}.tmp-${randomHex()}`;
  try {
    await mkdir(temporary);
    await writeTree(temporary, files);
    await replaceFolder(temporary, dir);
    await syncFolder(dirname(dir));
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Writes `noctem-skill.kel.json`, then `noctem-skill.sig.json`, into a package folder, each
 * atomically (temporary file, fsync, rename). The log goes first: a crash between the two
 * leaves the old signature beside a newer log, which still verifies it (logs only grow).
 * @param dir - the package folder
 * @param signed - the signature and the signer's key event log
 */
export async function writeSkillSignature(dir: string, signed: SkillSignatureFiles): Promise<void> {
  await writeFileAtomic(join(dir, skillKeyEventsFileName), jsonBytes(signed.keyEvents), false, packageFileMode);
  await writeFileAtomic(join(dir, skillSignatureFileName), jsonBytes(signed.signature), false, packageFileMode);
  await syncFolder(dir);
}

/**
 * Signs the package in folder `dir` (`noctem skill sign`): reads it, signs its digest with the
 * signer's living key, and writes the signature and the signer's key event log beside it.
 * @param dir - the package folder
 * @param signing - the living signer, the time to record and the signer's key event log
 * @returns the package as read and its signature
 * @throws {NoctemError} the reader's errors; SKILL_SIGNATURE_INVALID when the signer is not the manifest's author
 */
export async function signSkillFolder(dir: string, signing: SkillSigner & { readonly keyEvents: readonly unknown[] }): Promise<{ pkg: SkillPackage; signature: SkillSignature }> {
  const { pkg } = await readSkillPackage(dir);
  const signature = signSkillPackage(pkg, signing);
  await writeSkillSignature(dir, { signature, keyEvents: signing.keyEvents });
  return { pkg, signature };
}

/**
 * Removes an installed package folder: renames it aside first, so `dir` never holds a
 * half-removed package, then deletes it. Nothing at `dir` is not an error.
 * @param dir - the folder to remove
 */
export async function removeSkillFolder(dir: string): Promise<void> {
  const aside = `${dir}.old-${randomHex()}`;
  try {
    await rename(dir, aside);
  } catch (error) {
    // Nothing to remove is the state the caller wants.
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

async function readFolder(root: string): Promise<SkillSourceRead> {
  const budget = new SkillReadBudget();
  const files: SkillFile[] = [];
  const skipped: string[] = [];
  const queue: string[] = [''];
  for (let folder = queue.shift(); folder !== undefined; folder = queue.shift()) {
    const handle = await opendir(join(root, folder));
    for await (const entry of handle) {
      const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
      const skippedRoot = skillSkippedRoot(path);
      if (skippedRoot !== undefined) {
        skipped.push(skippedRoot);
        continue;
      }
      const info = await lstat(join(root, path));
      if (info.isDirectory()) {
        budget.chargeFolder();
        queue.push(path);
      } else if (info.isFile()) {
        const bytes = await readBounded(join(root, path), budget.bytesLeft);
        budget.chargeFile(bytes.length);
        files.push({ path, bytes });
      } else {
        throw new NoctemError('SKILL_PACKAGE_INVALID', `Skill package entry "${path}" is ${kindOf(info)}; a package holds only files and folders`, { details: { path } });
      }
    }
  }
  return skillSourceFromFiles(files, skipped);
}

async function readArchive(path: string, sizeBytes: number): Promise<SkillSourceRead> {
  if (sizeBytes > skillArchiveBytesMax) throw archiveTooLarge(path);
  const bytes = await readFile(path);
  let tar: Uint8Array = bytes;
  if (!/\.tar$/i.test(path)) {
    try {
      tar = await gunzipAsync(bytes, { maxOutputLength: skillArchiveBytesMax });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw archiveTooLarge(path, error);
      throw new NoctemError('SKILL_PACKAGE_INVALID', `Cannot decompress "${basename(path)}": ${(error as Error).message}`, { details: { path }, cause: error });
    }
  }
  const contents = readSkillTar(tar, new SkillReadBudget());
  return skillSourceFromFiles(contents.files, contents.skipped);
}

/** Reads a regular file through O_NOFOLLOW, refusing it once it passes `bytesMax`. */
async function readBounded(path: string, bytesMax: number): Promise<Uint8Array> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NoctemError('SKILL_PACKAGE_INVALID', `Skill package entry "${path}" changed into ${kindOf(info)} while it was read`, { details: { path } });
    if (info.size > bytesMax) return tooLarge();
    const buffer = Buffer.alloc(Math.min(info.size, bytesMax) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      ({ bytesRead: read } = await handle.read(buffer, length, buffer.length - length, null));
    }
    return length > bytesMax ? tooLarge() : new Uint8Array(buffer.buffer, buffer.byteOffset, length);
  } finally {
    await handle.close();
  }
}

async function writeTree(root: string, files: readonly SkillFile[]): Promise<void> {
  const folders = new Set<string>();
  for (const file of files) {
    const parent = dirname(file.path);
    if (parent !== '.' && !folders.has(parent)) {
      await mkdir(join(root, parent), { recursive: true });
      for (let folder = parent; folder !== '.'; folder = dirname(folder)) folders.add(folder);
    }
    await writeFileDurable(join(root, file.path), file.bytes, 'wx');
  }
  // Deepest first, so each folder's entries are durable before its parent's.
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) await syncFolder(join(root, folder));
  await syncFolder(root);
}

async function replaceFolder(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
  const aside = `${to}.old-${randomHex()}`;
  await rename(to, aside);
  try {
    await rename(from, to);
  } catch (error) {
    await rename(aside, to);
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

async function writeFileDurable(path: string, bytes: Uint8Array, flags: string): Promise<void> {
  const handle = await open(path, flags, packageFileMode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

function randomHex(): string {
  return randomBytes(6).toString('hex');
}

function kindOf(info: { isSymbolicLink(): boolean; isSocket(): boolean; isFIFO(): boolean }): string {
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isSocket()) return 'a socket';
  if (info.isFIFO()) return 'a FIFO';
  return 'a device or other special file';
}

function tooLarge(): never {
  throw new NoctemError('SKILL_PACKAGE_TOO_LARGE', 'The skill package holds more bytes than Noctem accepts', { details: { limit: 'skillPackageBytesMax' } });
}

function archiveTooLarge(path: string, cause?: unknown): NoctemError {
  return new NoctemError('SKILL_PACKAGE_TOO_LARGE', `"${basename(path)}" expands to more than ${skillArchiveBytesMax} bytes`, { details: { path, limit: 'skillPackageBytesMax' }, cause });
}

function translateMissing(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR' ? new NoctemError('FILE_NOT_FOUND', `Nothing is at "${path}"`, { details: { path }, cause: error }) : error;
}
