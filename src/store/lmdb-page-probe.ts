/**
 * Tells, without opening it, whether an LMDB data file's pages are encrypted. Opening an
 * encrypted environment without its key (or a plain one with a key) makes LMDB walk
 * garbage pages and crash the whole process, so the store checks first that the file
 * matches what the home's config says.
 *
 * How: LMDB writes every page with its page number (8 bytes) and transaction id (8
 * bytes) first; lmdb-js's encryption leaves those 16 bytes in clear and encrypts the rest.
 * In a plain file, the next 4 bytes of a page header are a zero pad and a small set of
 * flag bits; in an encrypted file they are ciphertext. The two meta pages (0 and 1) are
 * never encrypted, so the probe reads the pages after them.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { limits } from '../core/index.ts';

/** What the probe concluded. `unknown`: no data page to look at, or mixed evidence. */
export type LmdbPageEncoding = 'encrypted' | 'plain' | 'unknown';

/** LMDB's page flags (P_BRANCH, P_LEAF, P_OVERFLOW, P_META, P_DIRTY, P_LEAF2, P_SUBP, P_LOOSE, P_KEEP). */
const knownPageFlags = 0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x20 | 0x40 | 0x4000 | 0x8000;
/** LMDB's page size on the platforms we run on (the OS page size). */
const pageBytes = 4096;
const headerBytes = 20;

/**
 * Reads up to `limits.storeProbePagesMax` data pages of `<folder>/data.mdb`.
 * @param folder - the environment folder
 * @returns `unknown` when the file is missing, too small, or its pages disagree
 */
export function probeLmdbPageEncoding(folder: string): LmdbPageEncoding {
  let fd: number;
  try {
    fd = openSync(join(folder, 'data.mdb'), 'r');
  } catch {
    return 'unknown'; // No file yet: LMDB creates it, and the caller decides whether that is allowed.
  }
  let plain = 0;
  let encrypted = 0;
  try {
    const header = Buffer.alloc(headerBytes);
    for (let pageNumber = 2; pageNumber < 2 + limits.storeProbePagesMax; pageNumber += 1) {
      if (readSync(fd, header, 0, headerBytes, pageNumber * pageBytes) < headerBytes) break;
      // Pages that do not start with their own number (overflow continuations, never
      // written space) say nothing either way.
      if (header.readBigUInt64LE(0) !== BigInt(pageNumber)) continue;
      const pad = header.readUInt16LE(16);
      const flags = header.readUInt16LE(18);
      if (pad === 0 && flags !== 0 && (flags & ~knownPageFlags) === 0) plain += 1;
      else encrypted += 1;
    }
  } finally {
    closeSync(fd);
  }
  if (plain > 0 && encrypted === 0) return 'plain';
  if (encrypted > 0 && plain === 0) return 'encrypted';
  return 'unknown';
}
