/**
 * Goal: the canonical store-value form round-trips every value the memory stores (exactly:
 * -0, lone surrogates, typed arrays, key order), pins its bytes, and refuses damaged input
 * with FORMAT_CORRUPT, never a crash, a hang or a huge allocation.
 * Method: a known-bytes vector, fast-check round trips over generated values, and every
 * truncation plus seeded byte mutations of an encoded record.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NoctemError, Xoshiro256pp, bytesToHex, limits } from '../core/index.ts';
import { decodeStoreValue, encodeStoreValue, storeValueHash } from './store-value-codec.ts';

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.boolean(), fc.double(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }),
  fc.uint8Array({ maxLength: 20 }), fc.float32Array({ maxLength: 8 }), fc.float64Array({ maxLength: 8 }),
  fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 8 }).map((a) => Uint16Array.from(a)),
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 4, noNullPrototype: true })),
})).value;

describe('encodeStoreValue()', () => {
  test('writes the documented bytes for a small record', () => {
    const bytes = encodeStoreValue({ id: 'ab', n: 1, v: new Float32Array([1.5]), k: [true, null] });
    expect(bytesToHex(bytes)).toBe(
      '0b04000000' + '0200000069640502000000' + '6162' + '010000006e04000000000000f03f' +
        '0100000076070100000000' + '00c03f' + '010000006b0a0200000003' + '01',
    );
  });

  test('decodeStoreValue() inverts it for any stored value', () => {
    fc.assert(fc.property(value, (v) => {
      const bytes = encodeStoreValue(v);
      const back = decodeStoreValue(bytes);
      expect(back).toStrictEqual(v);
      expect(encodeStoreValue(back)).toEqual(bytes);
    }), { numRuns: 300 });
  });

  test('keeps -0, a lone surrogate and a "__proto__" name exact', () => {
    const tricky = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    tricky['s'] = 'a\uD800b';
    tricky['z'] = -0;
    const back = decodeStoreValue(encodeStoreValue(tricky)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__', 's', 'z']);
    expect(back['s']).toBe('a\uD800b');
    expect(Object.is(back['z'], -0)).toBe(true);
  });

  test('storeValueHash() changes when one byte of the value changes', () => {
    const a = storeValueHash(encodeStoreValue({ text: 'hello' }));
    expect(a).toHaveLength(16);
    expect(storeValueHash(encodeStoreValue({ text: 'hellp' }))).not.toEqual(a);
  });
});

describe('decodeStoreValue()', () => {
  const record = encodeStoreValue({ ordinal: 3, text: 'some chunk text', terms: ['a', 'b'], vector: new Float32Array([1, 2, 3]), key: new Uint8Array([1, 2]) });

  test('refuses every truncation and trailing bytes with FORMAT_CORRUPT', () => {
    for (let end = 0; end < record.length; end++) expect(() => decodeStoreValue(record.subarray(0, end))).toThrow(NoctemError);
    expect(() => decodeStoreValue(Uint8Array.of(...record, 0))).toThrow(/follow the value/);
  });

  test('returns a value or FORMAT_CORRUPT for seeded one-byte mutations', () => {
    const rng = Xoshiro256pp.fromSeed(0xc0dec);
    for (let trial = 0; trial < 500; trial++) {
      const mutated = record.slice();
      mutated[Math.floor(rng.nextFloat64() * mutated.length)] = Math.floor(rng.nextFloat64() * 256);
      try {
        decodeStoreValue(mutated);
      } catch (error) {
        expect((error as NoctemError).code).toBe('FORMAT_CORRUPT');
      }
    }
  });

  test('refuses a count past the end before allocating, and nesting past the limit', () => {
    expect(() => decodeStoreValue(Uint8Array.of(0x07, 0xff, 0xff, 0xff, 0x7f))).toThrow(/more bytes/);
    expect(() => decodeStoreValue(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff))).toThrow(/more bytes/);
    const deep = new Uint8Array((limits.checkpointValueDepthMax + 2) * 5 + 1);
    for (let i = 0; i < limits.checkpointValueDepthMax + 2; i++) deep.set([0x0a, 1, 0, 0, 0], i * 5);
    expect(() => decodeStoreValue(deep)).toThrow(/deeper/);
  });

  test('refuses an unknown tag, invalid UTF-8 and a repeated object name', () => {
    expect(() => decodeStoreValue(Uint8Array.of(0x42))).toThrow(/unknown value tag/);
    expect(() => decodeStoreValue(Uint8Array.of(0x05, 1, 0, 0, 0, 0xff))).toThrow(/UTF-8/);
    const twice = Uint8Array.of(0x0b, 2, 0, 0, 0, 1, 0, 0, 0, 0x61, 0x01, 1, 0, 0, 0, 0x61, 0x01);
    expect(() => decodeStoreValue(twice)).toThrow(/twice/);
  });
});
