/**
 * The shape every extractor returns: plain text plus the structure worth keeping
 * (title, headed sections). Extractors are pure: bytes or text in, this out.
 */

/** What a document was read as. `text` is the fallback for any readable text. */
export type DocumentKind = 'text' | 'markdown' | 'html' | 'pdf' | 'docx' | 'json' | 'csv' | 'code';

/**
 * A headed part of a document. Invariant: `text === document.text.slice(startChar,
 * startChar + text.length)`, so a section is a view into the document text, never a copy
 * that could drift from it.
 */
export interface DocumentSection {
  /** The heading as the reader sees it (for a PDF, "Page N"). */
  readonly heading: string;
  /** The section's text, from its heading line up to the next section. */
  readonly text: string;
  /** Offset of the section in the document text, in UTF-16 code units. */
  readonly startChar: number;
}

/** The text an extractor found in one document. */
export interface ExtractedDocument {
  /** What the document was read as. */
  readonly kind: DocumentKind;
  /** The document's own title (HTML <title>, first Markdown H1, PDF Title), if it has one. */
  readonly title?: string;
  /** The readable text, with "\n" line ends and "\n\n" between paragraphs. */
  readonly text: string;
  /** Headed sections in document order, when the format has headings or pages. */
  readonly sections?: readonly DocumentSection[];
  /** For code: the language, from the extension or the shebang. */
  readonly language?: string;
  /** True when a limit cut the text short (pages, rows, lines or characters). */
  readonly truncated?: boolean;
}
