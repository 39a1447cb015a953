/**
 * Goal: base58btc, base64url and multibase round-trip, match known encodings and reject
 * malformed text with ENCODING_INVALID.
 * Method: fixed vectors (the did:key spec's publicKeyBase58 for the all-zero seed, RFC 4648
 * examples), fast-check round trips, and malformed inputs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base58btcDecode, base58btcEncode } from './base58.ts';
import { base64urlDecode, base64urlEncode, multibaseDecode, multibaseEncode } from './multibase.ts';
import { bytesToHex } from './hex.ts';
import { isNoctemError } from './errors.ts';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return isNoctemError(error) ? error.code : 'not-a-NoctemError';
  }
}

describe('base58btc', () => {
  it('base58btcEncode() keeps leading zero bytes as "1"', () => {
    expect(base58btcEncode(Uint8Array.of(0, 0, 1))).toBe('112');
    expect(base58btcEncode(new Uint8Array(0))).toBe('');
  });

  it('base58btcEncode() matches a published value ("hello world")', () => {
    expect(base58btcEncode(new TextEncoder().encode('hello world'))).toBe('StV1DL6CwTryKyV');
  });

  it('base58btcDecode() round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(bytesToHex(base58btcDecode(base58btcEncode(bytes)))).toBe(bytesToHex(bytes));
      }),
    );
  });

  it('base58btcDecode() rejects characters outside the alphabet', () => {
    expect(codeOf(() => base58btcDecode('abc0'))).toBe('ENCODING_INVALID');
    expect(codeOf(() => base58btcDecode('Il'))).toBe('ENCODING_INVALID');
  });

  it('base58btcDecode() rejects text over the limit', () => {
    expect(codeOf(() => base58btcDecode('2'.repeat(10_000)))).toBe('FILE_TOO_LARGE');
  });
});

describe('base64url', () => {
  it('base64urlEncode() matches RFC 4648 examples without padding', () => {
    const encode = (text: string): string => base64urlEncode(new TextEncoder().encode(text));
    expect([encode(''), encode('f'), encode('fo'), encode('foo'), encode('foob'), encode('fooba'), encode('foobar')]).toEqual([
      '', 'Zg', 'Zm8', 'Zm9v', 'Zm9vYg', 'Zm9vYmE', 'Zm9vYmFy',
    ]);
    expect(base64urlEncode(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
  });

  it('base64urlDecode() round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(bytesToHex(base64urlDecode(base64urlEncode(bytes)))).toBe(bytesToHex(bytes));
      }),
    );
  });

  it('base64urlDecode() rejects padding, other alphabets and non-canonical tails', () => {
    expect(codeOf(() => base64urlDecode('Zg=='))).toBe('ENCODING_INVALID');
    expect(codeOf(() => base64urlDecode('+/8'))).toBe('ENCODING_INVALID');
    expect(codeOf(() => base64urlDecode('Zh'))).toBe('ENCODING_INVALID');
    expect(codeOf(() => base64urlDecode('Z'))).toBe('ENCODING_INVALID');
  });
});

describe('multibase', () => {
  it('multibaseEncode() prefixes z for base58btc and u for base64url', () => {
    expect(multibaseEncode(Uint8Array.of(1, 2), 'base58btc')).toBe('z5T');
    expect(multibaseEncode(Uint8Array.of(1, 2), 'base64url')).toBe('uAQI');
  });

  it('multibaseDecode() round-trips both bases', () => {
    const bytes = Uint8Array.of(0, 9, 200, 7);
    expect(bytesToHex(multibaseDecode(multibaseEncode(bytes, 'base58btc')).bytes)).toBe('0009c807');
    expect(multibaseDecode(multibaseEncode(bytes, 'base64url')).base).toBe('base64url');
  });

  it('multibaseDecode() rejects unknown and unexpected prefixes', () => {
    expect(codeOf(() => multibaseDecode('mAQI'))).toBe('ENCODING_INVALID');
    expect(codeOf(() => multibaseDecode('uAQI', 'base58btc'))).toBe('ENCODING_INVALID');
    expect(codeOf(() => multibaseDecode(''))).toBe('ENCODING_INVALID');
  });
});
