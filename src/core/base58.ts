/**
 * Base58btc (the Bitcoin alphabet), the encoding behind multibase prefix `z`, did:key and
 * Data Integrity `proofValue`s. The conversion is quadratic in the input length, so it is
 * meant for short values (keys, signatures, digests); decoding is bounded by
 * `limits.base58CharsMax`.
 */
import { NoctemError } from './errors.ts';
import { limits } from './limits.ts';

/** The 58 characters, in value order (no 0, O, I or l). */
export const base58btcAlphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

const digitByChar = new Map<string, number>([...base58btcAlphabet].map((char, index) => [char, index]));

/**
 * Encodes bytes as base58btc. Each leading zero byte becomes a leading `1`.
 * @param bytes - any bytes
 * @returns the base58btc text (empty for empty input)
 */
export function base58btcEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros += 1;
  // Base-58 digits, least significant first; each input byte multiplies by 256 and adds.
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! * 256;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let text = '1'.repeat(zeros);
  for (let j = digits.length - 1; j >= 0; j--) text += base58btcAlphabet[digits[j]!]!;
  return text;
}

/**
 * Decodes base58btc text. Each leading `1` becomes a leading zero byte.
 * @param text - base58btc characters only, at most `limits.base58CharsMax` of them
 * @returns the bytes
 * @throws {NoctemError} ENCODING_INVALID when a character is outside the alphabet
 * @throws {NoctemError} FILE_TOO_LARGE when the text exceeds the limit
 */
export function base58btcDecode(text: string): Uint8Array {
  if (text.length > limits.base58CharsMax) {
    throw new NoctemError('FILE_TOO_LARGE', `A base58 value has ${text.length} characters, more than ${limits.base58CharsMax}`);
  }
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros += 1;
  // Bytes, least significant first; each digit multiplies by 58 and adds.
  const bytes: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    const digit = digitByChar.get(text[i]!);
    if (digit === undefined) {
      throw new NoctemError('ENCODING_INVALID', `Invalid base58btc character "${text[i]!}" at position ${i}`);
    }
    let carry = digit;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let j = 0; j < bytes.length; j++) out[zeros + j] = bytes[bytes.length - 1 - j]!;
  return out;
}
