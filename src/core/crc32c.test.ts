/**
 * Goal: crc32c() is CRC-32C (Castagnoli). Method: the standard check value, the RFC 3720
 * B.4 vectors, and a bit-at-a-time reference on random data of every length modulo 8.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32c } from './crc32c.ts';

function reference(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('crc32c() gives the check value 0xE3069283 for "123456789"', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('crc32c() matches the RFC 3720 B.4 vectors', () => {
    const ascending = Uint8Array.from({ length: 32 }, (_, i) => i);
    const descending = Uint8Array.from({ length: 32 }, (_, i) => 31 - i);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(ascending)).toBe(0x46dd794e);
    expect(crc32c(descending)).toBe(0x113fdb5c);
  });

  it('crc32c() of nothing is 0', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('crc32c() agrees with a bit-at-a-time reference', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => crc32c(bytes) === reference(bytes)));
  });

  it('crc32c() continues from a seed', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
      const whole = new Uint8Array([...a, ...b]);
      return crc32c(b, crc32c(a)) === crc32c(whole);
    }));
  });
});
