/**
 * The byte layout of a `.nik` file (spec §6.1.1, DESIGN D8): sizes, offsets, magic numbers
 * and flags, and the pure codecs of its three fixed-size structures (global header, page
 * header, footer). Little-endian throughout. docs/formats/nik.md is the prose version of
 * this file; keep the two in step.
 *
 * File = header (64 bytes) ‖ pages (24-byte page header ‖ payload, repeated) ‖ footer (128).
 * The decoders here only read fields; the checks that decide whether a file is valid live
 * in `nik-scan.ts`.
 */
import { assert } from '../core/index.ts';

/** Size of the global header in bytes. */
export const nikHeaderBytes = 64;
/** Size of one page header in bytes. */
export const nikPageHeaderBytes = 24;
/** Size of the footer in bytes. */
export const nikFooterBytes = 128;
/** Size of a Merkle root (SHA-256) in bytes. */
export const nikRootBytes = 32;
/** Size of the key check value in the header in bytes. */
export const nikKeyCheckBytes = 16;
/** Size of the header digest (a SHA-256 prefix) in the footer in bytes. */
export const nikHeaderDigestBytes = 8;
/** Size of the file MAC in the footer in bytes (zero bytes in an unencrypted file). */
export const nikFileMacBytes = 16;

/**
 * The header magic, the u32 0x4E494B4F ("NIKO" read big-endian). Written little-endian like
 * every other field, so a file starts with the bytes 4F 4B 49 4E ("OKIN").
 */
export const nikMagic = 0x4e494b4f;
/** The footer's trailing magic, u32 0x4E494B46 ("NIKF"); the file ends with bytes "FKIN". */
export const nikTrailerMagic = 0x4e494b46;
/** The format version this build writes and reads: 0.4. */
export const nikVersion = Object.freeze({ major: 0, minor: 4 });
/** The dimension encoding byte: 0x09, nonary. */
export const nikDimEncoding = 0x09;

/** Cipher type byte of the header. */
export const nikCipherType = { none: 0x00, chacha20Poly1305: 0x01 } as const;
/** A cipher type name. */
export type NikCipherName = keyof typeof nikCipherType;

/** File kind byte of the header (stored in reserved byte 26). */
export const nikFileKind = { full: 0, differential: 1 } as const;
/** A file kind name: a full snapshot or a differential checkpoint naming its parent. */
export type NikFileKindName = keyof typeof nikFileKind;

/** Page flag bits (spec §6.1.1). */
export const nikPageFlag = { dirty: 0x01, compressed: 0x02, encrypted: 0x04, deleted: 0x08 } as const;
/** Every flag bit a page may carry; other bits are corruption. */
export const nikPageFlagsKnown = 0x0f;
/** Flag bits a caller chooses; the writer sets COMPRESSED and ENCRYPTED itself. */
export const nikPageFlagsCaller = nikPageFlag.dirty | nikPageFlag.deleted;

/** Page kinds used by Noctem (byte 17 of the page header); the format accepts any byte. */
export const nikPageKind = { nodes: 0, storeRecords: 1, deletedIds: 2 } as const;

/** The header fields a writer chooses. Times are milliseconds since the Unix epoch. */
export interface NikHeaderFields {
  /** When the file was written, ms since the Unix epoch, a safe integer ≥ 0. */
  readonly creationTimeMs: number;
  /** When the last full snapshot of this chain was written, ms since the Unix epoch. */
  readonly lastSnapTimeMs: number;
  /** A full snapshot, or a differential whose parent is named in the footer. */
  readonly fileKind: NikFileKindName;
}

/** A decoded global header. */
export interface NikHeader extends NikHeaderFields {
  /** Magic as read (u32). */
  readonly magic: number;
  /** Version major as read. */
  readonly versionMajor: number;
  /** Version minor as read. */
  readonly versionMinor: number;
  /** Dimension encoding byte as read. */
  readonly dimEncoding: number;
  /** Cipher type byte as read. */
  readonly cipherType: number;
  /** File kind byte as read (fileKind is 'full' unless this is 1). */
  readonly fileKindByte: number;
  /** Key check value (16 bytes; zero without a cipher). */
  readonly keyCheck: Uint8Array;
  /** True when the reserved ranges are all zero. */
  readonly reservedZero: boolean;
  /** CRC32C stored at offset 60. */
  readonly crc32c: number;
  /** Time fields that did not fit a safe integer (read as -1 then). */
  readonly timesValid: boolean;
}

/** A decoded page header. */
export interface NikPageHeader {
  /** Hilbert index of the page, u64. */
  readonly id: bigint;
  /** CRC32C of the payload as stored. */
  readonly checksum: number;
  /** Flag bits. */
  readonly flags: number;
  /** Length of the payload as stored, in bytes. */
  readonly payloadBytes: number;
  /** Page kind byte. */
  readonly kind: number;
  /** Length of the payload before compression and encryption, in bytes. */
  readonly rawBytes: number;
  /** True when the two trailing reserved bytes are zero. */
  readonly reservedZero: boolean;
}

/** A decoded footer. */
export interface NikFooter {
  /** Merkle root over the pages (D8). */
  readonly merkleRoot: Uint8Array;
  /** Merkle root of the parent file; zero for a full snapshot. */
  readonly parentRoot: Uint8Array;
  /** Number of pages (u64 on disk; a number here, -1 when it exceeds 2^53). */
  readonly pageCount: number;
  /** Number of nodes the writer declared. */
  readonly nodeCount: number;
  /** Sum of all pages' raw lengths, in bytes. */
  readonly rawBytesTotal: number;
  /** Bytes between the header and the footer. */
  readonly pageSectionBytes: number;
  /** First 8 bytes of SHA-256 of the 64 header bytes. */
  readonly headerDigest: Uint8Array;
  /** HMAC of header and footer under the file's key (16 bytes; zero without a cipher). */
  readonly fileMac: Uint8Array;
  /** CRC32C stored at offset 120, over bytes 0..119. */
  readonly crc32c: number;
  /** Trailer magic stored at offset 124. */
  readonly trailerMagic: number;
}

/** Offsets inside the global header. */
export const nikHeaderOffset = {
  magic: 0, versionMajor: 4, versionMinor: 6, creationTime: 8, lastSnapTime: 16,
  dimEncoding: 24, cipherType: 25, fileKind: 26, keyCheck: 32, crc32c: 60,
} as const;

/** Offsets inside a page header. */
export const nikPageOffset = { id: 0, checksum: 8, flags: 12, payloadBytes: 13, kind: 17, rawBytes: 18, reserved: 22 } as const;

/** Offsets inside the footer. */
export const nikFooterOffset = {
  merkleRoot: 0, parentRoot: 32, pageCount: 64, nodeCount: 72, rawBytesTotal: 80,
  pageSectionBytes: 88, headerDigest: 96, fileMac: 104, crc32c: 120, trailerMagic: 124,
} as const;

/**
 * Encodes a global header; the CRC32C at offset 60 is left zero for the caller to fill.
 * @param fields - the writer's fields
 * @param cipherType - a {@link nikCipherType} byte
 * @param keyCheck - 16 bytes (zero without a cipher)
 */
export function encodeNikHeader(fields: NikHeaderFields, cipherType: number, keyCheck: Uint8Array): Uint8Array {
  assert(Number.isSafeInteger(fields.creationTimeMs) && fields.creationTimeMs >= 0, 'creation time is a safe integer ≥ 0');
  assert(Number.isSafeInteger(fields.lastSnapTimeMs) && fields.lastSnapTimeMs >= 0, 'last snapshot time is a safe integer ≥ 0');
  assert(keyCheck.length === nikKeyCheckBytes, 'key check is 16 bytes');
  const out = new Uint8Array(nikHeaderBytes);
  const view = viewOf(out);
  view.setUint32(nikHeaderOffset.magic, nikMagic, true);
  view.setUint16(nikHeaderOffset.versionMajor, nikVersion.major, true);
  view.setUint16(nikHeaderOffset.versionMinor, nikVersion.minor, true);
  view.setBigUint64(nikHeaderOffset.creationTime, BigInt(fields.creationTimeMs), true);
  view.setBigUint64(nikHeaderOffset.lastSnapTime, BigInt(fields.lastSnapTimeMs), true);
  out[nikHeaderOffset.dimEncoding] = nikDimEncoding;
  out[nikHeaderOffset.cipherType] = cipherType;
  out[nikHeaderOffset.fileKind] = nikFileKind[fields.fileKind];
  out.set(keyCheck, nikHeaderOffset.keyCheck);
  return out;
}

/**
 * Decodes the 64 bytes at the start of `bytes` without judging them.
 * @param bytes - at least 64 bytes
 */
export function decodeNikHeader(bytes: Uint8Array): NikHeader {
  assert(bytes.length >= nikHeaderBytes, 'header bytes present');
  const view = viewOf(bytes);
  const creation = safeU64(view, nikHeaderOffset.creationTime);
  const lastSnap = safeU64(view, nikHeaderOffset.lastSnapTime);
  const fileKindByte = bytes[nikHeaderOffset.fileKind]!;
  return {
    magic: view.getUint32(nikHeaderOffset.magic, true),
    versionMajor: view.getUint16(nikHeaderOffset.versionMajor, true),
    versionMinor: view.getUint16(nikHeaderOffset.versionMinor, true),
    creationTimeMs: creation,
    lastSnapTimeMs: lastSnap,
    dimEncoding: bytes[nikHeaderOffset.dimEncoding]!,
    cipherType: bytes[nikHeaderOffset.cipherType]!,
    fileKindByte,
    fileKind: fileKindByte === nikFileKind.differential ? 'differential' : 'full',
    keyCheck: bytes.slice(nikHeaderOffset.keyCheck, nikHeaderOffset.keyCheck + nikKeyCheckBytes),
    reservedZero: allZero(bytes, 27, 32) && allZero(bytes, 48, 60),
    crc32c: view.getUint32(nikHeaderOffset.crc32c, true),
    timesValid: creation >= 0 && lastSnap >= 0,
  };
}

/**
 * Encodes a page header.
 * @param page - the fields; `reservedZero` is ignored (always written as zero)
 */
export function encodeNikPageHeader(page: Omit<NikPageHeader, 'reservedZero'>): Uint8Array {
  assert(page.id >= 0n && page.id < 1n << 64n, 'page id is a u64');
  assert(Number.isInteger(page.kind) && page.kind >= 0 && page.kind <= 0xff, 'page kind is a byte');
  const out = new Uint8Array(nikPageHeaderBytes);
  const view = viewOf(out);
  view.setBigUint64(nikPageOffset.id, page.id, true);
  view.setUint32(nikPageOffset.checksum, page.checksum, true);
  out[nikPageOffset.flags] = page.flags;
  view.setUint32(nikPageOffset.payloadBytes, page.payloadBytes, true);
  out[nikPageOffset.kind] = page.kind;
  view.setUint32(nikPageOffset.rawBytes, page.rawBytes, true);
  return out;
}

/**
 * Decodes the page header at `offset`.
 * @param bytes - the file
 * @param offset - where the page header starts; 24 bytes must follow
 */
export function decodeNikPageHeader(bytes: Uint8Array, offset: number): NikPageHeader {
  assert(offset + nikPageHeaderBytes <= bytes.length, 'page header bytes present');
  const view = viewOf(bytes);
  return {
    id: view.getBigUint64(offset + nikPageOffset.id, true),
    checksum: view.getUint32(offset + nikPageOffset.checksum, true),
    flags: bytes[offset + nikPageOffset.flags]!,
    payloadBytes: view.getUint32(offset + nikPageOffset.payloadBytes, true),
    kind: bytes[offset + nikPageOffset.kind]!,
    rawBytes: view.getUint32(offset + nikPageOffset.rawBytes, true),
    reservedZero: allZero(bytes, offset + nikPageOffset.reserved, offset + nikPageHeaderBytes),
  };
}

/**
 * Encodes a footer; the file MAC (offset 104) and CRC32C (offset 120) are left zero for the
 * caller to fill, in that order.
 * @param footer - the fields; fileMac, crc32c and trailerMagic are ignored
 */
export function encodeNikFooter(footer: Omit<NikFooter, 'fileMac' | 'crc32c' | 'trailerMagic'>): Uint8Array {
  assert(footer.merkleRoot.length === nikRootBytes && footer.parentRoot.length === nikRootBytes, 'roots are 32 bytes');
  assert(footer.headerDigest.length === nikHeaderDigestBytes, 'header digest is 8 bytes');
  const out = new Uint8Array(nikFooterBytes);
  const view = viewOf(out);
  out.set(footer.merkleRoot, nikFooterOffset.merkleRoot);
  out.set(footer.parentRoot, nikFooterOffset.parentRoot);
  for (const key of ['pageCount', 'nodeCount', 'rawBytesTotal', 'pageSectionBytes'] as const) {
    assert(Number.isSafeInteger(footer[key]) && footer[key] >= 0, `${key} is a safe integer ≥ 0`);
    view.setBigUint64(nikFooterOffset[key], BigInt(footer[key]), true);
  }
  out.set(footer.headerDigest, nikFooterOffset.headerDigest);
  view.setUint32(nikFooterOffset.trailerMagic, nikTrailerMagic, true);
  return out;
}

/**
 * Decodes the footer held in the last 128 bytes of `bytes`.
 * @param bytes - the file, at least 128 bytes
 */
export function decodeNikFooter(bytes: Uint8Array): NikFooter {
  assert(bytes.length >= nikFooterBytes, 'footer bytes present');
  const base = bytes.length - nikFooterBytes;
  const view = viewOf(bytes);
  const at = (offset: number): number => base + offset;
  return {
    merkleRoot: bytes.slice(at(nikFooterOffset.merkleRoot), at(nikFooterOffset.merkleRoot) + nikRootBytes),
    parentRoot: bytes.slice(at(nikFooterOffset.parentRoot), at(nikFooterOffset.parentRoot) + nikRootBytes),
    pageCount: safeU64(view, at(nikFooterOffset.pageCount)),
    nodeCount: safeU64(view, at(nikFooterOffset.nodeCount)),
    rawBytesTotal: safeU64(view, at(nikFooterOffset.rawBytesTotal)),
    pageSectionBytes: safeU64(view, at(nikFooterOffset.pageSectionBytes)),
    headerDigest: bytes.slice(at(nikFooterOffset.headerDigest), at(nikFooterOffset.headerDigest) + nikHeaderDigestBytes),
    fileMac: bytes.slice(at(nikFooterOffset.fileMac), at(nikFooterOffset.fileMac) + nikFileMacBytes),
    crc32c: view.getUint32(at(nikFooterOffset.crc32c), true),
    trailerMagic: view.getUint32(at(nikFooterOffset.trailerMagic), true),
  };
}

/**
 * True when bytes [start, end) of `bytes` are all zero.
 * @param bytes - any bytes
 * @param start - first index
 * @param end - one past the last index
 */
export function allZero(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A u64 as a number, or -1 when it does not fit a safe integer. */
function safeU64(view: DataView, offset: number): number {
  const value = view.getBigUint64(offset, true);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : -1;
}
