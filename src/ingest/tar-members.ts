/**
 * tar reading with tar-stream, from memory, one member at a time. Symlinks, hard links,
 * devices and FIFOs are refused (INGEST_ARCHIVE_UNSAFE); PAX and GNU long names are
 * resolved by tar-stream before we check them. Every member stream is drained, because
 * tar-stream moves to the next header only then. Pure (bytes in memory, no files).
 */
import tarStream from 'tar-stream';
import type { Header } from 'tar-stream';
import { NoctemError } from '../core/index.ts';
import { checkEntryPath } from './archive-entry-path.ts';
import { collectMember, rejectMember } from './archive-member.ts';
import type { ArchiveMember, ArchiveReadContext } from './archive-member.ts';

/** A tar member as tar-stream yields it: its header and a stream of its bytes. */
type Entry = AsyncIterable<Uint8Array> & { readonly header: Header };

const linkTypes = new Set(['symlink', 'link']);
const specialTypes = new Set(['character-device', 'block-device', 'fifo']);

/**
 * Yields the members of a tar held in memory. Folders are charged but not yielded.
 * @param bytes - the tar file (already decompressed)
 * @param context - the expansion budget and member cap
 * @throws {NoctemError} INGEST_LIMIT when the budget trips; INGEST_EXTRACT_FAILED when the tar is damaged
 */
export async function* tarMembers(bytes: Uint8Array, context: ArchiveReadContext): AsyncGenerator<ArchiveMember> {
  // v7 archives carry no "ustar" magic; file-type already vouched for the header checksum.
  // tar-stream's typings omit this option, which its extract.js reads; hence the cast.
  const options = { allowUnknownFormat: true } as unknown as Parameters<typeof tarStream.extract>[0];
  const extract = tarStream.extract(options);
  extract.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const entries = extract[Symbol.asyncIterator]() as AsyncIterator<Entry>;
  try {
    for (let next = await nextEntry(entries); next !== undefined; next = await nextEntry(entries)) {
      context.budget.chargeEntry();
      const member = await readEntry(next, context);
      if (member !== undefined) yield member;
    }
  } finally {
    extract.destroy();
  }
}

async function nextEntry(entries: AsyncIterator<Entry>): Promise<Entry | undefined> {
  try {
    const next = await entries.next();
    return next.done === true ? undefined : next.value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new NoctemError('INGEST_EXTRACT_FAILED', `Cannot read the tar archive: ${message}`, { cause: error });
  }
}

async function readEntry(entry: Entry, context: ArchiveReadContext): Promise<ArchiveMember | undefined> {
  const { name, type } = entry.header;
  const check = checkEntryPath(name);
  let refusal: ArchiveMember | undefined;
  if (!check.safe) refusal = { kind: 'rejected', name, code: 'INGEST_ARCHIVE_UNSAFE', reason: check.reason };
  else if (linkTypes.has(type ?? '')) refusal = unsafe(check.path, `is a ${type === 'link' ? 'hard' : 'symbolic'} link`);
  else if (specialTypes.has(type ?? '')) refusal = unsafe(check.path, `is a ${type ?? 'special file'}`);
  const isFile = type === 'file' || type === 'contiguous-file' || type === undefined || type === null;
  if (refusal !== undefined || !check.safe || !isFile || check.directory) {
    await drain(entry);
    return refusal;
  }
  try {
    return { kind: 'file', name: check.path, bytes: await collectMember(entry, context, check.path) };
  } catch (error) {
    await drain(entry);
    return rejectMember(check.path, error, context);
  }
}

async function drain(entry: Entry): Promise<void> {
  // The bytes are stored raw in the tar we already hold, so draining costs no expansion.
  for await (const chunk of entry) void chunk;
}

function unsafe(name: string, what: string): ArchiveMember {
  return { kind: 'rejected', name, code: 'INGEST_ARCHIVE_UNSAFE', reason: `The member "${name}" ${what}` };
}
