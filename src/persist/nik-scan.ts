/**
 * The structural walk over a `.nik` file, without a key or a codec: lengths, header,
 * footer, every page's header and CRC32C, page order, the zstd frame headers of plain
 * compressed pages, and the Merkle root (D8). Problems go to a {@link NikReport} callback;
 * `readNik` throws on the first, `inspectNik` lists them. Every loop is bounded by the
 * file's length and `limits.nikPagesMax`.
 */
import { crc32c, limits, merkleLeafHash, merkleRoot, type ErrorCode } from '../core/index.ts';
import {
  decodeNikPageHeader, nikCipherType, nikFooterBytes, nikHeaderBytes, nikPageFlag, nikPageFlagsKnown,
  nikPageHeaderBytes, nikPageOffset, type NikFooter, type NikHeader, type NikPageHeader,
} from './nik-layout.ts';
import { nikSealOverheadBytes } from './nik-cipher.ts';
import {
  checkNikFooter, checkNikHeader, equalBytes, hex32, type NikCheck, type NikIssue, type NikReport, type NikScanLimits,
} from './nik-scan-fixed.ts';
import { readZstdFrameHeader } from './zstd-frame-header.ts';

/** A page found by the walk. */
export interface NikPageEntry {
  /** Its decoded header. */
  readonly header: NikPageHeader;
  /** Where its page header starts, in bytes from the start of the file. */
  readonly offsetBytes: number;
  /** The payload as stored (a view into the file). */
  readonly stored: Uint8Array;
}

/** What the walk found; header and footer are absent when the file is too short for them. */
export interface NikScan {
  /** The decoded header. */
  readonly header: NikHeader | undefined;
  /** The decoded footer. */
  readonly footer: NikFooter | undefined;
  /** The pages in file order. */
  readonly pages: readonly NikPageEntry[];
}

/** The default scan limits, from `core/limits.ts`. */
export const nikScanLimitsDefault: NikScanLimits = Object.freeze({
  fileBytesMax: limits.nikFileBytesMax,
  pagesMax: limits.nikPagesMax,
  pageBytesMax: limits.nikPageBytesMax,
  rawBytesMax: limits.nikRawBytesMax,
});

/**
 * Walks a `.nik` file and reports every structural problem it can see without a key.
 * @param bytes - the whole file, untrusted
 * @param options - the problem callback and the limits
 * @returns the header, footer and pages found (possibly partial when problems were reported)
 */
export function scanNik(
  bytes: Uint8Array,
  options: { readonly report: NikReport; readonly limits?: NikScanLimits },
): NikScan {
  const scanLimits = options.limits ?? nikScanLimitsDefault;
  const report = options.report;
  if (bytes.length > scanLimits.fileBytesMax) {
    report(issue('limit', `the file has ${bytes.length} bytes, more than the ${scanLimits.fileBytesMax} allowed`, 0, 'NIK_TOO_LARGE'));
    return { header: undefined, footer: undefined, pages: [] };
  }
  const minimum = nikHeaderBytes + nikFooterBytes;
  if (bytes.length < minimum) report(issue('length', `the file has ${bytes.length} bytes, fewer than the ${minimum} of a header and a footer`, bytes.length));
  if (bytes.length < nikHeaderBytes) return { header: undefined, footer: undefined, pages: [] };
  const header = checkNikHeader(bytes, report);
  if (bytes.length < minimum) return { header, footer: undefined, pages: [] };
  const footer = checkNikFooter(bytes, header, { limits: scanLimits, report });
  const pages = walkPages(bytes, { header, footer, limits: scanLimits, report });
  return { header, footer, pages };
}

interface WalkContext {
  readonly header: NikHeader;
  readonly footer: NikFooter;
  readonly limits: NikScanLimits;
  readonly report: NikReport;
}

function walkPages(bytes: Uint8Array, context: WalkContext): NikPageEntry[] {
  const { footer, report } = context;
  const end = bytes.length - nikFooterBytes;
  const pages: NikPageEntry[] = [];
  const leafHashes: Uint8Array[] = [];
  let rawTotal = 0;
  let offset = nikHeaderBytes;
  let problem: NikIssue | undefined;
  while (offset < end && problem === undefined) {
    const page = end - offset < nikPageHeaderBytes ? undefined : decodeNikPageHeader(bytes, offset);
    const payloadStart = offset + nikPageHeaderBytes;
    if (pages.length >= context.limits.pagesMax) {
      problem = issue('limit', `the file holds more than the ${context.limits.pagesMax} pages allowed`, offset, 'NIK_TOO_LARGE');
    } else if (page === undefined) {
      problem = issue('length', `${end - offset} bytes before the footer are too few for a page header`, offset);
    } else if (page.payloadBytes > end - payloadStart) {
      problem = issue('length', `the page at byte ${offset} has payload_len ${page.payloadBytes}, past the end of the page section`, offset + nikPageOffset.payloadBytes);
    }
    if (page === undefined || problem !== undefined) break;
    pages.push({ header: page, offsetBytes: offset, stored: bytes.subarray(payloadStart, payloadStart + page.payloadBytes) });
    leafHashes.push(merkleLeafHash(bytes.subarray(offset, payloadStart + page.payloadBytes)));
    rawTotal += page.rawBytes;
    offset = payloadStart + page.payloadBytes;
  }
  // The Merkle root covers every page header and payload, so it is checked before the
  // pages' own fields: damage anywhere in a page reads as damage, not as a strange field.
  const footerAt = bytes.length - nikFooterBytes;
  if (problem !== undefined) {
    report(problem);
  } else {
    checkPageTotals(footer, { pages: pages.length, rawTotal, root: merkleRoot(leafHashes), footerAt, report });
  }
  pages.forEach((entry, i) => checkPage(entry, pages[i - 1], context));
  return pages;
}

function checkPageTotals(
  footer: NikFooter,
  found: { readonly pages: number; readonly rawTotal: number; readonly root: Uint8Array; readonly footerAt: number; readonly report: NikReport },
): void {
  const { footerAt, report } = found;
  if (!equalBytes(found.root, footer.merkleRoot)) report(issue('merkle', 'the Merkle root of the pages does not match the footer', footerAt));
  if (footer.pageCount !== found.pages) report(issue('footer', `the footer says ${footer.pageCount} pages, the file holds ${found.pages}`, footerAt));
  if (footer.rawBytesTotal !== found.rawTotal) report(issue('footer', `the footer says ${footer.rawBytesTotal} raw bytes, the pages declare ${found.rawTotal}`, footerAt));
}

function checkPage(entry: NikPageEntry, previous: NikPageEntry | undefined, context: WalkContext): void {
  const { header: page, offsetBytes: at } = entry;
  const { report } = context;
  const where = `the page at byte ${at}`;
  if ((page.flags & ~nikPageFlagsKnown) !== 0) report(issue('page', `${where} has unknown flag bits 0x${page.flags.toString(16)}`, at + nikPageOffset.flags));
  if (!page.reservedZero) report(issue('page', `${where} has non-zero reserved bytes`, at + nikPageOffset.reserved));
  const encrypted = (page.flags & nikPageFlag.encrypted) !== 0;
  if (encrypted !== (context.header.cipherType === nikCipherType.chacha20Poly1305)) {
    report(issue('page', `${where} is ${encrypted ? '' : 'not '}encrypted, unlike the file's cipher type`, at + nikPageOffset.flags));
  }
  if (page.rawBytes > context.limits.pageBytesMax) {
    report(issue('limit', `${where} declares ${page.rawBytes} raw bytes, more than the ${context.limits.pageBytesMax} allowed`, at + nikPageOffset.rawBytes, 'NIK_TOO_LARGE'));
  }
  const lengthProblem = payloadLengthProblem(page);
  if (lengthProblem !== undefined) report(issue('length', `${where} ${lengthProblem}`, at + nikPageOffset.payloadBytes));
  const crc = crc32c(entry.stored);
  if (crc !== page.checksum) report(issue('crc32c', `${where} has CRC32C 0x${hex32(page.checksum)}, its payload gives 0x${hex32(crc)}`, at + nikPageOffset.checksum));
  if (previous !== undefined && !ascending(previous.header, page)) {
    report(issue('order', `${where} (kind ${page.kind}, id ${page.id}) does not follow (kind ${previous.header.kind}, id ${previous.header.id}) in ascending order`, at));
  }
  if ((page.flags & nikPageFlag.compressed) !== 0 && !encrypted && lengthProblem === undefined) {
    const frame = readZstdFrameHeader(entry.stored);
    if (!frame.ok) report(issue('zstd', `${where}: ${frame.problem}`, at + nikPageHeaderBytes));
    else if (frame.contentSizeBytes !== BigInt(page.rawBytes)) {
      report(issue('zstd', `${where}: its zstd frame declares ${frame.contentSizeBytes} bytes, the page ${page.rawBytes}`, at + nikPageHeaderBytes));
    }
  }
}

/** Why a page's stored length cannot follow from its raw length and flags, if it cannot. */
function payloadLengthProblem(page: NikPageHeader): string | undefined {
  const compressed = (page.flags & nikPageFlag.compressed) !== 0;
  const overhead = (page.flags & nikPageFlag.encrypted) !== 0 ? nikSealOverheadBytes : 0;
  const plainBytes = page.payloadBytes - overhead;
  if (plainBytes < 0) return `has payload_len ${page.payloadBytes}, shorter than the cipher's nonce and tag`;
  // The writer compresses only when that shrinks the payload, so a frame is never longer.
  if (compressed && (page.rawBytes === 0 || plainBytes >= page.rawBytes)) {
    return `is compressed but its frame (${plainBytes} bytes) is not shorter than its raw length ${page.rawBytes}`;
  }
  if (!compressed && plainBytes !== page.rawBytes) return `has payload_len ${page.payloadBytes} for raw length ${page.rawBytes}`;
  return undefined;
}

/** True when page b may follow page a: strictly ascending by (kind, id). */
function ascending(a: NikPageHeader, b: NikPageHeader): boolean {
  return a.kind < b.kind || (a.kind === b.kind && a.id < b.id);
}

function issue(check: NikCheck, message: string, offsetBytes: number, code: ErrorCode = 'FORMAT_CORRUPT'): {
  check: NikCheck; code: ErrorCode; message: string; offsetBytes: number;
} {
  return { check, code, message: `Cannot read .nik file: ${message}`, offsetBytes };
}
