/**
 * What extraction reports for each file: text, a failure with a stable code, or a skip.
 * One input file can give many results (an archive gives one per member). Pure.
 */
import { AssertionError } from 'node:assert';
import { createHash } from 'node:crypto';
import { isNoctemError } from '../core/index.ts';
import type { ErrorCode } from '../core/index.ts';
import type { DocumentKind, DocumentSection, ExtractedDocument } from './extracted-document.ts';

/** A file whose text was extracted. */
export interface ExtractedFile {
  readonly ok: true;
  readonly skipped: false;
  /** The file's path; an archive member's is virtual: `dir/a.zip!/docs/b.md`. */
  readonly path: string;
  /** The file on disk (or the caller's input path) the text came from. */
  readonly sourcePath: string;
  /** SHA-256 of the raw bytes (of the member, for an archive member), lowercase hex. */
  readonly contentHash: string;
  /** What the file was read as. */
  readonly kind: DocumentKind;
  /** The detected MIME type. */
  readonly mime: string;
  /** The document's own title, else the file name. */
  readonly title: string;
  /** The extracted text. */
  readonly text: string;
  /** Headed sections (offsets into `text`); empty when the format has none. */
  readonly sections: readonly DocumentSection[];
  /** Size of the raw bytes. */
  readonly sizeBytes: number;
  /** True when a limit cut the text short. */
  readonly truncated: boolean;
  /** For code: the language. */
  readonly language?: string;
}

/** A file that could not be extracted. */
export interface ExtractFailure {
  readonly ok: false;
  readonly skipped: false;
  readonly path: string;
  readonly sourcePath: string;
  /** A stable code from the error catalog (INGEST_*, FILE_NOT_FOUND). */
  readonly code: ErrorCode;
  /** A sentence saying what went wrong. */
  readonly reason: string;
}

/** A file passed over on purpose (empty, binary, an unsupported format). */
export interface ExtractSkip {
  readonly ok: false;
  readonly skipped: true;
  readonly path: string;
  readonly sourcePath: string;
  /** Why it was passed over. */
  readonly reason: string;
}

/** The outcome for one file: check `ok`, then `skipped`. */
export type ExtractResult = ExtractedFile | ExtractFailure | ExtractSkip;

/** Where a result came from. */
export interface ResultOrigin {
  /** The (possibly virtual) path of the file. */
  readonly path: string;
  /** The file on disk it came from. */
  readonly sourcePath: string;
}

/**
 * Builds the success result for an extracted document.
 * @param origin - the file's paths
 * @param bytes - the raw bytes (hashed here)
 * @param document - what the extractor returned
 * @param mime - the detected MIME type
 */
export function extractedFile(origin: ResultOrigin, bytes: Uint8Array, document: ExtractedDocument, mime: string): ExtractedFile {
  return {
    ok: true,
    skipped: false,
    path: origin.path,
    sourcePath: origin.sourcePath,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    kind: document.kind,
    mime,
    title: document.title ?? baseName(origin.path),
    text: document.text,
    sections: document.sections ?? [],
    sizeBytes: bytes.length,
    truncated: document.truncated === true,
    ...(document.language === undefined ? {} : { language: document.language }),
  };
}

/**
 * Builds a failure result.
 * @param origin - the file's paths
 * @param code - the stable error code
 * @param reason - what went wrong
 */
export function extractFailure(origin: ResultOrigin, code: ErrorCode, reason: string): ExtractFailure {
  return { ok: false, skipped: false, path: origin.path, sourcePath: origin.sourcePath, code, reason };
}

/**
 * Builds a failure result from a caught error: a NoctemError keeps its code; anything
 * else (a parser's own exception) becomes INGEST_EXTRACT_FAILED.
 * @param origin - the file's paths
 * @param error - what was caught
 */
export function failureFromError(origin: ResultOrigin, error: unknown): ExtractFailure {
  if (isNoctemError(error)) return extractFailure(origin, error.code, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return extractFailure(origin, 'INGEST_EXTRACT_FAILED', `Cannot extract the file: ${message}`);
}

/**
 * True for a failed assertion: a bug in our code, which business code never turns into a
 * result (STYLE.md "Errors"); it crashes the worker and the pool reports that instead.
 * @param error - what was caught
 */
export function isBug(error: unknown): boolean {
  return error instanceof AssertionError;
}

/**
 * Builds a skip result.
 * @param origin - the file's paths
 * @param reason - why the file was passed over
 */
export function extractSkip(origin: ResultOrigin, reason: string): ExtractSkip {
  return { ok: false, skipped: true, path: origin.path, sourcePath: origin.sourcePath, reason };
}

function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(cut + 1) || path;
}
