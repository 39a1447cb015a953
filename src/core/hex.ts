/**
 * Lowercase hexadecimal codec for ids and seeds, without `Buffer`, so pure code can use it in
 * any runtime.
 */

const hexDigits = '0123456789abcdef';

/**
 * True when `text` is an even-length string of hex digits (either case).
 * @param text - the candidate
 */
export function isHex(text: string): boolean {
  return text.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(text);
}

/**
 * Decodes hex to bytes.
 * @param text - even-length hex, either case (callers check {@link isHex} first)
 * @returns one byte per two digits
 * @throws RangeError on a character that is not a hex digit (a bug: callers validate)
 */
export function hexToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length >>> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (nibble(text, 2 * i) << 4) | nibble(text, 2 * i + 1);
  return bytes;
}

function nibble(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  throw new RangeError(`hexToBytes: not a hex digit at ${at}`);
}

/**
 * Encodes bytes as lowercase hex.
 * @param bytes - any bytes
 * @returns two digits per byte
 */
export function bytesToHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += hexDigits[byte >>> 4]! + hexDigits[byte & 15]!;
  return text;
}
