/**
 * ZIP reading with yauzl, from memory, one member at a time (lazy entries). Names are
 * decoded by us rather than yauzl, so one hostile name refuses that member instead of
 * aborting the archive. Symlinks, devices and other non-regular Unix modes are refused;
 * encrypted members fail with INGEST_ENCRYPTED. Pure (bytes in memory, no files).
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { NoctemError } from '../core/index.ts';
import { checkEntryPath } from './archive-entry-path.ts';
import { collectMember, rejectMember } from './archive-member.ts';
import type { ArchiveMember, ArchiveReadContext } from './archive-member.ts';

// Unix file-type bits in the high half of a member's external attributes.
const unixTypeMask = 0o170000;
const unixRegular = 0o100000;
const unixDirectory = 0o040000;
const unixSymlink = 0o120000;
// Hosts (APPNOTE 4.4.2) whose attributes carry Unix modes: Unix and macOS.
const unixHosts = new Set([3, 19]);

/**
 * Yields the members of a ZIP held in memory. Folders are charged to the budget but not
 * yielded.
 * @param bytes - the ZIP file
 * @param context - the expansion budget and member cap
 * @throws {NoctemError} INGEST_LIMIT when the budget trips; other errors when the directory is damaged
 */
export async function* zipMembers(bytes: Uint8Array, context: ArchiveReadContext): AsyncGenerator<ArchiveMember> {
  const zip = await openZip(bytes);
  try {
    for (let entry = await nextEntry(zip); entry !== undefined; entry = await nextEntry(zip)) {
      context.budget.chargeEntry();
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      const member = await readEntry(zip, entry, name, context);
      if (member !== undefined) yield member;
    }
  } finally {
    zip.close();
  }
}

async function readEntry(zip: ZipFile, entry: Entry, name: string, context: ArchiveReadContext): Promise<ArchiveMember | undefined> {
  const check = checkEntryPath(name);
  if (!check.safe) return { kind: 'rejected', name, code: 'INGEST_ARCHIVE_UNSAFE', reason: check.reason };
  const mode = unixHosts.has(entry.versionMadeBy >> 8) ? (entry.externalFileAttributes >>> 16) & unixTypeMask : 0;
  if (check.directory || mode === unixDirectory) return undefined;
  if (mode === unixSymlink) return unsafe(check.path, 'is a symbolic link');
  if (mode !== 0 && mode !== unixRegular) return unsafe(check.path, `is not a regular file (mode ${mode.toString(8)})`);
  if (entry.isEncrypted()) {
    return { kind: 'rejected', name: check.path, code: 'INGEST_ENCRYPTED', reason: 'The member is encrypted' };
  }
  try {
    const stream = await openReadStream(zip, entry);
    try {
      return { kind: 'file', name: check.path, bytes: await collectMember(stream, context, check.path) };
    } finally {
      stream.destroy();
    }
  } catch (error) {
    return rejectMember(check.path, error, context);
  }
}

function unsafe(name: string, what: string): ArchiveMember {
  return { kind: 'rejected', name, code: 'INGEST_ARCHIVE_UNSAFE', reason: `The member "${name}" ${what}` };
}

function openZip(bytes: Uint8Array): Promise<ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false, autoClose: false };
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, options, (error, zip) => {
      if (error !== null && error !== undefined) reject(translate(error));
      else {
        // A late error (after we stopped listening) must not become an unhandled event.
        zip.on('error', () => undefined);
        resolve(zip);
      }
    });
  });
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry): void => {
      cleanup();
      resolve(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(translate(error));
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

function openReadStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error !== null && error !== undefined) reject(error);
      else resolve(stream);
    });
  });
}

function translate(error: Error): NoctemError {
  return new NoctemError('INGEST_EXTRACT_FAILED', `Cannot read the ZIP archive: ${error.message}`, { cause: error });
}
