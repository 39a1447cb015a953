/**
 * Goal: hostile `.nik` input always ends in a NoctemError with a stable code, never a
 * crash, a hang or an allocation sized by the attacker. Method: small real files are cut
 * at every length and flipped at every bit; crafted files (re-sealed so their checksums
 * and Merkle root hold) test magic, version, lengths, order, page transplants and zstd
 * bombs, with a spy codec proving bombs are refused before decompression; a fast-check
 * fuzz mutates files and accepts only an error or the original content.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { crc32c, isNoctemError, merkleLeafHash, merkleRoot, type NoctemError } from '../core/index.ts';
import { inspectNik } from './nik-inspect.ts';
import { readNik } from './nik-reader.ts';
import { nikScanLimitsDefault } from './nik-scan.ts';
import { writeNik, type NikPageInput } from './nik-writer.ts';
import type { PayloadCodec } from './payload-codec.ts';
import { ZstdCodec } from './zstd-codec.ts';
import { fuzzRuns } from '../../test/helpers/fuzz-runs.ts';

let codec: ZstdCodec;
let plainFile: Uint8Array;
let sealedFile: Uint8Array;
const key = Uint8Array.from({ length: 32 }, (_, i) => i * 3);
const header = { creationTimeMs: 1_700_000_000_000, lastSnapTimeMs: 1_700_000_000_000, fileKind: 'full' } as const;
const smallPages: NikPageInput[] = [
  { id: 7n, kind: 0, payload: new TextEncoder().encode('wave '.repeat(12)) },
  { id: 9n, kind: 0, payload: Uint8Array.of(1, 2, 3) },
  { id: 2n, kind: 2, payload: new Uint8Array(0), flags: 0x08 },
];

beforeAll(async () => {
  codec = await ZstdCodec.create();
  plainFile = writeNik({ header, pages: smallPages, nodeCount: 3 }, { codec });
  sealedFile = writeNik({ header, pages: smallPages, nodeCount: 3 }, { codec, key });
});

function errorOf(run: () => unknown): NoctemError | string {
  try {
    run();
  } catch (error) {
    return isNoctemError(error) ? error : `not a NoctemError: ${String(error)}`;
  }
  return 'no error';
}

function codeOf(run: () => unknown): string {
  const error = errorOf(run);
  return typeof error === 'string' ? error : error.code;
}

function checkOf(run: () => unknown): unknown {
  const error = errorOf(run);
  return typeof error === 'string' ? error : error.details['check'];
}

/**
 * Recomputes what anyone can without the key: the header CRC, the Merkle root, the header
 * digest and the footer CRC (an attacker's best effort; only the file MAC needs the key).
 */
function reseal(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  view.setUint32(60, crc32c(out.subarray(0, 60)), true);
  const footer = out.length - 128;
  const leaves: Uint8Array[] = [];
  for (let offset = 64; offset < footer;) {
    const end = offset + 24 + view.getUint32(offset + 13, true);
    leaves.push(merkleLeafHash(out.subarray(offset, end)));
    offset = end;
  }
  out.set(merkleRoot(leaves), footer);
  out.set(createHash('sha256').update(out.subarray(0, 64)).digest().subarray(0, 8), footer + 96);
  view.setUint32(footer + 120, crc32c(out.subarray(footer, footer + 120)), true);
  return out;
}

/** The [start, end) of each page block of a well-formed file. */
function pageSpans(bytes: Uint8Array): [number, number][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const spans: [number, number][] = [];
  for (let offset = 64; offset < bytes.length - 128;) {
    const end = offset + 24 + view.getUint32(offset + 13, true);
    spans.push([offset, end]);
    offset = end;
  }
  return spans;
}

/** A codec whose compress returns a fixed frame and whose decompress counts its calls. */
function lyingCodec(frame: Uint8Array): PayloadCodec & { decompressCalls: number } {
  return {
    decompressCalls: 0,
    compress: () => frame,
    decompress(bytes, maxBytes) {
      this.decompressCalls++;
      return codec.decompress(bytes, maxBytes);
    },
  };
}

describe('readNik on hostile input', () => {
  test('readNik() refuses the file cut at every length with FORMAT_CORRUPT', () => {
    for (const file of [plainFile, sealedFile]) {
      const codes = new Set<string>();
      for (let cut = 0; cut < file.length; cut++) codes.add(codeOf(() => readNik(file.subarray(0, cut), { codec, key })));
      expect([...codes]).toEqual(['FORMAT_CORRUPT']);
    }
  });

  test('readNik() refuses every single-bit flip (CRC32C, Merkle root and tags cover every byte)', () => {
    for (const file of [plainFile, sealedFile]) {
      const codes = new Map<string, number>();
      for (let bit = 0; bit < file.length * 8; bit++) {
        const flipped = file.slice();
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const code = codeOf(() => readNik(flipped, { codec, key }));
        const expected = bit >= 32 && bit < 64 ? 'NIK_VERSION_UNSUPPORTED' : 'FORMAT_CORRUPT';
        if (code !== expected) codes.set(`${bit}: ${code}`, bit);
        expect(inspectNik(flipped).valid).toBe(false);
      }
      expect([...codes.keys()]).toEqual([]);
    }
  });

  test('readNik() refuses a wrong magic, the big-endian "NIKO" included', () => {
    const niko = plainFile.slice();
    niko.set(new TextEncoder().encode('NIKO'), 0);
    expect(checkOf(() => readNik(reseal(niko), { codec }))).toBe('magic');
    expect(codeOf(() => readNik(reseal(niko), { codec }))).toBe('FORMAT_CORRUPT');
    expect(codeOf(() => readNik(new TextEncoder().encode('%PDF-1.7'.repeat(40)), { codec }))).toBe('FORMAT_CORRUPT');
  });

  test('readNik() refuses versions other than 0.4 with NIK_VERSION_UNSUPPORTED', () => {
    for (const [major, minor] of [[0, 5], [1, 4], [0, 3]] as const) {
      const other = plainFile.slice();
      new DataView(other.buffer).setUint16(4, major, true);
      new DataView(other.buffer).setUint16(6, minor, true);
      expect(codeOf(() => readNik(reseal(other), { codec }))).toBe('NIK_VERSION_UNSUPPORTED');
    }
  });

  test('readNik() refuses a payload_len past the end of the page section', () => {
    for (const length of [1000, 0xffffffff]) {
      const [start] = pageSpans(plainFile).at(-1)!;
      const long = plainFile.slice();
      new DataView(long.buffer).setUint32(start + 13, length, true);
      expect(checkOf(() => readNik(reseal(long), { codec }))).toBe('length');
    }
  });

  test('readNik() refuses pages out of (kind, id) order, and a repeated page', () => {
    const [a, b, c] = pageSpans(plainFile);
    const swapped = Buffer.concat([plainFile.subarray(0, 64), plainFile.subarray(b![0], b![1]), plainFile.subarray(a![0], a![1]), plainFile.subarray(c![0])]);
    expect(checkOf(() => readNik(reseal(new Uint8Array(swapped)), { codec }))).toBe('order');
    const repeated = writeNik({ header, pages: [smallPages[0]!, { ...smallPages[0]!, id: 8n }], nodeCount: 2 }, { codec });
    const [first, second] = pageSpans(repeated);
    new DataView(repeated.buffer).setBigUint64(second![0], 7n, true);
    expect(first).toBeDefined();
    expect(checkOf(() => readNik(reseal(repeated), { codec }))).toBe('order');
  });

  test('readNik() refuses an encrypted page moved in from another file (AAD binds the place)', () => {
    const other = writeNik({ header: { ...header, creationTimeMs: header.creationTimeMs + 1 }, pages: smallPages, nodeCount: 3 }, { codec, key });
    const [start, end] = pageSpans(sealedFile)[1]!;
    const [otherStart, otherEnd] = pageSpans(other)[1]!;
    const spliced = Buffer.concat([sealedFile.subarray(0, start), other.subarray(otherStart, otherEnd), sealedFile.subarray(end)]);
    expect(codeOf(() => readNik(reseal(new Uint8Array(spliced)), { codec, key }))).toBe('FORMAT_CORRUPT');
  });

  test('readNik() refuses a real 8 MiB zstd bomb over a lowered page limit before decompressing', () => {
    const bomb = writeNik({ header, pages: [{ id: 1n, kind: 0, payload: new Uint8Array(8 * 1024 * 1024) }], nodeCount: 1 }, { codec });
    expect(bomb.length).toBeLessThan(1024);
    const spy = lyingCodec(new Uint8Array(0));
    const limits = { ...nikScanLimitsDefault, pageBytesMax: 1024 * 1024 };
    expect(codeOf(() => readNik(bomb, { codec: spy }, { limits }))).toBe('NIK_TOO_LARGE');
    expect(codeOf(() => readNik(bomb, { codec: spy }, { limits: { ...nikScanLimitsDefault, rawBytesMax: 1024 } }))).toBe('NIK_TOO_LARGE');
    expect(spy.decompressCalls).toBe(0);
  });

  test('readNik() refuses a frame declaring more than its page, plain or encrypted, before decompressing', () => {
    const bombFrame = codec.compress(new Uint8Array(8 * 1024 * 1024));
    for (const withKey of [false, true]) {
      const spy = lyingCodec(bombFrame);
      const ports = { codec: spy, ...(withKey ? { key } : {}) };
      const file = writeNik({ header, pages: [{ id: 1n, kind: 0, payload: new Uint8Array(1000) }], nodeCount: 1 }, ports);
      expect(codeOf(() => readNik(file, ports))).toBe('FORMAT_CORRUPT');
      expect(spy.decompressCalls).toBe(0);
    }
  });

  test('readNik() refuses frames declaring 2^40 bytes or no size at all', () => {
    const huge = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
    const unsized = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, 0x19, 0x00, 0x00, 1, 2, 3]);
    for (const frame of [huge, unsized]) {
      for (const withKey of [false, true]) {
        const ports = { codec: lyingCodec(frame), ...(withKey ? { key } : {}) };
        const file = writeNik({ header, pages: [{ id: 1n, kind: 0, payload: new Uint8Array(1000) }], nodeCount: 1 }, ports);
        expect(codeOf(() => readNik(file, ports))).toBe('FORMAT_CORRUPT');
      }
    }
  });

  test('readNik() refuses a file over the file size limit with NIK_TOO_LARGE', () => {
    expect(codeOf(() => readNik(plainFile, { codec }, { limits: { ...nikScanLimitsDefault, fileBytesMax: 200 } }))).toBe('NIK_TOO_LARGE');
    expect(codeOf(() => readNik(plainFile, { codec }, { limits: { ...nikScanLimitsDefault, pagesMax: 2 } }))).toBe('NIK_TOO_LARGE');
  });

  test('readNik() refuses a re-sealed change to an encrypted file (the file MAC needs the key)', () => {
    const later = sealedFile.slice();
    new DataView(later.buffer).setBigUint64(16, BigInt(header.lastSnapTimeMs + 1), true);
    expect(inspectNik(reseal(later)).valid).toBe(true);
    expect(codeOf(() => readNik(reseal(later), { codec, key }))).toBe('FORMAT_CORRUPT');
    const [start, end] = pageSpans(sealedFile)[2]!;
    const dropped = Uint8Array.from([...sealedFile.subarray(0, start), ...sealedFile.subarray(end)]);
    const view = new DataView(dropped.buffer);
    const footer = dropped.length - 128;
    view.setBigUint64(footer + 64, 2n, true);
    view.setBigUint64(footer + 88, BigInt(footer - 64), true);
    expect(inspectNik(reseal(dropped)).valid).toBe(true);
    expect(codeOf(() => readNik(reseal(dropped), { codec, key }))).toBe('FORMAT_CORRUPT');
  });

  test('readNik() gives only NoctemErrors or the original content under random mutations', () => {
    const mutation = fc.oneof(
      fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }).map((m) => (b: Uint8Array): Uint8Array => {
        const out = b.slice();
        out[m.at % out.length] = m.value;
        return out;
      }),
      fc.record({ at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }).map((m) => (b: Uint8Array): Uint8Array =>
        Uint8Array.from([...b.subarray(0, m.at % b.length), ...b.subarray((m.at % b.length) + m.length)])),
      fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }).map((m) => (b: Uint8Array): Uint8Array =>
        Uint8Array.from([...b.subarray(0, m.at % b.length), ...m.bytes, ...b.subarray(m.at % b.length)])),
    );
    // An attacker can re-seal the checksums of a plain file, so only the encrypted one is
    // fuzzed with re-sealing: its file MAC must still refuse every change.
    const cases = [{ file: sealedFile, ports: { codec, key }, reseals: true }, { file: plainFile, ports: { codec }, reseals: false }];
    for (const { file: valid, ports, reseals } of cases) {
      const original = readNik(valid, ports);
      fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (steps, resealed) => {
        let bytes = valid;
        for (const step of steps) bytes = step(bytes);
        if (reseals && resealed && bytes.length >= 192) bytes = reseal(bytes);
        const inspection = inspectNik(bytes);
        let file;
        try {
          file = readNik(bytes, ports);
        } catch (error) {
          // Any NoctemError is an acceptable answer to damage; anything else fails the property.
          expect(isNoctemError(error)).toBe(true);
          return;
        }
        expect(inspection.valid).toBe(true);
        expect(file).toEqual(original);
      }), { numRuns: fuzzRuns(200) });
    }
  });
});
