import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, hexToBytes, isHex } from './hex.ts';

describe('hex', () => {
  test('bytesToHex() round-trips through hexToBytes()', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect(hexToBytes(bytesToHex(bytes))).toEqual(bytes);
    }));
  });

  test('isHex() accepts even-length hex and rejects the rest', () => {
    expect([isHex('00ff'), isHex('0'), isHex('zz'), isHex('')]).toEqual([true, false, false, true]);
  });

  test('hexToBytes() rejects a non-hex digit', () => {
    expect(() => hexToBytes('0g')).toThrow(RangeError);
  });
});
