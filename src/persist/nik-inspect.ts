/**
 * Verifies a `.nik` file's structure without a key or a codec, listing every problem
 * instead of throwing: the first half of `noctem verify` (magic, version, lengths, CRC32C,
 * page order, zstd frame headers of unencrypted pages, Merkle root). The GAP-014 checks on
 * the nodes need the decoded pages and live with the node codec.
 */
import { limits } from '../core/index.ts';
import { nikCipherType, type NikFileKindName } from './nik-layout.ts';
import type { NikIssue, NikScanLimits } from './nik-scan-fixed.ts';
import { scanNik } from './nik-scan.ts';

/** A page as `inspectNik` saw it. */
export interface NikPageSummary {
  /** The page id (u64). */
  readonly id: bigint;
  /** The page kind byte. */
  readonly kind: number;
  /** The flag bits. */
  readonly flags: number;
  /** Where its page header starts, in bytes. */
  readonly offsetBytes: number;
  /** Stored payload length in bytes. */
  readonly payloadBytes: number;
  /** Raw payload length in bytes. */
  readonly rawBytes: number;
}

/** The result of {@link inspectNik}. */
export interface NikInspection {
  /** True when no problem was found. */
  readonly valid: boolean;
  /** The problems, in file order of the checks, at most `limits.nikInspectIssuesMax`. */
  readonly errors: readonly NikIssue[];
  /** True when more problems were found than listed. */
  readonly errorsTruncated: boolean;
  /** Header facts, when the file is long enough to have a header. */
  readonly header?: {
    readonly versionMajor: number; readonly versionMinor: number; readonly fileKind: NikFileKindName;
    readonly encrypted: boolean; readonly creationTimeMs: number; readonly lastSnapTimeMs: number;
  };
  /** Footer facts, when the file is long enough to have a footer. */
  readonly footer?: {
    readonly merkleRoot: Uint8Array; readonly parentRoot: Uint8Array; readonly pageCount: number;
    readonly nodeCount: number; readonly rawBytesTotal: number;
  };
  /** The pages walked (all of them when the structure is sound). */
  readonly pages: readonly NikPageSummary[];
}

/** Options for {@link inspectNik}. */
export interface NikInspectOptions {
  /** Size limits. @default the nik* limits of core/limits.ts */
  readonly limits?: NikScanLimits;
}

/**
 * Checks a `.nik` file and lists what is wrong. Never throws on bad input.
 * @param bytes - the whole file, untrusted
 * @param options - the limits
 * @returns validity, the problems found, and what could be read of header, footer and pages
 */
export function inspectNik(bytes: Uint8Array, options: NikInspectOptions = {}): NikInspection {
  const issues: NikIssue[] = [];
  let found = 0;
  const report = (issue: NikIssue): void => {
    found++;
    if (issues.length < limits.nikInspectIssuesMax) issues.push(issue);
  };
  const scan = scanNik(bytes, { report, ...(options.limits === undefined ? {} : { limits: options.limits }) });
  const { header, footer } = scan;
  return {
    valid: found === 0,
    errors: issues,
    errorsTruncated: found > issues.length,
    ...(header === undefined ? {} : {
      header: {
        versionMajor: header.versionMajor, versionMinor: header.versionMinor, fileKind: header.fileKind,
        encrypted: header.cipherType === nikCipherType.chacha20Poly1305,
        creationTimeMs: header.creationTimeMs, lastSnapTimeMs: header.lastSnapTimeMs,
      },
    }),
    ...(footer === undefined ? {} : {
      footer: {
        merkleRoot: footer.merkleRoot, parentRoot: footer.parentRoot, pageCount: footer.pageCount,
        nodeCount: footer.nodeCount, rawBytesTotal: footer.rawBytesTotal,
      },
    }),
    pages: scan.pages.map((entry) => ({
      id: entry.header.id, kind: entry.header.kind, flags: entry.header.flags, offsetBytes: entry.offsetBytes,
      payloadBytes: entry.header.payloadBytes, rawBytes: entry.header.rawBytes,
    })),
  };
}
