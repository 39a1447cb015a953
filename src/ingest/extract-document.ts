/**
 * Runs the extractor for a detected document kind: text kinds are decoded once here and
 * handed over as strings; PDF and DOCX get the raw bytes. Pure apart from what pdfjs and
 * mammoth do inside this process.
 *
 * The PDF, DOCX and HTML extractors (pdfjs, mammoth, htmlparser2) are loaded on first
 * use: every extraction worker would otherwise pay about a quarter of a second at start
 * for parsers most runs of small text files never call.
 */
import { unreachable } from '../core/index.ts';
import type { DetectedType } from './detect-type.ts';
import { extensionOf } from './classify-text.ts';
import { decodeText } from './decode-text.ts';
import type { ExtractedDocument } from './extracted-document.ts';
import type { ExtractLimits } from './extract-limits.ts';
import { extractCode } from './extract-code.ts';
import { extractCsv } from './extract-csv.ts';
import { extractJson } from './extract-json.ts';
import { extractMarkdown } from './extract-markdown.ts';
import { extractPlainText } from './extract-plain-text.ts';

/** A detected type that is a document (not an archive, not unsupported). */
export type DocumentType = Extract<DetectedType, { category: 'document' }>;

/**
 * Extracts one document.
 * @param bytes - the raw file
 * @param type - what `detectType` found
 * @param context - the file's path (for the TSV tie-break) and the limits
 * @throws {NoctemError} INGEST_EXTRACT_FAILED or INGEST_ENCRYPTED from the PDF and DOCX extractors
 */
export async function extractDocument(
  bytes: Uint8Array,
  type: DocumentType,
  context: { readonly path: string; readonly limits: ExtractLimits },
): Promise<ExtractedDocument> {
  const { limits } = context;
  const charsMax = limits.textCharsMax;
  switch (type.kind) {
    case 'pdf': return (await import('./extract-pdf.ts')).extractPdf(bytes, { pagesMax: limits.pdfPagesMax, charsMax });
    case 'docx': return (await import('./extract-docx.ts')).extractDocx(bytes, charsMax);
    default: break;
  }
  const text = decodeText(bytes, type.encoding ?? 'utf-8');
  switch (type.kind) {
    case 'text': return extractPlainText(text, charsMax);
    case 'markdown': return extractMarkdown(text, charsMax);
    case 'html': return (await import('./extract-html.ts')).extractHtml(text, charsMax);
    case 'json': return extractJson(text, { linesMax: limits.jsonLinesMax, depthMax: limits.jsonDepthMax, charsMax });
    case 'code': return extractCode(text, type.language ?? 'unknown', charsMax);
    case 'csv': {
      const tabbed = ['tsv', 'tab'].includes(extensionOf(context.path)) ? '\t' : undefined;
      return extractCsv(text, { rowsMax: limits.csvRowsMax, columnsMax: limits.csvColumnsMax, charsMax }, tabbed);
    }
    default: return unreachable(type.kind);
  }
}
