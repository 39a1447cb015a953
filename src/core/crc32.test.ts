import { describe, expect, test } from 'vitest';
import { crc32 } from './crc32.ts';

describe('crc32', () => {
  test('crc32() gives the check value for "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  test('crc32() of no bytes is 0', () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});
