/**
 * DOCX extraction with mammoth: the document is converted to HTML and read by the HTML
 * extractor, so headings become sections and tables, lists, footnotes, endnotes and
 * comments keep their text (mammoth's `extractRawText` drops notes and comments). Images
 * are not decoded and linked external files are never opened. The title comes from
 * `docProps/core.xml` (`dc:title`), else the first level-1 heading.
 */
import mammoth from 'mammoth';
import { NoctemError } from '../core/index.ts';
import type { ExtractedDocument } from './extracted-document.ts';
import { extractHtml } from './extract-html.ts';
import { readSmallZipMember } from './zip-directory.ts';

// docProps/core.xml is a few hundred bytes; anything far larger is not worth a title.
const corePropertiesBytesMax = 256 * 1024;
// Comments are the author's words too; mammoth leaves them out unless mapped.
const styleMap = ['comment-reference => sup'];

/**
 * Extracts the text of a Word document.
 * @param bytes - the .docx file
 * @param charsMax - characters kept; the rest is cut and flagged
 * @throws {NoctemError} INGEST_EXTRACT_FAILED when mammoth cannot read the document
 */
export async function extractDocx(bytes: Uint8Array, charsMax: number): Promise<ExtractedDocument> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { styleMap, externalFileAccess: false, convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new NoctemError('INGEST_EXTRACT_FAILED', `Cannot read the Word document: ${message}`, { cause: error });
  }
  // Mammoth links each note back to its reference with an arrow; the arrow is not text.
  const document = extractHtml(html.replace(/<a href="#[\w-]+-ref-[\w-]+">↑<\/a>/g, ''), charsMax);
  const title = titleOf(bytes) ?? document.title;
  return { ...document, kind: 'docx', ...(title === undefined ? {} : { title }) };
}

function titleOf(bytes: Uint8Array): string | undefined {
  const core = readSmallZipMember(bytes, 'docProps/core.xml', corePropertiesBytesMax);
  if (core === undefined) return undefined;
  const match = /<dc:title>([^<]*)<\/dc:title>/.exec(new TextDecoder().decode(core));
  const title = match?.[1]
    ?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
    .trim();
  return title === undefined || title === '' ? undefined : title.slice(0, 300);
}
