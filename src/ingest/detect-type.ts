/**
 * Decides what a file is from its content, never its name (spec §5.3.2): file-type's
 * magic numbers for binary formats (PDF, ZIP, DOCX, gzip, tar), then text heuristics
 * (see `decode-text.ts` and `classify-text.ts`). The name only breaks ties between text
 * kinds. Pure.
 *
 * Text beats weak magic. file-type also matches short signatures that prose can start
 * with: "BM" is a BMP, "wide" or "free" at offset 4 a QuickTime movie, "solid " an STL
 * model, "SQLi" a database ("BMI-1 Autoantibody…" and "The widespread…" are SciFact
 * abstracts). A sample that sniffs as text (no NUL bytes, valid UTF-8 or mostly-ASCII
 * legacy 8-bit, few control characters) is therefore read as text unless file-type found
 * one of the strong signatures listed below. Real files in the weak formats carry binary
 * headers (NUL bytes, sizes, bytes >= 0x80), so they still fail the text sniff.
 */
import { fileTypeFromBuffer } from 'file-type';
import { limits } from '../core/index.ts';
import type { DocumentKind } from './extracted-document.ts';
import { classifyText } from './classify-text.ts';
import { decodeText, sniffText } from './decode-text.ts';
import { listZipNames } from './zip-directory.ts';

/** Archive formats opened recursively. */
export type ArchiveKind = 'zip' | 'tar' | 'gzip';

/** What a file was found to be. */
export type DetectedType =
  | {
      readonly category: 'document';
      readonly kind: DocumentKind;
      readonly mime: string;
      /** For text kinds: the WHATWG encoding to decode with. */
      readonly encoding?: string;
      /** For code: the language. */
      readonly language?: string;
    }
  | { readonly category: 'archive'; readonly kind: ArchiveKind; readonly mime: string }
  | { readonly category: 'unsupported'; readonly reason: string; readonly mime?: string };

/** Options for {@link detectType}. */
export interface DetectTypeOptions {
  /** A file name or virtual path; its extension breaks ties between text kinds. @default undefined */
  readonly nameHint?: string;
  /** Bytes of a text file sampled for the heuristics. @default limits.extractSniffBytesMax */
  readonly sniffBytesMax?: number;
  /** ZIP directory entries examined to tell a .docx from a plain zip. @default limits.archiveEntriesMax */
  readonly zipNamesMax?: number;
}

const textMimes: Readonly<Record<string, string>> = {
  text: 'text/plain', markdown: 'text/markdown', html: 'text/html', json: 'application/json', csv: 'text/csv', code: 'text/plain',
};
/**
 * file-type results trusted over a text sniff: formats whose signature is long or fixed
 * enough that no ordinary text starts with it by chance (or, for the binary ones, that a
 * text sample cannot contain). Everything else file-type reports for a text sample
 * is taken to be a coincidence, and the file is read as text.
 */
const strongSignatureExtensions: ReadonlySet<string> = new Set([
  // Formats we read or open: "%PDF", "PK\x03\x04" (and the OOXML/ODF kinds inside), gzip
  // 1F 8B, tar's "ustar" at offset 257.
  'pdf', 'zip', 'docx', 'xlsx', 'pptx', 'epub', 'odt', 'ods', 'odp', 'jar', 'apk', 'xpi', 'gz', 'tar.gz', 'tar',
  // Binary formats with 4+ byte signatures outside printable text.
  'png', 'apng', 'jpg', 'gif', 'webp', 'tif', '7z', 'rar', 'bz2', 'xz', 'zst', 'lz4', 'wasm', 'elf', 'exe', 'macho',
  'class', 'woff', 'woff2', 'otf', 'ttf', 'flac', 'ogg', 'oga', 'ogv', 'opus', 'wav', 'avi', 'mkv', 'webm', 'cfb',
  // Text-shaped formats with long literal signatures we do not index as prose.
  'ps', 'eps', 'rtf', 'pgp', 'vcf', 'ics', 'vtt', 'reg', 'ar', 'deb',
]);
// PDF readers accept junk before the header, and even a missing header when the body is
// plainly PDF objects; the window below is where we look for either.
const pdfSniffBytes = 4096;

/**
 * Detects a file's type from its bytes.
 * @param bytes - the whole file
 * @param options - the name hint and sampling bounds
 * @returns a document kind, an archive kind, or why the file is not supported
 */
export async function detectType(bytes: Uint8Array, options: DetectTypeOptions = {}): Promise<DetectedType> {
  if (bytes.length === 0) return { category: 'unsupported', reason: 'empty file' };
  const sniffBytesMax = options.sniffBytesMax ?? limits.extractSniffBytesMax;
  const sniff = sniffText(bytes, sniffBytesMax);
  // A UTF-16 byte-order mark (FF FE) also looks like an MPEG audio sync word to file-type.
  const utf16 = sniff.isText && sniff.encoding.startsWith('utf-16');
  const magic = utf16 ? undefined : await magicOf(bytes);
  const trusted = magic !== undefined && magic.ext !== 'xml' && (!sniff.isText || strongSignatureExtensions.has(magic.ext));
  if (trusted) return binaryType(bytes, magic, options.zipNamesMax ?? limits.archiveEntriesMax);
  if (looksLikePdf(bytes)) return { category: 'document', kind: 'pdf', mime: 'application/pdf' };
  if (!sniff.isText) return { category: 'unsupported', reason: `binary data of unknown type (${sniff.reason})` };
  const complete = bytes.length <= sniffBytesMax;
  const sample = decodeText(bytes.subarray(0, sniffBytesMax), sniff.encoding);
  const lastChar = lastNonSpaceChar(bytes);
  const classification = classifyText(sample, {
    complete,
    ...(lastChar === undefined ? {} : { lastChar }),
    ...(options.nameHint === undefined ? {} : { nameHint: options.nameHint }),
  });
  return {
    category: 'document',
    kind: classification.kind,
    mime: textMimes[classification.kind] ?? 'text/plain',
    encoding: sniff.encoding,
    ...(classification.language === undefined ? {} : { language: classification.language }),
  };
}

function binaryType(bytes: Uint8Array, magic: { ext: string; mime: string }, zipNamesMax: number): DetectedType {
  switch (magic.ext) {
    case 'pdf': return { category: 'document', kind: 'pdf', mime: magic.mime };
    case 'docx': return { category: 'document', kind: 'docx', mime: magic.mime };
    case 'tar': return { category: 'archive', kind: 'tar', mime: magic.mime };
    case 'gz':
    case 'tar.gz': return { category: 'archive', kind: 'gzip', mime: magic.mime };
    case 'zip': {
      const isDocx = listZipNames(bytes, zipNamesMax).includes('word/document.xml');
      return isDocx
        ? { category: 'document', kind: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }
        : { category: 'archive', kind: 'zip', mime: magic.mime };
    }
    default: return { category: 'unsupported', reason: `${magic.ext} files (${magic.mime}) are not supported`, mime: magic.mime };
  }
}

async function magicOf(bytes: Uint8Array): Promise<{ ext: string; mime: string } | undefined> {
  try {
    return await fileTypeFromBuffer(bytes);
  } catch {
    // file-type can throw on some truncated containers; the text heuristics then decide.
    return undefined;
  }
}

function looksLikePdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, pdfSniffBytes));
  const objects = /(^|[\r\n])\d+\s+\d+\s+obj\b/.test(head);
  const header = /(^|[\r\n])%PDF-\d/.test(head.slice(0, 1040));
  return objects && (header || (head.startsWith('%') && head.includes('endobj')));
}

function lastNonSpaceChar(bytes: Uint8Array): string | undefined {
  for (let index = bytes.length - 1; index >= 0 && index >= bytes.length - 4096; index -= 1) {
    const byte = bytes[index] as number;
    if (byte > 0x20) return String.fromCharCode(byte);
  }
  return undefined;
}
