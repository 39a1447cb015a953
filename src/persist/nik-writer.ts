/**
 * Writes a `.nik` file (spec §6.1.1, DESIGN D8), content-agnostic: callers hand in pages
 * of bytes with an id (the page's Hilbert index) and a kind, and receive the file's bytes.
 *
 * Each payload goes raw → zstd level 3 (kept only when it shrinks; flag COMPRESSED) →
 * ChaCha20-Poly1305 with a synthetic nonce when a key is given (flag ENCRYPTED) → CRC32C
 * over the stored bytes. Pages are written in ascending (kind, id) order; the footer holds
 * the RFC 6962 Merkle root over each page's header ‖ payload as stored. Pure and
 * deterministic: equal input gives equal bytes.
 */
import { NoctemError, assert, crc32c, limits, merkleLeafHash, merkleRoot } from '../core/index.ts';
import {
  encodeNikFooter, encodeNikHeader, encodeNikPageHeader, nikCipherType, nikFileKind, nikFooterBytes, nikFooterOffset, nikHeaderBytes,
  nikHeaderOffset, nikKeyCheckBytes, nikPageFlag, nikPageFlagsCaller, nikPageHeaderBytes, nikRootBytes,
  type NikHeaderFields,
} from './nik-layout.ts';
import { NikCipher } from './nik-cipher.ts';
import { nikHeaderDigest } from './nik-scan-fixed.ts';
import type { PayloadCodec } from './payload-codec.ts';

/** One page to write. */
export interface NikPageInput {
  /** The page id: the Hilbert index of the page, a u64. */
  readonly id: bigint;
  /** The page kind byte (see `nikPageKind`); callers define what its payload holds. */
  readonly kind: number;
  /** The raw payload, at most `limits.nikPageBytesMax` bytes. */
  readonly payload: Uint8Array;
  /** Only DIRTY (0x01) and DELETED (0x08); the writer sets the others. @default 0 */
  readonly flags?: number;
}

/** What {@link writeNik} writes. */
export interface NikWriteInput {
  /** The header's fields. */
  readonly header: NikHeaderFields;
  /** The pages, in any order; no two may share (kind, id). */
  readonly pages: readonly NikPageInput[];
  /** The parent file's Merkle root, 32 bytes, exactly when `header.fileKind` is 'differential'. @default undefined */
  readonly parentRoot?: Uint8Array;
  /** The number of nodes the pages hold, recorded in the footer. */
  readonly nodeCount: number;
}

/** The ports of {@link writeNik} and `readNik`. */
export interface NikPorts {
  /** The zstd codec. */
  readonly codec: PayloadCodec;
  /** A 32-byte key: the file is encrypted exactly when one is given. @default undefined */
  readonly key?: Uint8Array;
}

/** Options for {@link writeNik}. */
export interface NikWriteOptions {
  /** Compress payloads with zstd (when it shrinks them). @default true */
  readonly compress?: boolean;
}

/**
 * Encodes a `.nik` file.
 * @param input - the header fields, pages, parent root and node count
 * @param ports - the codec and, to encrypt, the key
 * @param options - whether to compress
 * @returns the file's bytes
 * @throws {NoctemError} NIK_TOO_LARGE when a page, the page count or the file exceeds its limit
 */
export function writeNik(input: NikWriteInput, ports: NikPorts, options: NikWriteOptions = {}): Uint8Array {
  checkInput(input);
  const cipher = ports.key === undefined ? undefined : new NikCipher(ports.key);
  const header = encodeNikHeader(
    input.header,
    cipher === undefined ? nikCipherType.none : nikCipherType.chacha20Poly1305,
    cipher?.keyCheck ?? new Uint8Array(nikKeyCheckBytes),
  );
  new DataView(header.buffer).setUint32(nikHeaderOffset.crc32c, crc32c(header.subarray(0, nikHeaderOffset.crc32c)), true);
  const sorted = [...input.pages].sort(comparePages);
  const blocks: Uint8Array[] = [];
  let rawBytesTotal = 0;
  let pageSectionBytes = 0;
  for (const page of sorted) {
    const block = encodePage(page, { fields: input.header, codec: ports.codec, compress: options.compress ?? true, cipher });
    blocks.push(block);
    rawBytesTotal += page.payload.length;
    pageSectionBytes += block.length;
  }
  const fileBytes = nikHeaderBytes + pageSectionBytes + nikFooterBytes;
  if (fileBytes > limits.nikFileBytesMax || rawBytesTotal > limits.nikRawBytesMax) {
    throw new NoctemError('NIK_TOO_LARGE', `Cannot write .nik file: it would take ${fileBytes} bytes (${rawBytesTotal} raw), more than allowed`, {
      details: { fileBytes, rawBytesTotal, fileBytesMax: limits.nikFileBytesMax, rawBytesMax: limits.nikRawBytesMax },
    });
  }
  const footer = encodeNikFooter({
    merkleRoot: merkleRoot(blocks.map(merkleLeafHash)),
    parentRoot: input.parentRoot ?? new Uint8Array(nikRootBytes),
    pageCount: blocks.length,
    nodeCount: input.nodeCount,
    rawBytesTotal,
    pageSectionBytes,
    headerDigest: nikHeaderDigest(header),
  });
  if (cipher !== undefined) footer.set(cipher.fileMac(header, footer.subarray(0, nikFooterOffset.fileMac)), nikFooterOffset.fileMac);
  new DataView(footer.buffer).setUint32(nikFooterOffset.crc32c, crc32c(footer.subarray(0, nikFooterOffset.crc32c)), true);
  return concat([header, ...blocks, footer], fileBytes);
}

interface PageContext {
  readonly fields: NikHeaderFields;
  readonly codec: PayloadCodec;
  readonly compress: boolean;
  readonly cipher: NikCipher | undefined;
}

function encodePage(page: NikPageInput, context: PageContext): Uint8Array {
  let flags = page.flags ?? 0;
  let body = page.payload;
  if (context.compress && body.length > 0) {
    const frame = context.codec.compress(body);
    if (frame.length < body.length) {
      body = frame;
      flags |= nikPageFlag.compressed;
    }
  }
  if (context.cipher !== undefined) {
    flags |= nikPageFlag.encrypted;
    body = context.cipher.seal({
      creationTimeMs: context.fields.creationTimeMs,
      fileKindByte: nikFileKind[context.fields.fileKind],
      id: page.id, kind: page.kind, flags, rawBytes: page.payload.length,
    }, body);
  }
  const header = encodeNikPageHeader({
    id: page.id, checksum: crc32c(body), flags, payloadBytes: body.length, kind: page.kind, rawBytes: page.payload.length,
  });
  const block = new Uint8Array(nikPageHeaderBytes + body.length);
  block.set(header, 0);
  block.set(body, nikPageHeaderBytes);
  return block;
}

function checkInput(input: NikWriteInput): void {
  assert(Number.isSafeInteger(input.nodeCount) && input.nodeCount >= 0, 'node count is a safe integer ≥ 0');
  const differential = input.header.fileKind === 'differential';
  assert(differential === (input.parentRoot !== undefined), 'a parent root is given exactly for a differential');
  assert(input.parentRoot === undefined || (input.parentRoot.length === nikRootBytes && input.parentRoot.some((b) => b !== 0)), 'a parent root is 32 bytes, not all zero');
  if (input.pages.length > limits.nikPagesMax) {
    throw new NoctemError('NIK_TOO_LARGE', `Cannot write .nik file: ${input.pages.length} pages, more than the ${limits.nikPagesMax} allowed`);
  }
  const seen = new Set<string>();
  for (const page of input.pages) {
    assert(((page.flags ?? 0) & ~nikPageFlagsCaller) === 0, 'callers set only DIRTY and DELETED');
    if (page.payload.length > limits.nikPageBytesMax) {
      throw new NoctemError('NIK_TOO_LARGE', `Cannot write .nik file: page ${page.id} has ${page.payload.length} bytes, more than the ${limits.nikPageBytesMax} allowed`);
    }
    const key = `${page.kind}:${page.id}`;
    assert(!seen.has(key), `pages have distinct (kind, id); ${key} repeats`);
    seen.add(key);
  }
}

function comparePages(a: NikPageInput, b: NikPageInput): number {
  if (a.kind !== b.kind) return a.kind - b.kind;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function concat(parts: readonly Uint8Array[], totalBytes: number): Uint8Array {
  const out = new Uint8Array(totalBytes);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  assert(offset === totalBytes, 'parts fill the file');
  return out;
}
