/**
 * Goal: the frame-header reader finds the declared content size of standard zstd frames
 * and refuses every frame it cannot bound. Method: frames produced by the reference library
 * (hex pinned here, RFC 8878 layouts) and hand-built headers for each field width.
 */
import { describe, expect, test } from 'vitest';
import { readZstdFrameHeader } from './zstd-frame-header.ts';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const magic = '28b52ffd';

describe('readZstdFrameHeader', () => {
  test('readZstdFrameHeader() reads the 1-byte size of a single-segment frame (empty input)', () => {
    // zstd level 3 of zero bytes: descriptor 0x20 (single segment), size 0x00, one empty raw block.
    expect(readZstdFrameHeader(hex(`${magic} 20 00 010000`))).toEqual({ ok: true, contentSizeBytes: 0n, headerBytes: 6 });
  });

  test('readZstdFrameHeader() reads the 4-byte size after a window descriptor (8 MiB of zeros)', () => {
    expect(readZstdFrameHeader(hex(`${magic} 80 58 00008000 5400`))).toEqual({ ok: true, contentSizeBytes: 8_388_608n, headerBytes: 10 });
  });

  test('readZstdFrameHeader() adds 256 to a 2-byte size (RFC 8878)', () => {
    expect(readZstdFrameHeader(hex(`${magic} 60 0100`))).toEqual({ ok: true, contentSizeBytes: 257n, headerBytes: 7 });
  });

  test('readZstdFrameHeader() reads an 8-byte size', () => {
    expect(readZstdFrameHeader(hex(`${magic} e0 0000000000010000`))).toEqual({ ok: true, contentSizeBytes: 1n << 40n, headerBytes: 13 });
  });

  test('readZstdFrameHeader() refuses a frame that does not declare its size', () => {
    expect(readZstdFrameHeader(hex(`${magic} 00 00 010000`))).toMatchObject({ ok: false });
  });

  test('readZstdFrameHeader() refuses a frame naming a dictionary', () => {
    expect(readZstdFrameHeader(hex(`${magic} 21 07 00`))).toMatchObject({ ok: false });
  });

  test('readZstdFrameHeader() refuses the reserved bit', () => {
    expect(readZstdFrameHeader(hex(`${magic} 28 00 010000`))).toMatchObject({ ok: false });
  });

  test('readZstdFrameHeader() refuses a wrong magic (a skippable frame)', () => {
    expect(readZstdFrameHeader(hex('502a4d18 20 00 010000'))).toMatchObject({ ok: false });
  });

  test('readZstdFrameHeader() refuses a header cut short', () => {
    expect(readZstdFrameHeader(hex(`${magic} e0 00000000`))).toMatchObject({ ok: false });
    expect(readZstdFrameHeader(hex(`${magic} 20`))).toMatchObject({ ok: false });
    expect(readZstdFrameHeader(new Uint8Array(0))).toMatchObject({ ok: false });
  });
});
