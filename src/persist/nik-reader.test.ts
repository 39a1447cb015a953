/**
 * Goal: readNik inverts writeNik for every combination of compression and encryption, and
 * tells key problems apart. Method: fast-check round trips over random page sets (ids up to
 * 2^64 - 1, kinds, flags, compressible and random payloads), fixed cases for
 * determinism, differentials and empty files, and wrong, missing and superfluous keys.
 */
import { AssertionError } from 'node:assert';
import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { isNoctemError, limits } from '../core/index.ts';
import { readNik } from './nik-reader.ts';
import { writeNik, type NikPageInput, type NikWriteInput } from './nik-writer.ts';
import { ZstdCodec } from './zstd-codec.ts';

let codec: ZstdCodec;
beforeAll(async () => {
  codec = await ZstdCodec.create();
});

const key = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const header = { creationTimeMs: 1_700_000_000_000, lastSnapTimeMs: 1_690_000_000_000, fileKind: 'full' } as const;

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isNoctemError(error) ? error.code : `not a NoctemError: ${String(error)}`;
  }
  return 'no error';
}

const payload = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 200 })).map(([s, n]) => new TextEncoder().encode(s.repeat(n))),
);
const pageSet = fc.uniqueArray(
  fc.record({
    id: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    kind: fc.integer({ min: 0, max: 255 }),
    payload,
    flags: fc.constantFrom(0, 0x01, 0x08, 0x09),
  }),
  { selector: (page) => `${page.kind}:${page.id}`, maxLength: 12 },
);

interface PageView { id: bigint; kind: number; callerFlags: number; payload: Uint8Array }

function sortedExpectation(pages: readonly NikPageInput[]): PageView[] {
  return [...pages]
    .sort((a, b) => a.kind - b.kind || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((page) => ({ id: page.id, kind: page.kind, callerFlags: page.flags ?? 0, payload: page.payload }));
}

describe('readNik', () => {
  test('readNik() inverts writeNik() with and without compression and encryption', () => {
    fc.assert(fc.property(pageSet, fc.boolean(), fc.boolean(), (pages, compress, encrypt) => {
      const input: NikWriteInput = { header, pages, nodeCount: pages.length };
      const ports = { codec, ...(encrypt ? { key } : {}) };
      const file = readNik(writeNik(input, ports, { compress }), ports);
      const seen: PageView[] = file.pages.map((page) => ({ id: page.id, kind: page.kind, callerFlags: page.flags & 0x09, payload: page.payload }));
      expect(seen).toEqual(sortedExpectation(pages));
      expect(file.pages.filter((page) => (page.flags & 0x04) !== 0).length).toBe(encrypt ? pages.length : 0);
      expect(file.header).toEqual({ ...header, versionMajor: 0, versionMinor: 4, cipher: encrypt ? 'chacha20Poly1305' : 'none' });
      expect(file.footer).toMatchObject({ pageCount: pages.length, nodeCount: pages.length, parentRoot: undefined });
    }), { numRuns: 60 });
  });

  test('writeNik() compresses a compressible page and sets COMPRESSED', () => {
    const pages = [{ id: 1n, kind: 0, payload: new Uint8Array(100_000).fill(4) }];
    const bytes = writeNik({ header, pages, nodeCount: 1 }, { codec });
    expect(bytes.length).toBeLessThan(1000);
    const file = readNik(bytes, { codec });
    expect(file.pages[0]!.flags).toBe(0x02);
    expect(file.pages[0]!.payload).toEqual(pages[0]!.payload);
  });

  test('writeNik() is deterministic, encrypted or not', () => {
    const pages = [{ id: 5n, kind: 0, payload: new TextEncoder().encode('same input, same bytes '.repeat(9)) }];
    for (const ports of [{ codec }, { codec, key }]) {
      expect(writeNik({ header, pages, nodeCount: 1 }, ports)).toEqual(writeNik({ header, pages, nodeCount: 1 }, ports));
    }
  });

  test('readNik() returns the parent root of a differential', () => {
    const parentRoot = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const bytes = writeNik({ header: { ...header, fileKind: 'differential' }, pages: [], parentRoot, nodeCount: 0 }, { codec });
    const file = readNik(bytes, { codec });
    expect(file.header.fileKind).toBe('differential');
    expect(file.footer.parentRoot).toEqual(parentRoot);
    expect(file.pages).toEqual([]);
  });

  test('readNik() names the same Merkle root for the same pages, encrypted or not, only when stored bytes match', () => {
    const pages = [{ id: 5n, kind: 0, payload: Uint8Array.of(1, 2, 3) }];
    const plain = readNik(writeNik({ header, pages, nodeCount: 1 }, { codec }), { codec }).footer.merkleRoot;
    const again = readNik(writeNik({ header, pages, nodeCount: 1 }, { codec }), { codec }).footer.merkleRoot;
    const sealed = readNik(writeNik({ header, pages, nodeCount: 1 }, { codec, key }), { codec, key }).footer.merkleRoot;
    expect(again).toEqual(plain);
    expect(sealed).not.toEqual(plain);
  });

  test('readNik() refuses a wrong key with NIK_KEY_WRONG', () => {
    const bytes = writeNik({ header, pages: [{ id: 1n, kind: 0, payload: Uint8Array.of(1) }], nodeCount: 1 }, { codec, key });
    expect(codeOf(() => readNik(bytes, { codec, key: new Uint8Array(32) }))).toBe('NIK_KEY_WRONG');
  });

  test('readNik() refuses an encrypted file without a key with NIK_KEY_REQUIRED', () => {
    const bytes = writeNik({ header, pages: [], nodeCount: 0 }, { codec, key });
    expect(codeOf(() => readNik(bytes, { codec }))).toBe('NIK_KEY_REQUIRED');
  });

  test('readNik() ignores a key given for an unencrypted file and reports cipher none', () => {
    const bytes = writeNik({ header, pages: [{ id: 1n, kind: 0, payload: Uint8Array.of(1) }], nodeCount: 1 }, { codec });
    expect(readNik(bytes, { codec, key }).header.cipher).toBe('none');
  });

  test('writeNik() refuses a page over limits.nikPageBytesMax with NIK_TOO_LARGE', () => {
    const pages = [{ id: 1n, kind: 0, payload: new Uint8Array(limits.nikPageBytesMax + 1) }];
    expect(codeOf(() => writeNik({ header, pages, nodeCount: 1 }, { codec }))).toBe('NIK_TOO_LARGE');
  });

  test('writeNik() treats two pages with one (kind, id) as a bug', () => {
    const pages = [{ id: 1n, kind: 0, payload: Uint8Array.of(1) }, { id: 1n, kind: 0, payload: Uint8Array.of(2) }];
    expect(() => writeNik({ header, pages, nodeCount: 2 }, { codec })).toThrow(AssertionError);
  });
});
