/**
 * The checks on the two fixed-size structures of a `.nik` file, the global header and the
 * footer (nik-layout.ts gives their bytes). Each problem goes to a {@link NikReport}
 * callback, so one set of checks serves both `readNik` (which throws on the first) and
 * `inspectNik` (which lists them all).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { crc32c, type ErrorCode } from '../core/index.ts';
import {
  allZero, decodeNikFooter, decodeNikHeader, nikCipherType, nikDimEncoding, nikFileKind, nikFooterBytes,
  nikFooterOffset, nikHeaderBytes, nikHeaderDigestBytes, nikHeaderOffset, nikMagic, nikTrailerMagic, nikVersion,
  type NikFooter, type NikHeader,
} from './nik-layout.ts';

/** Which check found a problem (the names `noctem verify` prints). */
export type NikCheck =
  | 'length' | 'magic' | 'version' | 'header' | 'footer' | 'page' | 'crc32c' | 'order' | 'merkle' | 'zstd' | 'limit';

/** One problem found in a `.nik` file. */
export interface NikIssue {
  /** The check that failed. */
  readonly check: NikCheck;
  /** The error code `readNik` throws for it. */
  readonly code: ErrorCode;
  /** A sentence saying what is wrong, in the `Cannot read …: …` form. */
  readonly message: string;
  /** Where in the file the problem is, in bytes from the start. */
  readonly offsetBytes: number;
}

/** Receives each problem; may throw to stop the scan. */
export type NikReport = (issue: NikIssue) => void;

/** Size limits of one scan. */
export interface NikScanLimits {
  /** Largest file. */
  readonly fileBytesMax: number;
  /** Most pages. */
  readonly pagesMax: number;
  /** Largest raw page. */
  readonly pageBytesMax: number;
  /** Largest raw total. */
  readonly rawBytesMax: number;
}

/**
 * Decodes and checks the global header: magic, version, CRC32C, then the fields.
 * @param bytes - the file, at least 64 bytes
 * @param report - receives each problem
 * @returns the decoded header (even when it has problems)
 */
export function checkNikHeader(bytes: Uint8Array, report: NikReport): NikHeader {
  const header = decodeNikHeader(bytes);
  const at = (offset: number): (check: NikCheck, message: string, code?: ErrorCode) => void =>
    (check, message, code = 'FORMAT_CORRUPT') => report({ check, code, message: `Cannot read .nik file: ${message}`, offsetBytes: offset });
  if (header.magic !== nikMagic) at(nikHeaderOffset.magic)('magic', `the file does not start with the magic "OKIN" (u32 0x${nikMagic.toString(16)}); it is not a .nik file`);
  if (header.versionMajor !== nikVersion.major || header.versionMinor !== nikVersion.minor) {
    at(nikHeaderOffset.versionMajor)('version', `it has version ${header.versionMajor}.${header.versionMinor}, this build reads ${nikVersion.major}.${nikVersion.minor}`, 'NIK_VERSION_UNSUPPORTED');
  }
  const crc = crc32c(bytes.subarray(0, nikHeaderOffset.crc32c));
  if (crc !== header.crc32c) at(nikHeaderOffset.crc32c)('crc32c', `the header's CRC32C is 0x${hex32(header.crc32c)}, its bytes give 0x${hex32(crc)}`);
  if (header.dimEncoding !== nikDimEncoding) at(nikHeaderOffset.dimEncoding)('header', `dim_encoding is 0x${header.dimEncoding.toString(16)}, not 0x09 (nonary)`);
  if (header.cipherType !== nikCipherType.none && header.cipherType !== nikCipherType.chacha20Poly1305) {
    at(nikHeaderOffset.cipherType)('header', `cipher_type 0x${header.cipherType.toString(16)} is unknown`);
  }
  if (header.fileKindByte !== nikFileKind.full && header.fileKindByte !== nikFileKind.differential) {
    at(nikHeaderOffset.fileKind)('header', `file kind ${header.fileKindByte} is unknown`);
  }
  if (!header.timesValid) at(nikHeaderOffset.creationTime)('header', 'a time field exceeds 2^53 milliseconds');
  if (!header.reservedZero) at(27)('header', 'reserved header bytes are not zero');
  if ((header.cipherType === nikCipherType.none) !== allZero(header.keyCheck)) {
    at(nikHeaderOffset.keyCheck)('header', 'the key check does not match the cipher type');
  }
  return header;
}

/**
 * Decodes and checks the footer: trailer magic, CRC32C, lengths, header digest, parent.
 * The page-dependent fields (count, raw total, Merkle root) are checked by the page walk,
 * the file MAC of an encrypted file by `readNik`, which has the key.
 * @param bytes - the file, at least 64 + 128 bytes
 * @param header - the decoded header
 * @param options - the limits and the problem callback
 * @returns the decoded footer (even when it has problems)
 */
export function checkNikFooter(
  bytes: Uint8Array,
  header: NikHeader,
  options: { readonly limits: NikScanLimits; readonly report: NikReport },
): NikFooter {
  const footer = decodeNikFooter(bytes);
  const base = bytes.length - nikFooterBytes;
  const at = (offset: number): (check: NikCheck, message: string, code?: ErrorCode) => void =>
    (check, message, code = 'FORMAT_CORRUPT') => options.report({ check, code, message: `Cannot read .nik file: ${message}`, offsetBytes: base + offset });
  if (footer.trailerMagic !== nikTrailerMagic) at(nikFooterOffset.trailerMagic)('magic', 'the file does not end with the trailer "FKIN"; it is truncated or not a .nik file');
  const crc = crc32c(bytes.subarray(base, base + nikFooterOffset.crc32c));
  if (crc !== footer.crc32c) at(nikFooterOffset.crc32c)('crc32c', `the footer's CRC32C is 0x${hex32(footer.crc32c)}, its bytes give 0x${hex32(crc)}`);
  const sectionBytes = bytes.length - nikHeaderBytes - nikFooterBytes;
  if (footer.pageSectionBytes !== sectionBytes) {
    at(nikFooterOffset.pageSectionBytes)('length', `the footer says the pages take ${footer.pageSectionBytes} bytes, the file holds ${sectionBytes}`);
  }
  if (footer.pageCount < 0 || footer.nodeCount < 0 || footer.rawBytesTotal < 0) at(nikFooterOffset.pageCount)('footer', 'a count exceeds 2^53');
  if (footer.pageCount > options.limits.pagesMax) {
    at(nikFooterOffset.pageCount)('limit', `the footer declares ${footer.pageCount} pages, more than the ${options.limits.pagesMax} allowed`, 'NIK_TOO_LARGE');
  }
  if (footer.rawBytesTotal > options.limits.rawBytesMax) {
    at(nikFooterOffset.rawBytesTotal)('limit', `the footer declares ${footer.rawBytesTotal} raw bytes, more than the ${options.limits.rawBytesMax} allowed`, 'NIK_TOO_LARGE');
  }
  if (header.cipherType !== nikCipherType.chacha20Poly1305 && !allZero(footer.fileMac)) {
    at(nikFooterOffset.fileMac)('footer', 'an unencrypted file carries a file MAC');
  }
  const digest = nikHeaderDigest(bytes.subarray(0, nikHeaderBytes));
  if (!equalBytes(digest, footer.headerDigest)) at(nikFooterOffset.headerDigest)('footer', 'the footer belongs to another header');
  const parentZero = allZero(footer.parentRoot);
  if (header.fileKind === 'full' && !parentZero) at(nikFooterOffset.parentRoot)('footer', 'a full snapshot names a parent');
  if (header.fileKind === 'differential' && parentZero) at(nikFooterOffset.parentRoot)('footer', 'a differential checkpoint names no parent');
  return footer;
}

/**
 * The footer's header digest: the first 8 bytes of SHA-256 over the 64 header bytes.
 * @param headerBytes - the header as stored
 */
export function nikHeaderDigest(headerBytes: Uint8Array): Uint8Array {
  return sha256(headerBytes).slice(0, nikHeaderDigestBytes);
}

/**
 * True when two byte arrays are equal (not constant-time; these are public hashes).
 * @param a - bytes
 * @param b - bytes
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A u32 as 8 lowercase hex digits.
 * @param value - an unsigned 32-bit integer
 */
export function hex32(value: number): string {
  return value.toString(16).padStart(8, '0');
}
