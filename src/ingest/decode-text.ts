/**
 * Decides whether bytes are text and in which encoding, then decodes them. Pure.
 *
 * Text means: a UTF-16 byte-order mark, or valid UTF-8, or (failing that) a legacy 8-bit
 * encoding; in every case no NUL bytes and few control characters. Legacy text is decoded
 * with the charset an HTML `<meta>` declares when the platform knows it, else windows-1252
 * (the WHATWG default, a superset of Latin-1).
 */

/** The verdict on a byte sample. */
export type TextSniff =
  | { readonly isText: true; readonly encoding: string }
  | { readonly isText: false; readonly reason: string };

// Share of control characters (other than tab, line ends, form feed and escape) above
// which a sample is binary. Real text has almost none; binary data has many.
const controlCharsRatioMax = 0.01;
// Share of bytes >= 0x80 above which a sample that is not UTF-8 is called binary: legacy
// 8-bit text is mostly ASCII with accented letters sprinkled in.
const legacyHighBytesRatioMax = 0.3;

/**
 * Classifies the first `sampleBytesMax` bytes of a file as text (with its encoding) or not.
 * @param bytes - the whole file
 * @param sampleBytesMax - bytes examined (the rest is assumed to be like them)
 * @returns the encoding to decode with, or why the bytes are not text
 */
export function sniffText(bytes: Uint8Array, sampleBytesMax: number): TextSniff {
  const sample = bytes.subarray(0, sampleBytesMax);
  const bom = byteOrderMark(sample);
  if (bom !== undefined) return judgeControlChars(new TextDecoder(bom).decode(sample, { stream: true }), bom);
  if (sample.includes(0)) return { isText: false, reason: 'contains NUL bytes' };
  const utf8 = tryDecodeUtf8(sample);
  if (utf8 !== undefined) return judgeControlChars(utf8, 'utf-8');
  let high = 0;
  for (const byte of sample) if (byte >= 0x80) high += 1;
  if (high > sample.length * legacyHighBytesRatioMax) return { isText: false, reason: 'not UTF-8 and mostly non-ASCII bytes' };
  const encoding = declaredCharset(sample) ?? 'windows-1252';
  return judgeControlChars(new TextDecoder(encoding).decode(sample, { stream: true }), encoding);
}

/**
 * Decodes text bytes: drops a byte-order mark, replaces invalid sequences with U+FFFD, and
 * turns CRLF and lone CR line ends into LF.
 * @param bytes - the file
 * @param encoding - a WHATWG encoding label, from {@link sniffText}
 */
export function decodeText(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(bytes).replace(/\r\n?/g, '\n');
}

/**
 * The charset an HTML or XML prologue declares in its first kilobyte, if the platform's
 * TextDecoder supports it.
 * @param sample - the start of the file
 */
export function declaredCharset(sample: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(sample.subarray(0, 1024));
  const match = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  const label = match?.[1]?.toLowerCase();
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    // An unknown label is the document's mistake, not ours: fall back to the default.
    return undefined;
  }
}

function byteOrderMark(sample: Uint8Array): string | undefined {
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return undefined;
}

function tryDecodeUtf8(sample: Uint8Array): string | undefined {
  try {
    // stream: true tolerates a multi-byte sequence cut at the end of the sample.
    return new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    // Invalid UTF-8 is an expected answer here: the caller tries a legacy encoding.
    return undefined;
  }
}

function judgeControlChars(text: string, encoding: string): TextSniff {
  let control = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const allowed = code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d || code === 0x1b;
    if ((code < 0x20 && !allowed) || code === 0x7f || code === 0) control += 1;
  }
  if (control > text.length * controlCharsRatioMax) return { isText: false, reason: 'too many control characters' };
  return { isText: true, encoding };
}
