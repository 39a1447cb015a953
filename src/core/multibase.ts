/**
 * Multibase (the self-describing base encoding of the Multiformats project, used by
 * did:key, Multikey `publicKeyMultibase` and Data Integrity `proofValue`): a one-character
 * prefix names the base. We read and write the two bases the W3C specs use:
 * `z` base58btc (short values: keys, Ed25519 signatures, digests) and `u` base64url without
 * padding (large values: SLH-DSA signatures, sealed secrets), plus plain base64url.
 */
import { base58btcDecode, base58btcEncode } from './base58.ts';
import { NoctemError } from './errors.ts';
import { limits } from './limits.ts';

/** The multibase bases we support. */
export type MultibaseBase = 'base58btc' | 'base64url';

const prefixByBase = { base58btc: 'z', base64url: 'u' } as const satisfies Record<MultibaseBase, string>;

const base64urlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const valueByBase64urlChar = new Map<string, number>([...base64urlAlphabet].map((char, index) => [char, index]));

/**
 * Encodes bytes as base64url without padding (RFC 4648 §5).
 * @param bytes - any bytes
 * @returns ceil(4n/3) characters from `A-Z a-z 0-9 - _`
 */
export function base64urlEncode(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const triple = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    text += base64urlAlphabet[(triple >>> 18) & 63]! + base64urlAlphabet[(triple >>> 12) & 63]!;
    if (b1 !== undefined) text += base64urlAlphabet[(triple >>> 6) & 63]!;
    if (b2 !== undefined) text += base64urlAlphabet[triple & 63]!;
  }
  return text;
}

/**
 * Decodes unpadded base64url strictly: no padding, whitespace or other alphabets, and the
 * unused low bits of the last character must be zero, so every byte string has exactly one
 * accepted encoding.
 * @param text - at most `limits.multibaseCharsMax` characters
 * @throws {NoctemError} ENCODING_INVALID when the text is not canonical base64url
 * @throws {NoctemError} FILE_TOO_LARGE when the text exceeds the limit
 */
export function base64urlDecode(text: string): Uint8Array {
  checkLength(text);
  if (text.length % 4 === 1) throw new NoctemError('ENCODING_INVALID', `A base64url value cannot have ${text.length} characters`);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let bitCount = 0;
  let offset = 0;
  for (let i = 0; i < text.length; i++) {
    const value = valueByBase64urlChar.get(text[i]!);
    if (value === undefined) {
      throw new NoctemError('ENCODING_INVALID', `Invalid base64url character "${text[i]!}" at position ${i}`);
    }
    bits = ((bits << 6) | value) & 0xffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[offset++] = (bits >>> bitCount) & 0xff;
    }
  }
  if ((bits & ((1 << bitCount) - 1)) !== 0) throw new NoctemError('ENCODING_INVALID', 'A base64url value has non-zero padding bits');
  return out;
}

/**
 * Encodes bytes as multibase text.
 * @param bytes - any bytes
 * @param base - `base58btc` (prefix `z`) or `base64url` (prefix `u`)
 */
export function multibaseEncode(bytes: Uint8Array, base: MultibaseBase): string {
  return base === 'base58btc' ? `z${base58btcEncode(bytes)}` : `u${base64urlEncode(bytes)}`;
}

/**
 * Decodes multibase text in one of the supported bases.
 * @param text - `z…` or `u…`
 * @param expected - the base the caller requires. @default any supported base
 * @returns the base found and the bytes
 * @throws {NoctemError} ENCODING_INVALID when the prefix is unknown or unexpected, or the body is invalid
 */
export function multibaseDecode(text: string, expected?: MultibaseBase): { base: MultibaseBase; bytes: Uint8Array } {
  checkLength(text);
  const prefix = text.slice(0, 1);
  const base = prefix === prefixByBase.base58btc ? 'base58btc' : prefix === prefixByBase.base64url ? 'base64url' : undefined;
  if (base === undefined) throw new NoctemError('ENCODING_INVALID', `Unsupported multibase prefix "${prefix}" (expected "z" or "u")`);
  if (expected !== undefined && base !== expected) {
    throw new NoctemError('ENCODING_INVALID', `Expected multibase ${expected} ("${prefixByBase[expected]}"), found "${prefix}"`);
  }
  const body = text.slice(1);
  return { base, bytes: base === 'base58btc' ? base58btcDecode(body) : base64urlDecode(body) };
}

function checkLength(text: string): void {
  if (text.length > limits.multibaseCharsMax) {
    throw new NoctemError('FILE_TOO_LARGE', `An encoded value has ${text.length} characters, more than ${limits.multibaseCharsMax}`);
  }
}
