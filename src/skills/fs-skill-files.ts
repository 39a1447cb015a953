/**
 * File access for the `fs.read` and `fs.write` capabilities, safe against symlink and
 * time-of-check races: the broker's lexical scope check (capability-scope.ts) is repeated on
 * the file or folder actually opened, read back from `/proc/self/fd/N` (Linux). A read opens
 * the file first, then checks where the open descriptor really points, then reads from that
 * descriptor; a write opens and checks the parent folder, then creates the file through
 * `/proc/self/fd/<dir>/<name>` with O_NOFOLLOW, so swapping a path component for a symlink
 * after the check reaches nothing outside the scope.
 */
import { constants } from 'node:fs';
import { mkdir, open, readlink, realpath } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { NoctemError, limits } from '../core/index.ts';
import { isWithin } from './capability-scope.ts';

/**
 * Reads a UTF-8 file that must lie inside `root` once every symlink is resolved.
 * @throws {NoctemError} SKILL_CAPABILITY_DENIED outside the scope or past
 *   `limits.skillFileBytesMax`; SKILL_CALL_INVALID when the file is missing or not a file
 */
export async function readScopedFile(path: string, root: string): Promise<string> {
  const realRoot = await realRootOf(root);
  const handle = await openOrExplain(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const actual = await readlink(`/proc/self/fd/${handle.fd}`);
    if (!isWithin(actual, realRoot)) throw outside(path);
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NoctemError('SKILL_CALL_INVALID', `fs.read: "${path}" is not a regular file`);
    if (stat.size > limits.skillFileBytesMax) throw new NoctemError('SKILL_CAPABILITY_DENIED', `fs.read: "${path}" is larger than ${limits.skillFileBytesMax} bytes`);
    const buffer = Buffer.alloc(Math.min(stat.size, limits.skillFileBytesMax) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > limits.skillFileBytesMax) throw new NoctemError('SKILL_CAPABILITY_DENIED', `fs.read: "${path}" grew past ${limits.skillFileBytesMax} bytes`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Writes (creates or replaces) a UTF-8 file whose parent folder must exist and lie inside
 * `root` once resolved; the file itself must not be a symlink. The skill's own sandbox
 * folder (`root`) is created on first use.
 * @throws {NoctemError} SKILL_CAPABILITY_DENIED outside the scope or past the size limit
 */
export async function writeScopedFile(path: string, text: string, root: string): Promise<{ bytes: number }> {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > limits.skillFileBytesMax) throw new NoctemError('SKILL_CAPABILITY_DENIED', `fs.write: more than ${limits.skillFileBytesMax} bytes`);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const realRoot = await realRootOf(root);
  // Only the root is created: making a missing parent would follow links before the check.
  const parent = dirname(path);
  const dir = await openOrExplain(parent, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const actualDir = await readlink(`/proc/self/fd/${dir.fd}`);
    if (!isWithin(actualDir, realRoot)) throw outside(path);
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
    const file = await openOrExplain(`/proc/self/fd/${dir.fd}/${basename(path)}`, flags, 0o600);
    try {
      if (!(await file.stat()).isFile()) throw new NoctemError('SKILL_CALL_INVALID', `fs.write: "${path}" is not a regular file`);
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    return { bytes: bytes.length };
  } finally {
    await dir.close();
  }
}

async function realRootOf(root: string): Promise<string> {
  try {
    return await realpath(root);
  } catch (cause) {
    throw new NoctemError('SKILL_CAPABILITY_DENIED', `The granted scope "${root}" does not exist`, { cause });
  }
}

async function openOrExplain(path: string, flags: number, mode?: number): Promise<Awaited<ReturnType<typeof open>>> {
  try {
    return await open(path, flags, mode);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    // ELOOP: O_NOFOLLOW met a symlink as the last component.
    if (code === 'ELOOP') throw new NoctemError('SKILL_CAPABILITY_DENIED', `"${path}" is a symbolic link; skills may not follow links`, { cause });
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw new NoctemError('SKILL_CALL_INVALID', `No such file: "${path}"`, { cause });
    if (code === 'EACCES' || code === 'EPERM') throw new NoctemError('SKILL_CAPABILITY_DENIED', `Noctem itself may not open "${path}"`, { cause });
    throw cause;
  }
}

function outside(path: string): NoctemError {
  return new NoctemError('SKILL_CAPABILITY_DENIED', `"${path}" resolves outside the granted scope`);
}
