/**
 * Text from a skill made safe to show on the person's terminal. A skill chooses the summary
 * and the scope of its capability requests, so it could try to forge lines of an approval
 * prompt: a newline and a fake `Approve? [y/N]`, an ANSI sequence that clears or moves the
 * cursor, a bidi override that reverses a host name. Every such character is removed (free
 * text) or written as a visible escape (scopes, whose exact characters matter), and the
 * result is capped. Pure.
 */
import { assert } from '../core/index.ts';

// Escape sequences as terminals read them: CSI (ESC [ … final byte, or the 8-bit CSI), OSC
// (ESC ] … BEL or ST, or cut short at the end of the text), and two-byte ESC sequences.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const escapeSequencePattern = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u007e]?/gu;
// Controls (C0, DEL, C1), format characters (bidi overrides, zero-width), line and paragraph
// separators, lone surrogates and private-use characters: none of them prints as itself.
const unsafeCharPattern = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}]/u;
const unsafeCharsPattern = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}]/gu;
// Whitespace controls that separate words: they become a space rather than vanish.
const breakCharsPattern = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;

/** Where {@link sanitizeDisplayText} and {@link escapeDisplayText} cut text that is too long. */
export type DisplayTextCut = 'end' | 'middle';

/**
 * Removes escape sequences and unsafe characters, turns line breaks into spaces, collapses
 * runs of spaces and caps the length with an ellipsis.
 * @param text - untrusted text
 * @param charsMax - code points kept at most, the ellipsis included (≥ 3)
 * @param cut - where an over-long text loses characters. @default 'end'
 * @returns single-line text holding no control, format or separator character
 */
export function sanitizeDisplayText(text: string, charsMax: number, cut: DisplayTextCut = 'end'): string {
  const cleaned = text
    .replace(escapeSequencePattern, '')
    .replace(breakCharsPattern, ' ')
    .replace(unsafeCharsPattern, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return capDisplayText(cleaned, charsMax, cut);
}

/**
 * Writes every unsafe character as a visible escape (`\u001b`), keeping all others, and caps
 * the length, cutting in the middle so both ends (a path's folder and file) stay visible.
 * @param text - untrusted text whose exact characters matter (a host, a path, a secret name)
 * @param charsMax - code points kept at most, the ellipsis included (≥ 3)
 * @returns single-line text holding no control, format or separator character
 */
export function escapeDisplayText(text: string, charsMax: number): string {
  const escaped = text.replace(unsafeCharsPattern, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  return capDisplayText(escaped, charsMax, 'middle');
}

/**
 * True when `text` holds nothing {@link sanitizeDisplayText} would remove: no control,
 * format or separator character. Used to check stored display text read back.
 * @param text - any string
 */
export function isSafeDisplayText(text: string): boolean {
  return !unsafeCharPattern.test(text);
}

function capDisplayText(text: string, charsMax: number, cut: DisplayTextCut): string {
  assert(Number.isInteger(charsMax) && charsMax >= 3, 'display text keeps at least three characters');
  const chars = Array.from(text);
  if (chars.length <= charsMax) return text;
  if (cut === 'end') return `${chars.slice(0, charsMax - 1).join('').trimEnd()}…`;
  const head = Math.ceil((charsMax - 1) / 2);
  const tail = charsMax - 1 - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
