/**
 * gzip decompression from memory with the output counted as it streams (a gzip header's
 * size field is never consulted), plus the original file name the header may carry.
 * Pure (node:zlib on bytes in memory).
 */
import { createGunzip } from 'node:zlib';
import { NoctemError } from '../core/index.ts';
import { checkEntryPath } from './archive-entry-path.ts';
import { collectMember } from './archive-member.ts';
import type { ArchiveReadContext } from './archive-member.ts';

// gzip header flag bits (RFC 1952 §2.3.1).
const flagExtra = 0x04;
const flagName = 0x08;
const fixedHeaderBytes = 10;
// A stored name longer than this is not a file name worth using.
const storedNameBytesMax = 1024;

/**
 * Decompresses a gzip file (all its members) into memory.
 * @param bytes - the .gz file
 * @param context - the expansion budget and the output cap
 * @param name - the member name used in messages
 * @throws {NoctemError} INGEST_LIMIT when the output overflows; INGEST_EXTRACT_FAILED when the data is damaged
 */
export async function gunzipMember(bytes: Uint8Array, context: ArchiveReadContext, name: string): Promise<Uint8Array> {
  const gunzip = createGunzip();
  gunzip.end(bytes);
  try {
    return await collectMember(gunzip, context, name);
  } catch (error) {
    if (error instanceof NoctemError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new NoctemError('INGEST_EXTRACT_FAILED', `Cannot decompress the gzip data: ${message}`, { cause: error });
  } finally {
    gunzip.destroy();
  }
}

/**
 * The name of the decompressed file: the header's FNAME field when it is a safe plain
 * name, else the archive's own name without `.gz` (`.tgz` becomes `.tar`).
 * @param bytes - the .gz file
 * @param archiveName - the archive's file name
 */
export function gzipMemberName(bytes: Uint8Array, archiveName: string): string {
  const stored = storedName(bytes);
  const check = stored === undefined ? undefined : checkEntryPath(stored);
  if (check?.safe === true && check.path !== '' && !check.path.includes('/')) return check.path;
  const base = archiveName.slice(archiveName.lastIndexOf('/') + 1);
  if (/\.tgz$/i.test(base)) return base.replace(/\.tgz$/i, '.tar');
  const stripped = base.replace(/\.(gz|gzip)$/i, '');
  return stripped === base || stripped === '' ? `${base}.out` : stripped;
}

function storedName(bytes: Uint8Array): string | undefined {
  const flags = bytes[3] ?? 0;
  if ((flags & flagName) === 0) return undefined;
  let offset = fixedHeaderBytes;
  if ((flags & flagExtra) !== 0) offset += 2 + (bytes[offset] ?? 0) + ((bytes[offset + 1] ?? 0) << 8);
  const end = bytes.indexOf(0, offset);
  if (end < 0 || end - offset > storedNameBytesMax) return undefined;
  return new TextDecoder('latin1').decode(bytes.subarray(offset, end));
}
