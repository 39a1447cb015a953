/**
 * The bounds one extraction runs under, with defaults from `core/limits.ts` and checks on
 * values a caller (or noctem.json) supplies. Pure.
 */
import { NoctemError, limits } from '../core/index.ts';

/** Every bound on extracting one root file. All are positive integers. */
export interface ExtractLimits {
  /** Largest file or archive member read, in bytes. */
  readonly fileSizeBytesMax: number;
  /** Archives a member may sit inside. */
  readonly archiveDepthMax: number;
  /** Bytes all archive readers may produce under one root file. */
  readonly archiveExpandedBytesMax: number;
  /** Expanded bytes over root bytes above which expansion aborts. */
  readonly archiveExpansionRatioMax: number;
  /** Expanded bytes below which the ratio is not checked. */
  readonly archiveRatioCheckBytesMin: number;
  /** Entries all archives under one root file may hold. */
  readonly archiveEntriesMax: number;
  /** Characters of text kept per document. */
  readonly textCharsMax: number;
  /** Bytes sampled to classify text. */
  readonly sniffBytesMax: number;
  /** Lines written for one JSON document. */
  readonly jsonLinesMax: number;
  /** JSON nesting flattened. */
  readonly jsonDepthMax: number;
  /** Rows written for one CSV document. */
  readonly csvRowsMax: number;
  /** Cells read per CSV row. */
  readonly csvColumnsMax: number;
  /** Pages read from one PDF. */
  readonly pdfPagesMax: number;
}

/** Overrides for some of the {@link ExtractLimits}; the rest take the defaults. */
export type ExtractLimitsOptions = { readonly [K in keyof ExtractLimits]?: number };

/** The default bounds, from `core/limits.ts`. */
export const defaultExtractLimits: ExtractLimits = Object.freeze({
  fileSizeBytesMax: limits.ingestFileSizeBytesMax,
  archiveDepthMax: limits.archiveDepthMax,
  archiveExpandedBytesMax: limits.archiveExpandedBytesMax,
  archiveExpansionRatioMax: limits.archiveExpansionRatioMax,
  archiveRatioCheckBytesMin: limits.archiveRatioCheckBytesMin,
  archiveEntriesMax: limits.archiveEntriesMax,
  textCharsMax: limits.extractTextCharsMax,
  sniffBytesMax: limits.extractSniffBytesMax,
  jsonLinesMax: limits.extractJsonLinesMax,
  jsonDepthMax: limits.extractJsonDepthMax,
  csvRowsMax: limits.extractCsvRowsMax,
  csvColumnsMax: limits.extractCsvColumnsMax,
  pdfPagesMax: limits.extractPdfPagesMax,
});

/**
 * Merges overrides onto the defaults and checks them.
 * @param options - the caller's overrides
 * @throws {NoctemError} INGEST_OPTIONS_INVALID when a value is not a positive safe integer
 */
export function resolveExtractLimits(options: ExtractLimitsOptions = {}): ExtractLimits {
  const resolved: Record<string, number> = { ...defaultExtractLimits };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in defaultExtractLimits)) continue;
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new NoctemError('INGEST_OPTIONS_INVALID', `The limit ${key} must be a positive integer, got ${String(value)}`);
    }
    resolved[key] = value;
  }
  return resolved as unknown as ExtractLimits;
}
