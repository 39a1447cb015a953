/**
 * Goal: ZstdCodec writes standard zstd frames and never decompresses past the size its
 * caller allows. Method: the Debian `zstd` command decompresses a payload taken out of a
 * real `.nik` file (and compresses one we read back), and hostile frames — a real 8 MiB
 * bomb, a frame without a declared size, a lying size, damaged blocks — must each give
 * FORMAT_CORRUPT.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { isNoctemError } from '../core/index.ts';
import { inspectNik } from './nik-inspect.ts';
import { writeNik } from './nik-writer.ts';
import { ZstdCodec } from './zstd-codec.ts';

const hasZstdCommand = spawnSync('zstd', ['--version']).status === 0;
let codec: ZstdCodec;
beforeAll(async () => {
  codec = await ZstdCodec.create();
});

function textBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isNoctemError(error) ? error.code : `not a NoctemError: ${String(error)}`;
  }
  return 'no error';
}

/** A zstd frame with no Frame_Content_Size: descriptor 0, window byte, one raw last block. */
function frameWithoutSize(content: Uint8Array): Uint8Array {
  const blockHeader = (content.length << 3) | 1; // Last_Block = 1, Block_Type = raw (0).
  return Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, blockHeader & 0xff, (blockHeader >> 8) & 0xff, blockHeader >> 16, ...content]);
}

describe('ZstdCodec', () => {
  test('ZstdCodec.decompress() inverts compress()', () => {
    const raw = textBytes('the torus remembers '.repeat(500));
    const frame = codec.compress(raw);
    expect(frame.length).toBeLessThan(raw.length);
    expect(codec.decompress(frame, raw.length)).toEqual(raw);
  });

  test('ZstdCodec.decompress() reads an empty frame', () => {
    expect(codec.decompress(codec.compress(new Uint8Array(0)), 0)).toEqual(new Uint8Array(0));
  });

  test.skipIf(!hasZstdCommand)('a .nik page payload decompresses with the Debian zstd command', () => {
    const raw = textBytes('nonary wave memory, page one. '.repeat(300));
    const file = writeNik({
      header: { creationTimeMs: 1_700_000_000_000, lastSnapTimeMs: 1_700_000_000_000, fileKind: 'full' },
      pages: [{ id: 42n, kind: 0, payload: raw }],
      nodeCount: 1,
    }, { codec });
    const page = inspectNik(file).pages[0]!;
    expect(page.flags & 0x02).toBe(0x02);
    const start = page.offsetBytes + 24;
    const stored = file.subarray(start, start + page.payloadBytes);
    const out = execFileSync('zstd', ['-d', '-c', '-q'], { input: stored });
    expect(new Uint8Array(out)).toEqual(raw);
  });

  test.skipIf(!hasZstdCommand)('ZstdCodec.decompress() reads a frame made by the Debian zstd command', () => {
    const raw = textBytes('written by the reference command line. '.repeat(200));
    // From a pipe zstd cannot know the size, so it is told; the codec requires it declared.
    const frame = new Uint8Array(execFileSync('zstd', ['-3', '-c', '-q', `--stream-size=${raw.length}`], { input: raw }));
    expect(codec.decompress(frame, raw.length)).toEqual(raw);
  });

  test.skipIf(!hasZstdCommand)('ZstdCodec.decompress() refuses a streamed frame of the Debian zstd command (no declared size)', () => {
    const frame = new Uint8Array(execFileSync('zstd', ['-3', '-c', '-q'], { input: textBytes('streamed '.repeat(50)) }));
    expect(codeOf(() => codec.decompress(frame, 1024 * 1024))).toBe('FORMAT_CORRUPT');
  });

  test('ZstdCodec.decompress() refuses a bomb larger than maxBytes before decompressing', () => {
    const bomb = codec.compress(new Uint8Array(8 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024);
    expect(codeOf(() => codec.decompress(bomb, 1024 * 1024))).toBe('FORMAT_CORRUPT');
  });

  test('ZstdCodec.decompress() refuses a frame that does not declare its size', () => {
    const frame = frameWithoutSize(textBytes('abc'));
    expect(codeOf(() => codec.decompress(frame, 1024))).toBe('FORMAT_CORRUPT');
  });

  test('ZstdCodec.decompress() refuses a frame whose blocks hold more than it declares', () => {
    const frame = codec.compress(textBytes('hello hello hello hello hello hello'));
    // Declared size 35 (single-segment 1-byte field at offset 5); claim 20 instead.
    const lying = frame.slice();
    lying[5] = 20;
    expect(codeOf(() => codec.decompress(lying, 35))).toBe('FORMAT_CORRUPT');
  });

  test('ZstdCodec.decompress() refuses damaged blocks and garbage', () => {
    const frame = codec.compress(textBytes('hello hello hello hello hello hello'));
    const damaged = frame.slice();
    damaged[damaged.length - 3]! ^= 0xff;
    expect(codeOf(() => codec.decompress(damaged, 35))).toBe('FORMAT_CORRUPT');
    expect(codeOf(() => codec.decompress(frame.subarray(0, frame.length - 2), 35))).toBe('FORMAT_CORRUPT');
    expect(codeOf(() => codec.decompress(textBytes('not a frame at all'), 35))).toBe('FORMAT_CORRUPT');
  });
});
