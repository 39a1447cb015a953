/**
 * Builds document text from a stream of inline text, line breaks, paragraph breaks and
 * headings, recording each heading as a {@link DocumentSection} whose offsets point into
 * the final text. Used by the HTML and PDF extractors; pure.
 */
import type { DocumentSection } from './extracted-document.ts';

/** The text and sections a {@link TextBuilder} produced. */
export interface BuiltText {
  /** The text, trimmed, with at most one blank line in a row. */
  readonly text: string;
  /** Sections in order; empty when no heading was started. */
  readonly sections: readonly DocumentSection[];
  /** True when a `charsMax` cut the text short. */
  readonly truncated: boolean;
}

/**
 * Accumulates text with whitespace collapsed inside lines. Invariant: the built text never
 * holds more than `charsMax` characters, and every section's `text` is a slice of it.
 */
export class TextBuilder {
  readonly #parts: string[] = [];
  readonly #starts: { heading: string; startChar: number }[] = [];
  readonly #charsMax: number;
  #length = 0;
  #pendingBreak: '' | '\n' | '\n\n' = '';
  #pendingSpace = false;
  #truncated = false;
  #lastWasBreak = false;

  /** @param charsMax - characters kept; later text is dropped and flagged */
  constructor(charsMax: number) {
    this.#charsMax = charsMax;
  }

  /** True once the character limit was reached. */
  get full(): boolean {
    return this.#truncated;
  }

  /** Appends inline text; runs of whitespace become one space. */
  inline(raw: string): void {
    const collapsed = raw.replace(/\s+/g, ' ');
    if (collapsed === '') return;
    const leadingSpace = collapsed.startsWith(' ');
    const body = collapsed.trim();
    if (leadingSpace) this.#pendingSpace = true;
    if (body !== '') this.#append(body);
    if (collapsed.endsWith(' ') && body !== '') this.#pendingSpace = true;
  }

  /** Appends text as it is (for preformatted blocks), keeping its line breaks. */
  verbatim(raw: string): void {
    const lines = raw.replace(/\r\n?/g, '\n').split('\n');
    lines.forEach((line, index) => {
      if (index > 0) this.lineBreak();
      const trimmed = line.replace(/\s+$/, '');
      if (trimmed !== '') this.#append(trimmed);
    });
  }

  /** Ends the current line. */
  lineBreak(): void {
    if (this.#length > 0 && this.#pendingBreak === '') this.#pendingBreak = '\n';
    this.#pendingSpace = false;
  }

  /** Ends the current paragraph (a blank line follows). */
  paragraphBreak(): void {
    if (this.#length > 0) this.#pendingBreak = '\n\n';
    this.#pendingSpace = false;
  }

  /**
   * Starts a section at the current position, after a paragraph break. The heading text
   * is not added to the text (HTML headings arrive as inline text, PDF pages have none).
   * @param heading - the section heading; may be set later with {@link TextBuilder.nameSection}
   * @returns the section's index, for {@link TextBuilder.nameSection}
   */
  startSection(heading = ''): number {
    this.paragraphBreak();
    this.#flushBreak();
    this.#starts.push({ heading: heading.replace(/\s+/g, ' ').trim(), startChar: this.#length });
    return this.#starts.length - 1;
  }

  /** Names a section once its heading text is known; sections left unnamed are dropped. */
  nameSection(index: number, heading: string): void {
    const start = this.#starts[index];
    if (start !== undefined) start.heading = heading.replace(/\s+/g, ' ').trim();
  }

  /** Returns the text and its sections. */
  build(): BuiltText {
    const text = this.#parts.join('');
    const named = this.#starts.filter((start) => start.heading !== '' && start.startChar < text.length);
    const sections = named.map((start, index): DocumentSection => {
      const end = named[index + 1]?.startChar ?? text.length;
      return { heading: start.heading, startChar: start.startChar, text: text.slice(start.startChar, end) };
    });
    return { text, sections, truncated: this.#truncated };
  }

  #append(body: string): void {
    if (this.#truncated) return;
    if (this.#pendingBreak !== '') this.#flushBreak();
    else if (this.#pendingSpace && this.#length > 0) this.#push(' ');
    this.#pendingSpace = false;
    this.#push(body);
    this.#lastWasBreak = false;
  }

  #flushBreak(): void {
    if (this.#pendingBreak !== '' && this.#length > 0 && !this.#lastWasBreak) {
      this.#push(this.#pendingBreak);
      this.#lastWasBreak = true;
    }
    this.#pendingBreak = '';
  }

  #push(piece: string): void {
    const room = this.#charsMax - this.#length;
    if (room <= 0) {
      this.#truncated = true;
      return;
    }
    const kept = piece.length > room ? piece.slice(0, room) : piece;
    if (kept.length < piece.length) this.#truncated = true;
    this.#parts.push(kept);
    this.#length += kept.length;
  }
}
