/**
 * PDF extraction with pdfjs-dist's legacy (Node) build: text per page, each page a section
 * ("Page N"), title from the document info. pdfjs runs in this process with its "fake
 * worker", `eval` disabled, no font loading and no network; the extraction worker process
 * around it is the isolation boundary. Bundled CMaps make CJK text without embedded
 * fonts readable. Password-protected files fail with INGEST_ENCRYPTED.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { NoctemError } from '../core/index.ts';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ExtractedDocument } from './extracted-document.ts';
import { TextBuilder } from './text-builder.ts';

/** Bounds for {@link extractPdf}. */
export interface PdfLimits {
  /** Pages read; later pages are dropped and the document flagged truncated. */
  readonly pagesMax: number;
  /** Characters of text kept. */
  readonly charsMax: number;
}

type PdfJs = typeof PdfJsModule;
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

let pdfjsLoaded: Promise<PdfJs> | undefined;

/**
 * Extracts the text of a PDF, page by page. A page that fails to parse is left out; the
 * document fails only when no page can be read.
 * @param bytes - the file
 * @param limits - page and character bounds
 * @throws {NoctemError} INGEST_ENCRYPTED when the PDF needs a password
 * @throws {NoctemError} INGEST_EXTRACT_FAILED when pdfjs cannot open the file or read any page
 */
export async function extractPdf(bytes: Uint8Array, limits: PdfLimits): Promise<ExtractedDocument> {
  const pdfjs = await (pdfjsLoaded ??= import('pdfjs-dist/legacy/build/pdf.mjs'));
  const document = await openDocument(pdfjs, bytes);
  try {
    const pageCount = Math.min(document.numPages, limits.pagesMax);
    const builder = new TextBuilder(limits.charsMax);
    let failedPages = 0;
    for (let pageNumber = 1; pageNumber <= pageCount && !builder.full; pageNumber += 1) {
      const pageText = await readPage(document, pageNumber);
      if (pageText === undefined) failedPages += 1;
      else if (pageText.trim() !== '') {
        builder.startSection(`Page ${pageNumber}`);
        builder.verbatim(pageText);
      }
    }
    if (pageCount > 0 && failedPages === pageCount) {
      throw new NoctemError('INGEST_EXTRACT_FAILED', `Cannot read any of the ${pageCount} pages of the PDF`);
    }
    const built = builder.build();
    const title = await titleOf(document);
    return {
      kind: 'pdf',
      text: built.text,
      sections: built.sections,
      truncated: built.truncated || document.numPages > limits.pagesMax,
      ...(title === undefined ? {} : { title }),
    };
  } finally {
    await document.destroy();
  }
}

async function openDocument(pdfjs: PdfJs, bytes: Uint8Array): Promise<PdfDocument> {
  const assets = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({
    // pdfjs may transfer (detach) the buffer it is given, so it gets a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    useWorkerFetch: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
    cMapUrl: `${assets}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${assets}/standard_fonts/`,
  });
  try {
    return await task.promise;
  } catch (error) {
    await task.destroy();
    throw translateOpenError(error);
  }
}

async function readPage(document: PdfDocument, pageNumber: number): Promise<string | undefined> {
  try {
    const page = await document.getPage(pageNumber);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str;
      if (item.hasEOL) text += '\n';
    }
    page.cleanup();
    return text;
  } catch {
    // One broken page should not lose the rest of the document; the caller counts it.
    return undefined;
  }
}

async function titleOf(document: PdfDocument): Promise<string | undefined> {
  try {
    const metadata = await document.getMetadata();
    const info = metadata.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' ? info.Title.replace(/\s+/g, ' ').trim() : '';
    return title === '' ? undefined : title.slice(0, 300);
  } catch {
    // Broken metadata leaves the document without a title; its text is still good.
    return undefined;
  }
}

function translateOpenError(error: unknown): NoctemError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new NoctemError('INGEST_ENCRYPTED', 'Cannot open the PDF: it needs a password', { cause: error });
  }
  return new NoctemError('INGEST_EXTRACT_FAILED', `Cannot open the PDF: ${message}`, { cause: error });
}
