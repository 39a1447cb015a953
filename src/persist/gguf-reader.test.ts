/**
 * Goal: readGguf() accepts valid GGUF files and answers every malformed one with a clear
 * GGUF_* code, never a crash, a hang or an allocation from an unchecked count. Method: a small
 * valid file whose field offsets are known (the writer's known-answer file), patched field by
 * field (wrong magic and version, huge counts, bad UTF-8, unknown types, misaligned, overlapping
 * and out-of-file tensors, trailing bytes), cut at every length, and fuzzed with fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNoctemError, limits, type ErrorCode } from '../core/index.ts';
import type { GgufValue } from './gguf-format.ts';
import { readGguf } from './gguf-reader.ts';
import { writeGguf } from './gguf-writer.ts';
import { fuzzRuns } from '../../test/helpers/fuzz-runs.ts';

/** The writer's known-answer file: key "a" = u8 7, tensor "t" F32 [2] = (1, 2); 128 bytes. */
function smallFile(): Uint8Array {
  return writeGguf({
    metadata: new Map<string, GgufValue>([['a', { type: 'u8', value: 7 }]]),
    tensors: [{ name: 't', type: 'F32', dims: [2], data: new Uint8Array(Float32Array.of(1, 2).buffer) }],
  });
}
/** Field offsets in {@link smallFile}. */
const at = { version: 4, tensorCount: 8, entryCount: 16, keyLength: 24, key: 32, valueType: 33, value: 37, nameLength: 38, dimCount: 47, dim: 51, tensorType: 59, offset: 63 };

function patched(offset: number, write: (view: DataView) => void): Uint8Array {
  const bytes = smallFile();
  write(new DataView(bytes.buffer, offset));
  return bytes;
}

function codeOf(bytes: Uint8Array): ErrorCode | 'ok' {
  try {
    readGguf(bytes);
    return 'ok';
  } catch (error) {
    if (isNoctemError(error)) return error.code;
    throw error;
  }
}

const u32 = (offset: number, value: number): Uint8Array => patched(offset, (view) => view.setUint32(0, value, true));
const u64 = (offset: number, value: bigint): Uint8Array => patched(offset, (view) => view.setBigUint64(0, value, true));

describe('readGguf()', () => {
  it('readGguf() reads the metadata, tensor infos and data of a valid file', () => {
    const file = readGguf(smallFile());
    expect(file.metadata.get('a')).toEqual({ type: 'u8', value: 7 });
    expect(file.dataOffsetBytes).toBe(96);
    expect(file.tensors).toHaveLength(1);
    expect(file.tensors[0]).toMatchObject({ name: 't', type: 'F32', dims: [2], offsetBytes: 0 });
    expect([...new Float32Array(file.tensors[0]!.data.slice().buffer)]).toEqual([1, 2]);
  });

  it('readGguf() refuses a wrong magic with GGUF_NOT_GGUF', () => {
    expect(codeOf(patched(0, (view) => view.setUint8(0, 0x48)))).toBe('GGUF_NOT_GGUF');
    expect(codeOf(new Uint8Array(0))).toBe('GGUF_NOT_GGUF');
  });

  it('readGguf() refuses versions 1 and 4 and a big-endian file with GGUF_VERSION_UNSUPPORTED', () => {
    expect(codeOf(u32(at.version, 1))).toBe('GGUF_VERSION_UNSUPPORTED');
    expect(codeOf(u32(at.version, 4))).toBe('GGUF_VERSION_UNSUPPORTED');
    expect(codeOf(u32(at.version, 0x03000000))).toBe('GGUF_VERSION_UNSUPPORTED');
  });

  it('readGguf() reads version 2, whose layout equals version 3', () => {
    expect(codeOf(u32(at.version, 2))).toBe('ok');
  });

  it('readGguf() refuses counts above their limits with GGUF_LIMIT', () => {
    expect(codeOf(u64(at.tensorCount, 2n ** 63n))).toBe('GGUF_LIMIT');
    expect(codeOf(u64(at.entryCount, BigInt(limits.ggufMetadataEntriesMax + 1)))).toBe('GGUF_LIMIT');
    expect(codeOf(u64(at.keyLength, 2n ** 40n))).toBe('GGUF_LIMIT');
  });

  it('readGguf() refuses counts the remaining bytes cannot hold with GGUF_CORRUPT', () => {
    expect(codeOf(u64(at.tensorCount, 1000n))).toBe('GGUF_CORRUPT');
    expect(codeOf(u64(at.entryCount, 1000n))).toBe('GGUF_CORRUPT');
    expect(codeOf(u64(at.keyLength, 1000n))).toBe('GGUF_CORRUPT');
  });

  it('readGguf() refuses a key that is not UTF-8 with GGUF_CORRUPT', () => {
    expect(codeOf(patched(at.key, (view) => view.setUint8(0, 0xff)))).toBe('GGUF_CORRUPT');
  });

  it('readGguf() refuses an unknown value type and a bool stored as 2 with GGUF_CORRUPT', () => {
    expect(codeOf(u32(at.valueType, 13))).toBe('GGUF_CORRUPT');
    const bool = patched(at.valueType, (view) => view.setUint32(0, 7, true));
    bool[at.value] = 2;
    expect(codeOf(bool)).toBe('GGUF_CORRUPT');
  });

  it('readGguf() refuses a block-quantized tensor type with GGUF_UNSUPPORTED', () => {
    expect(codeOf(u32(at.tensorType, 2))).toBe('GGUF_UNSUPPORTED'); // Q4_0
    expect(codeOf(u32(at.tensorType, 9999))).toBe('GGUF_UNSUPPORTED');
  });

  it('readGguf() refuses nested metadata arrays with GGUF_UNSUPPORTED', () => {
    const file = writeGguf({ metadata: new Map<string, GgufValue>([['n', { type: 'array', itemType: 'u8', value: [1] }]]), tensors: [] });
    new DataView(file.buffer).setUint32(24 + 8 + 1 + 4, 9, true); // item type := array
    expect(codeOf(file)).toBe('GGUF_UNSUPPORTED');
  });

  it('readGguf() refuses bad tensor shapes with GGUF_CORRUPT', () => {
    expect(codeOf(u32(at.dimCount, 0))).toBe('GGUF_CORRUPT');
    expect(codeOf(u32(at.dimCount, 5))).toBe('GGUF_CORRUPT');
    expect(codeOf(u64(at.dim, 0n))).toBe('GGUF_CORRUPT');
    expect(codeOf(u64(at.dim, 2n ** 62n))).toBe('GGUF_CORRUPT');
    expect(codeOf(u64(at.dim, 100n))).toBe('GGUF_CORRUPT'); // data past the end
  });

  it('readGguf() refuses a misaligned or out-of-file tensor offset with GGUF_CORRUPT', () => {
    expect(codeOf(u64(at.offset, 4n))).toBe('GGUF_CORRUPT');
    expect(codeOf(u64(at.offset, 64n))).toBe('GGUF_CORRUPT');
    expect(codeOf(u64(at.offset, 2n ** 63n))).toBe('GGUF_CORRUPT');
  });

  it('readGguf() refuses overlapping tensors with GGUF_CORRUPT', () => {
    const tensor = (name: string) => ({ name, type: 'I8' as const, dims: [4], data: Uint8Array.of(1, 2, 3, 4) });
    const file = writeGguf({ metadata: new Map(), tensors: [tensor('x'), tensor('y')] });
    expect(codeOf(file)).toBe('ok');
    const secondOffset = 24 + (8 + 1 + 4 + 8 + 4 + 8) + (8 + 1 + 4 + 8 + 4);
    new DataView(file.buffer).setBigUint64(secondOffset, 0n, true);
    expect(codeOf(file)).toBe('GGUF_CORRUPT');
  });

  it('readGguf() refuses a repeated key or tensor name with GGUF_CORRUPT', () => {
    const file = writeGguf({ metadata: new Map<string, GgufValue>([['a', { type: 'u8', value: 1 }], ['b', { type: 'u8', value: 2 }]]), tensors: [] });
    file[24 + 8 + 1 + 4 + 1 + 8] = 0x61; // second key "b" := "a"
    expect(codeOf(file)).toBe('GGUF_CORRUPT');
  });

  it('readGguf() refuses bytes after the last tensor and a cut-off final padding with GGUF_CORRUPT', () => {
    const file = smallFile();
    const longer = new Uint8Array(file.length + 32);
    longer.set(file);
    expect(codeOf(longer)).toBe('GGUF_CORRUPT');
    expect(codeOf(file.subarray(0, 104))).toBe('GGUF_CORRUPT');
  });

  it('readGguf() answers a file cut at every length with a GGUF_* error', () => {
    const file = smallFile();
    for (let length = 0; length < file.length; length++) {
      expect(codeOf(file.subarray(0, length)), `cut at ${length}`).toMatch(/^GGUF_/);
    }
  });

  it('readGguf() answers random mutations with a valid parse or a GGUF_* error', () => {
    const file = smallFile();
    fc.assert(fc.property(
      fc.array(fc.record({ offset: fc.nat({ max: file.length - 1 }), value: fc.nat({ max: 255 }) }), { minLength: 1, maxLength: 8 }),
      (edits) => {
        const bytes = file.slice();
        for (const edit of edits) bytes[edit.offset] = edit.value;
        expect(codeOf(bytes)).toMatch(/^(ok|GGUF_)/);
      },
    ), { numRuns: fuzzRuns(500), seed: 5 });
  });
});
