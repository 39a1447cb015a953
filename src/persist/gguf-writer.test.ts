/**
 * Goal: writeGguf() produces the GGUF v3 byte layout exactly. Method: a known-answer file built
 * by hand from the GGUF specification (docs/gguf.md of the ggml project), a round trip of every
 * metadata value type through readGguf(), and the writer's assertions on malformed input.
 */
import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import type { GgufValue } from './gguf-format.ts';
import { readGguf } from './gguf-reader.ts';
import { writeGguf } from './gguf-writer.ts';

const hex = (text: string): Uint8Array => Uint8Array.from(text.replace(/\s+/g, '').match(/../g) ?? [], (pair) => parseInt(pair, 16));

describe('writeGguf()', () => {
  it('writeGguf() writes the byte layout of the GGUF specification', () => {
    const file = writeGguf({
      metadata: new Map<string, GgufValue>([['a', { type: 'u8', value: 7 }]]),
      tensors: [{ name: 't', type: 'F32', dims: [2], data: new Uint8Array(Float32Array.of(1, 2).buffer) }],
    });
    const expected = hex(`
      47475546 03000000 0100000000000000 0100000000000000
      0100000000000000 61 00000000 07
      0100000000000000 74 01000000 0200000000000000 00000000 0000000000000000
      ${'00'.repeat(96 - 71)}
      0000803f 00000040 ${'00'.repeat(24)}`);
    expect(file).toEqual(expected);
  });

  it('writeGguf() round-trips every metadata value type through readGguf()', () => {
    const metadata = new Map<string, GgufValue>([
      ['u8', { type: 'u8', value: 255 }], ['i8', { type: 'i8', value: -128 }],
      ['u16', { type: 'u16', value: 65535 }], ['i16', { type: 'i16', value: -32768 }],
      ['u32', { type: 'u32', value: 4294967295 }], ['i32', { type: 'i32', value: -2147483648 }],
      ['u64', { type: 'u64', value: 2n ** 64n - 1n }], ['i64', { type: 'i64', value: -(2n ** 63n) }],
      ['f32', { type: 'f32', value: 1.5 }], ['f64', { type: 'f64', value: Math.PI }],
      ['bool', { type: 'bool', value: true }], ['string', { type: 'string', value: 'ψ ≤ 4 — ünïcode 🌊' }],
      ['strings', { type: 'array', itemType: 'string', value: ['a', '', 'ζ'] }],
      ['floats', { type: 'array', itemType: 'f32', value: [0.5, -2] }],
      ['longs', { type: 'array', itemType: 'i64', value: [-1n, 5n] }],
      ['empty', { type: 'array', itemType: 'u8', value: [] }],
    ]);
    const read = readGguf(writeGguf({ metadata, tensors: [] }));
    expect(read.version).toBe(3);
    expect([...read.metadata]).toEqual([...metadata]);
    expect(read.tensors).toEqual([]);
  });

  it('writeGguf() aligns tensor data to general.alignment', () => {
    const metadata = new Map<string, GgufValue>([['general.alignment', { type: 'u32', value: 64 }]]);
    const tensors = [
      { name: 'x', type: 'I8' as const, dims: [3], data: Uint8Array.of(1, 2, 3) },
      { name: 'y', type: 'F64' as const, dims: [1, 2], data: new Uint8Array(Float64Array.of(1, 2).buffer) },
    ];
    const read = readGguf(writeGguf({ metadata, tensors }));
    expect(read.alignmentBytes).toBe(64);
    expect(read.dataOffsetBytes % 64).toBe(0);
    expect(read.tensors.map((t) => t.offsetBytes)).toEqual([0, 64]);
    expect(read.tensors.map((t) => [...t.data])).toEqual(tensors.map((t) => [...t.data]));
  });

  it('writeGguf() asserts on a duplicate tensor name', () => {
    const tensor = { name: 'x', type: 'I8' as const, dims: [1], data: Uint8Array.of(1) };
    expect(() => writeGguf({ metadata: new Map(), tensors: [tensor, tensor] })).toThrow(AssertionError);
  });

  it('writeGguf() asserts when the data length does not match the shape', () => {
    const tensor = { name: 'x', type: 'F32' as const, dims: [2], data: Uint8Array.of(1, 2, 3, 4) };
    expect(() => writeGguf({ metadata: new Map(), tensors: [tensor] })).toThrow(AssertionError);
  });

  it('writeGguf() asserts on an integer value out of its type range', () => {
    const metadata = new Map<string, GgufValue>([['x', { type: 'u8', value: 256 }]]);
    expect(() => writeGguf({ metadata, tensors: [] })).toThrow(AssertionError);
  });
});
