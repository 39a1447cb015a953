/**
 * A small ustar reader for skill archives (the tar inside a `.tgz`), from memory. It keeps
 * regular files and folders only: hard and symbolic links, devices, FIFOs and unknown entry
 * types are refused, as are absolute names and `..` segments, including names set by PAX
 * (`path`) or GNU long-name (`L`) records, which are read so that they cannot rename an
 * entry behind the checks' back. Headers' checksums are verified; an archive that ends
 * before its end-of-archive block is truncated. A single top-level folder holding everything
 * (what `tar czf skill.tgz skill/` makes) is stripped. The project's ingest tar reader
 * (tar-stream, ingest error codes, streaming members) does not fit this all-or-nothing use.
 * Pure.
 */
import { NoctemError } from '../core/index.ts';
import type { SkillFile } from './skill-digest.ts';
import { skillSkippedRoot, type SkillReadBudget } from './skill-source.ts';

/** What an archive held. */
export interface SkillArchiveContents {
  /** Regular files, root-relative after the top-level folder is stripped, in archive order. */
  readonly files: readonly SkillFile[];
  /** Paths under `.git` that were left out. */
  readonly skipped: readonly string[];
}

const blockBytes = 512;
const decoder = new TextDecoder('utf-8', { fatal: true });
const fileTypes = new Set(['0', '\0', '7']);
const refusedTypes: Readonly<Record<string, string>> = {
  '1': 'a hard link', '2': 'a symbolic link', '3': 'a character device', '4': 'a block device', '6': 'a FIFO',
};

interface Pending {
  path?: string;
  size?: number;
}

/**
 * Reads every entry of a tar held in memory.
 * @param tar - the tar bytes (decompressed)
 * @param budget - charged for each file and folder as it is met
 * @throws {NoctemError} SKILL_PACKAGE_INVALID for a damaged or truncated archive, or an
 *   entry that is a link, a device, absolute or climbing with `..` (`details.path`);
 *   SKILL_PACKAGE_TOO_LARGE when the budget trips
 */
export function readSkillTar(tar: Uint8Array, budget: SkillReadBudget): SkillArchiveContents {
  const files: SkillFile[] = [];
  const folders: string[] = [];
  const skipped: string[] = [];
  let pending: Pending = {};
  for (let offset = 0; ; ) {
    if (offset + blockBytes > tar.length) throw invalid('ends before its end-of-archive block (truncated)');
    const header = tar.subarray(offset, offset + blockBytes);
    if (header.every((byte) => byte === 0)) break;
    verifyChecksum(header);
    const type = String.fromCharCode(header[156]!);
    const size = pending.size ?? readNumber(header, 124, 12);
    const dataStart = offset + blockBytes;
    // A file past the budget trips it here, before its data is touched (a gzip bomb's claim).
    if (fileTypes.has(type) && size > budget.bytesLeft) budget.chargeFile(size);
    if (dataStart + size > tar.length) throw invalid('ends inside an entry (truncated)');
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / blockBytes) * blockBytes;
    if (type === 'x') pending = { ...pending, ...readPax(data) };
    else if (type === 'L') pending = { ...pending, path: cString(data, 0, data.length) };
    else if (type !== 'g' && type !== 'K') {
      // A global PAX header ('g') sets defaults nothing here reads; 'K' names a link target,
      // and the link that follows it is refused.
      const path = normalizePath(pending.path ?? headerName(header));
      pending = {};
      takeEntry({ type, path, data }, { files, folders, skipped, budget });
    }
  }
  return { files: stripTopFolder(files, folders), skipped };
}

interface Collected {
  readonly files: SkillFile[];
  readonly folders: string[];
  readonly skipped: string[];
  readonly budget: SkillReadBudget;
}

function takeEntry(entry: { type: string; path: string; data: Uint8Array }, into: Collected): void {
  const { type, path, data } = entry;
  const refused = refusedTypes[type];
  if (refused !== undefined) throw invalid(`holds "${path}", which is ${refused}`, path);
  if (path === '') return;
  const skippedRoot = skillSkippedRoot(path);
  if (skippedRoot !== undefined) {
    if (!into.skipped.includes(skippedRoot)) into.skipped.push(skippedRoot);
    return;
  }
  if (type === '5') {
    into.budget.chargeFolder();
    into.folders.push(path);
  } else if (fileTypes.has(type)) {
    into.budget.chargeFile(data.length);
    into.files.push({ path, bytes: data.slice() });
  } else {
    throw invalid(`holds "${path}" of unsupported entry type ${JSON.stringify(type)}`, path);
  }
}

/** Strips one top-level folder when every file and folder lies inside it. */
function stripTopFolder(files: SkillFile[], folders: readonly string[]): SkillFile[] {
  const first = files[0]?.path.split('/')[0];
  if (first === undefined || files.some((file) => !file.path.startsWith(`${first}/`))) return files;
  if (folders.some((folder) => folder !== first && !folder.startsWith(`${first}/`))) return files;
  return files.map((file) => ({ path: file.path.slice(first.length + 1), bytes: file.bytes }));
}

/** Drops `.` segments and a trailing `/`; refuses absolute names and `..`. */
function normalizePath(raw: string): string {
  if (raw.startsWith('/')) throw invalid(`holds the absolute name "${raw}"`, raw);
  const segments = raw.split('/').filter((segment, index, all) => segment !== '.' && !(segment === '' && index === all.length - 1));
  if (segments.includes('..')) throw invalid(`holds the name "${raw}", which climbs out with ".."`, raw);
  return segments.join('/');
}

function headerName(header: Uint8Array): string {
  const name = cString(header, 0, 100);
  // POSIX ustar ("ustar\0") splits long names into prefix/name; GNU ("ustar  ") uses those bytes otherwise.
  const posix = header[257] === 0x75 && cString(header, 257, 6) === 'ustar' && header[262] === 0;
  const prefix = posix ? cString(header, 345, 155) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function verifyChecksum(header: Uint8Array): void {
  const stored = readNumber(header, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let index = 0; index < blockBytes; index += 1) {
    const byte = index >= 148 && index < 156 ? 0x20 : header[index]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  if (stored !== unsigned && stored !== signed) throw invalid('has a header whose checksum does not match (damaged, or not a tar)');
}

/** Reads an octal field, or a base-256 one (high bit set, as GNU writes large sizes). */
function readNumber(header: Uint8Array, start: number, length: number): number {
  const field = header.subarray(start, start + length);
  if ((field[0]! & 0x80) !== 0) {
    let value = field[0]! & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw invalid('has a size too large to read');
    return value;
  }
  const text = String.fromCharCode(...field).replace(/[\0 ]+$/, '').trim();
  if (!/^[0-7]*$/.test(text)) throw invalid('has a header with a malformed number (damaged, or not a tar)');
  return text === '' ? 0 : parseInt(text, 8);
}

/** Reads PAX records (`LEN key=value\n`); keeps `path` and `size`, the two that matter here. */
function readPax(data: Uint8Array): Pending {
  const text = decode(data, 'a PAX header');
  const result: Pending = {};
  for (let position = 0; position < text.length; ) {
    const space = text.indexOf(' ', position);
    const length = Number(text.slice(position, space));
    const record = text.slice(position, position + length);
    if (space < 0 || !Number.isSafeInteger(length) || length <= space - position || !record.endsWith('\n')) throw invalid('has a malformed PAX header');
    const [key, ...rest] = record.slice(space - position + 1, -1).split('=');
    const value = rest.join('=');
    if (key === 'path') result.path = value;
    if (key === 'size') {
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw invalid('has a malformed PAX size');
      result.size = Number(value);
    }
    position += length;
  }
  return result;
}

function cString(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return decode(end < 0 ? field : field.subarray(0, end), 'an entry name');
}

function decode(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch (error) {
    throw new NoctemError('SKILL_PACKAGE_INVALID', `The skill archive has ${what} that is not UTF-8`, { cause: error });
  }
}

function invalid(problem: string, path?: string): NoctemError {
  return new NoctemError('SKILL_PACKAGE_INVALID', `The skill archive ${problem}`, path === undefined ? {} : { details: { path } });
}
