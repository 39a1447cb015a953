/**
 * Goal: NRLE (spec §6.1.2) round-trips every digit stream and refuses every malformed one with
 * FORMAT_CORRUPT, never allocating past the expected length. Method: hand-built streams that
 * pin the byte layout, fast-check round trips over sparse and dense streams, each malformation
 * by name, and random bytes fed to the decoder.
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/helpers/error-code.ts';
import fc from 'fast-check';
import { limits } from './limits.ts';
import { nrleDecode, nrleEncode } from './nrle.ts';

const digit = fc.integer({ min: -4, max: 4 });
const sparseDigit = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: digit });


describe('nrle', () => {
  it('nrleEncode() writes zero runs of 4+ as 0x00 count and the rest as packed nibbles', () => {
    const digits = Int8Array.of(-4, 4, 0, 1, 0, 0, 0, 0, 0, 3);
    expect(Array.from(nrleEncode(digits))).toEqual([0x01, 4, 0x08, 0x45, 0x00, 5, 0x01, 1, 0x70]);
  });

  it('nrleEncode() keeps zero runs of 1..3 that the spec sketch drops', () => {
    const digits = Int8Array.of(2, 0, 0, 0, 2);
    expect(Array.from(nrleDecode(nrleEncode(digits), digits.length))).toEqual([2, 0, 0, 0, 2]);
    expect(Array.from(nrleEncode(digits))).toEqual([0x01, 5, 0x64, 0x44, 0x60]);
  });

  it('nrleEncode() writes long zero runs as LEB128 varints', () => {
    const digits = new Int8Array(300);
    expect(Array.from(nrleEncode(digits))).toEqual([0x00, 0xac, 0x02]);
  });

  it('nrleEncode() caps raw runs at 255 digits', () => {
    const digits = new Int8Array(256).fill(1);
    const bytes = nrleEncode(digits);
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0x01, 0xff, 0x01]);
    expect(bytes.length).toBe(3 + 128 + 3);
  });

  it('nrleDecode() inverts nrleEncode() on sparse and dense streams', () => {
    const stream = fc.oneof(fc.array(sparseDigit, { maxLength: 600 }), fc.array(digit, { maxLength: 600 }));
    fc.assert(fc.property(stream, (values) => {
      const digits = Int8Array.from(values);
      expect(Array.from(nrleDecode(nrleEncode(digits), digits.length))).toEqual(values);
    }));
  });

  it('nrleEncode() compresses a vacuum-dominated page', () => {
    const digits = new Int8Array(100_000);
    for (let i = 0; i < digits.length; i += 1000) digits[i] = 3;
    expect(nrleEncode(digits).length).toBeLessThan(digits.length / 150);
  });

  it('nrleDecode() of the empty stream is the empty array', () => {
    expect(nrleDecode(new Uint8Array(0), 0)).toEqual(new Int8Array(0));
  });

  it('nrleDecode() refuses each malformation with FORMAT_CORRUPT', () => {
    const cases: [number[], number][] = [
      [[0x02, 1], 1], // unknown control byte
      [[0x00, 0], 0], // zero count
      [[0x00, 0x81, 0x00], 1], // overlong varint
      [[0x01, 1, 0x90], 1], // nibble 9
      [[0x01, 1, 0x41], 1], // non-zero pad nibble
      [[0x01, 2, 0x44], 1], // run past the expected length
      [[0x00, 5], 4], // zero run past the expected length
      [[0x01, 4, 0x44], 4], // truncated raw data
      [[0x00], 4], // truncated count
      [[0x00, 0x80], 4], // truncated varint
      [[0x00, 3], 4], // too short
      [[0x00, 4, 0x00], 4], // trailing bytes
      [[0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], 4], // varint past the limit
    ];
    for (const [bytes, length] of cases) expect(codeOf(() => nrleDecode(Uint8Array.from(bytes), length))).toBe('FORMAT_CORRUPT');
  });

  it('nrleDecode() refuses an expected length above limits.nrleDigitsMax before allocating', () => {
    expect(codeOf(() => nrleDecode(Uint8Array.of(0x00, 1), limits.nrleDigitsMax + 1))).toBe('FORMAT_CORRUPT');
    expect(codeOf(() => nrleDecode(Uint8Array.of(0x00, 1), -1))).toBe('FORMAT_CORRUPT');
    expect(codeOf(() => nrleDecode(Uint8Array.of(0x00, 1), 1.5))).toBe('FORMAT_CORRUPT');
  });

  it('nrleDecode() refuses a bomb claiming 2^48 zeros without inflating it', () => {
    const bomb = Uint8Array.of(0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40);
    expect(codeOf(() => nrleDecode(bomb, 16))).toBe('FORMAT_CORRUPT');
  });

  it('nrleDecode() throws only FORMAT_CORRUPT on random bytes', () => {
    const input = fc.tuple(fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 300 }));
    fc.assert(fc.property(input, ([bytes, length]) => {
      const code = codeOf(() => nrleDecode(bytes, length));
      return code === undefined || code === 'FORMAT_CORRUPT';
    }), { numRuns: 5000 });
  });

  it('nrleDecode() throws only FORMAT_CORRUPT on mutated valid streams', () => {
    const input = fc.tuple(fc.array(sparseDigit, { minLength: 1, maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }));
    fc.assert(fc.property(input, ([values, position, flip]) => {
      const bytes = nrleEncode(Int8Array.from(values));
      bytes[position % bytes.length]! ^= flip;
      const code = codeOf(() => nrleDecode(bytes, values.length));
      return code === undefined || code === 'FORMAT_CORRUPT';
    }), { numRuns: 2000 });
  });
});
