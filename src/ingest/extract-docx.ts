/**
 * DOCX extraction with mammoth's `extractRawText`: paragraphs separated by blank lines,
 * including tables, lists, footnotes and text boxes as mammoth reads them. The title
 * comes from `docProps/core.xml` (`dc:title`) when the document sets one.
 */
import mammoth from 'mammoth';
import { NoctemError } from '../core/index.ts';
import type { ExtractedDocument } from './extracted-document.ts';
import { readSmallZipMember } from './zip-directory.ts';

// docProps/core.xml is a few hundred bytes; anything far larger is not worth a title.
const corePropertiesBytesMax = 256 * 1024;

/**
 * Extracts the text of a Word document.
 * @param bytes - the .docx file
 * @param charsMax - characters kept; the rest is cut and flagged
 * @throws {NoctemError} INGEST_EXTRACT_FAILED when mammoth cannot read the document
 */
export async function extractDocx(bytes: Uint8Array, charsMax: number): Promise<ExtractedDocument> {
  let raw: string;
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    raw = result.value;
  } catch (error) {
    throw new NoctemError('INGEST_EXTRACT_FAILED', `Cannot read the Word document: ${messageOf(error)}`, { cause: error });
  }
  const text = raw.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  const title = titleOf(bytes);
  return {
    kind: 'docx',
    text: text.slice(0, charsMax),
    truncated: text.length > charsMax,
    ...(title === undefined ? {} : { title }),
  };
}

function titleOf(bytes: Uint8Array): string | undefined {
  const core = readSmallZipMember(bytes, 'docProps/core.xml', corePropertiesBytesMax);
  if (core === undefined) return undefined;
  const match = /<dc:title>([^<]*)<\/dc:title>/.exec(new TextDecoder().decode(core));
  const title = match?.[1]?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').trim();
  return title === undefined || title === '' ? undefined : title.slice(0, 300);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
