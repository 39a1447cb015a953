/**
 * Reads a `.nik` file written by `writeNik`: every structural check first (nik-scan.ts:
 * lengths, magic, version, CRC32C, order, Merkle root), then the key check and the file
 * MAC, then each page is authenticated, decrypted and decompressed. Nothing is decompressed before the whole file
 * has passed its checks, and no frame is decompressed past its page's declared raw length
 * (itself bounded by `limits.nikPageBytesMax`), so a bomb fails before it allocates.
 */
import { NoctemError } from '../core/index.ts';
import {
  nikCipherType, nikFileMacBytes, nikFooterBytes, nikFooterOffset, nikHeaderBytes, nikPageFlag,
  type NikCipherName, type NikFileKindName,
} from './nik-layout.ts';
import { NikCipher } from './nik-cipher.ts';
import { equalBytes, type NikIssue, type NikScanLimits } from './nik-scan-fixed.ts';
import { scanNik, type NikPageEntry } from './nik-scan.ts';
import type { NikPorts } from './nik-writer.ts';
import type { PayloadCodec } from './payload-codec.ts';
import { readZstdFrameHeader } from './zstd-frame-header.ts';

/** One page as the caller wrote it. */
export interface NikPage {
  /** The page id (Hilbert index), a u64. */
  readonly id: bigint;
  /** The page kind byte. */
  readonly kind: number;
  /** The flags as stored (DIRTY, COMPRESSED, ENCRYPTED, DELETED bits). */
  readonly flags: number;
  /** The raw payload: decrypted and decompressed, a copy owned by the caller. */
  readonly payload: Uint8Array;
}

/** The global header of a read file. */
export interface NikFileHeader {
  /** Format version major (0). */
  readonly versionMajor: number;
  /** Format version minor (4). */
  readonly versionMinor: number;
  /** When the file was written, ms since the Unix epoch. */
  readonly creationTimeMs: number;
  /** When the chain's last full snapshot was written, ms since the Unix epoch. */
  readonly lastSnapTimeMs: number;
  /** A full snapshot or a differential. */
  readonly fileKind: NikFileKindName;
  /** The cipher of the pages. */
  readonly cipher: NikCipherName;
}

/** The footer of a read file. */
export interface NikFileFooter {
  /** RFC 6962 Merkle root over the pages as stored (D8), 32 bytes. */
  readonly merkleRoot: Uint8Array;
  /** The parent's Merkle root for a differential; undefined for a full snapshot. */
  readonly parentRoot: Uint8Array | undefined;
  /** Number of pages. */
  readonly pageCount: number;
  /** Number of nodes the writer declared. */
  readonly nodeCount: number;
  /** Sum of the pages' raw lengths, in bytes. */
  readonly rawBytesTotal: number;
}

/** A decoded `.nik` file. */
export interface NikFile {
  /** The header. */
  readonly header: NikFileHeader;
  /** The pages in ascending (kind, id) order. */
  readonly pages: readonly NikPage[];
  /** The footer. */
  readonly footer: NikFileFooter;
}

/** Options for {@link readNik}. */
export interface NikReadOptions {
  /** Size limits (tests lower them). @default the nik* limits of core/limits.ts */
  readonly limits?: NikScanLimits;
}

/**
 * Decodes and verifies a `.nik` file. A key given for an unencrypted file is ignored; the
 * caller can see `header.cipher`.
 * @param bytes - the whole file, untrusted
 * @param ports - the codec and, for an encrypted file, its 32-byte key
 * @param options - the limits
 * @returns the header, pages and footer
 * @throws {NoctemError} FORMAT_CORRUPT when the structure, a checksum, the Merkle root, the
 *   file MAC, an authentication tag or a zstd frame is wrong
 * @throws {NoctemError} NIK_VERSION_UNSUPPORTED when the version is not 0.4
 * @throws {NoctemError} NIK_TOO_LARGE when the file, a page or the raw total exceeds its limit
 * @throws {NoctemError} NIK_KEY_REQUIRED when the file is encrypted and no key was given
 * @throws {NoctemError} NIK_KEY_WRONG when the key is not the file's
 */
export function readNik(bytes: Uint8Array, ports: NikPorts, options: NikReadOptions = {}): NikFile {
  const scan = scanNik(bytes, { report: throwIssue, ...(options.limits === undefined ? {} : { limits: options.limits }) });
  const header = scan.header;
  const footer = scan.footer;
  // scanNik reports a missing header or footer, and throwIssue has thrown on it.
  if (header === undefined || footer === undefined) throw new NoctemError('FORMAT_CORRUPT', 'Cannot read .nik file: it is truncated');
  const encrypted = header.cipherType === nikCipherType.chacha20Poly1305;
  const cipher = encrypted ? openCipher(header.keyCheck, ports.key) : undefined;
  if (cipher !== undefined) checkFileMac(bytes, cipher);
  const place = { creationTimeMs: header.creationTimeMs, fileKindByte: header.fileKindByte };
  const pages = scan.pages.map((entry) => ({
    id: entry.header.id,
    kind: entry.header.kind,
    flags: entry.header.flags,
    payload: decodePayload(entry, { codec: ports.codec, cipher, place }),
  }));
  return {
    header: {
      versionMajor: header.versionMajor, versionMinor: header.versionMinor,
      creationTimeMs: header.creationTimeMs, lastSnapTimeMs: header.lastSnapTimeMs,
      fileKind: header.fileKind, cipher: encrypted ? 'chacha20Poly1305' : 'none',
    },
    pages,
    footer: {
      merkleRoot: footer.merkleRoot,
      parentRoot: header.fileKind === 'differential' ? footer.parentRoot : undefined,
      pageCount: footer.pageCount, nodeCount: footer.nodeCount, rawBytesTotal: footer.rawBytesTotal,
    },
  };
}

function throwIssue(issue: NikIssue): never {
  throw new NoctemError(issue.code, issue.message, { details: { check: issue.check, offsetBytes: issue.offsetBytes } });
}

function openCipher(keyCheck: Uint8Array, key: Uint8Array | undefined): NikCipher {
  if (key === undefined) throw new NoctemError('NIK_KEY_REQUIRED', 'Cannot read .nik file: it is encrypted (ChaCha20-Poly1305) and no key was given');
  const cipher = new NikCipher(key);
  if (!equalBytes(cipher.keyCheck, keyCheck)) {
    throw new NoctemError('NIK_KEY_WRONG', 'Cannot read .nik file: it was encrypted with another key (the key check does not match)');
  }
  return cipher;
}

function checkFileMac(bytes: Uint8Array, cipher: NikCipher): void {
  const footerAt = bytes.length - nikFooterBytes;
  const expected = cipher.fileMac(bytes.subarray(0, nikHeaderBytes), bytes.subarray(footerAt, footerAt + nikFooterOffset.fileMac));
  const stored = bytes.subarray(footerAt + nikFooterOffset.fileMac, footerAt + nikFooterOffset.fileMac + nikFileMacBytes);
  if (!equalBytes(expected, stored)) {
    throw corrupt('the file MAC does not verify: header, footer or pages were changed after writing', footerAt + nikFooterOffset.fileMac);
  }
}

interface PayloadContext {
  readonly codec: PayloadCodec;
  readonly cipher: NikCipher | undefined;
  readonly place: { readonly creationTimeMs: number; readonly fileKindByte: number };
}

function decodePayload(entry: NikPageEntry, context: PayloadContext): Uint8Array {
  const page = entry.header;
  const where = `the page at byte ${entry.offsetBytes}`;
  let body = entry.stored;
  if ((page.flags & nikPageFlag.encrypted) !== 0) {
    // The scan checked that every page of an encrypted file is encrypted, so cipher is set.
    const opened = context.cipher?.open({ ...context.place, id: page.id, kind: page.kind, flags: page.flags, rawBytes: page.rawBytes }, body);
    if (opened === undefined) throw corrupt(`${where} fails authentication (tampered, or moved from another place)`, entry.offsetBytes);
    body = opened;
  }
  if ((page.flags & nikPageFlag.compressed) === 0) return body === entry.stored ? body.slice() : body;
  const frame = readZstdFrameHeader(body);
  if (!frame.ok) throw corrupt(`${where}: ${frame.problem}`, entry.offsetBytes);
  if (frame.contentSizeBytes !== BigInt(page.rawBytes)) {
    throw corrupt(`${where}: its zstd frame declares ${frame.contentSizeBytes} bytes, the page ${page.rawBytes}`, entry.offsetBytes);
  }
  const payload = context.codec.decompress(body, page.rawBytes);
  if (payload.length !== page.rawBytes) throw corrupt(`${where} decompressed to ${payload.length} bytes, not ${page.rawBytes}`, entry.offsetBytes);
  return payload;
}

function corrupt(message: string, offsetBytes: number): NoctemError {
  return new NoctemError('FORMAT_CORRUPT', `Cannot read .nik file: ${message}`, { details: { offsetBytes } });
}
