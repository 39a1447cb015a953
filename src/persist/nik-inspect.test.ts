/**
 * Goal: inspectNik verifies a file's structure without a key and lists each problem under
 * the check that found it, never throwing. Method: valid plain and encrypted files, then
 * files with one and with several planted problems, and a file of garbage large enough to
 * overflow the problem list.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { limits } from '../core/index.ts';
import { inspectNik } from './nik-inspect.ts';
import { writeNik } from './nik-writer.ts';
import { ZstdCodec } from './zstd-codec.ts';

let codec: ZstdCodec;
let file: Uint8Array;
const header = { creationTimeMs: 1_700_000_000_000, lastSnapTimeMs: 1_700_000_000_000, fileKind: 'full' } as const;
const pages = [
  { id: 3n, kind: 0, payload: new TextEncoder().encode('compressible '.repeat(40)) },
  { id: 4n, kind: 0, payload: Uint8Array.of(9, 9) },
];

beforeAll(async () => {
  codec = await ZstdCodec.create();
  file = writeNik({ header, pages, nodeCount: 2 }, { codec });
});

describe('inspectNik', () => {
  test('inspectNik() finds a written file valid and lists its pages', () => {
    const inspection = inspectNik(file);
    expect(inspection.valid).toBe(true);
    expect(inspection.errors).toEqual([]);
    expect(inspection.pages.map((page) => [page.id, page.kind, page.flags, page.rawBytes])).toEqual([[3n, 0, 0x02, 520], [4n, 0, 0, 2]]);
    expect(inspection.header).toMatchObject({ versionMajor: 0, versionMinor: 4, fileKind: 'full', encrypted: false });
    expect(inspection.footer).toMatchObject({ pageCount: 2, nodeCount: 2, rawBytesTotal: 522 });
  });

  test('inspectNik() verifies an encrypted file without its key', () => {
    const sealed = writeNik({ header, pages, nodeCount: 2 }, { codec, key: new Uint8Array(32).fill(1) });
    expect(inspectNik(sealed)).toMatchObject({ valid: true, header: { encrypted: true } });
  });

  test('inspectNik() names each check that failed: magic, crc32c, footer digest, merkle', () => {
    const damaged = file.slice();
    damaged[0] = 0;
    damaged[64 + 24 + 10]! ^= 0xff;
    const checks = inspectNik(damaged).errors.map((error) => error.check);
    // The header changed, so its CRC and the footer's header digest fail too; the page byte
    // breaks the Merkle root and the page's CRC32C.
    expect(checks).toEqual(['magic', 'crc32c', 'footer', 'merkle', 'crc32c']);
  });

  test('inspectNik() reports a truncated file as a length problem', () => {
    const inspection = inspectNik(file.subarray(0, 100));
    expect(inspection.valid).toBe(false);
    expect(inspection.errors.map((error) => [error.check, error.code])).toEqual([['length', 'FORMAT_CORRUPT']]);
    expect(inspection.footer).toBeUndefined();
  });

  test('inspectNik() reports a wrong version with its own code', () => {
    const newer = file.slice();
    newer[6] = 5;
    expect(inspectNik(newer).errors.map((error) => error.code)).toContain('NIK_VERSION_UNSUPPORTED');
  });

  test('inspectNik() caps the problem list at limits.nikInspectIssuesMax', () => {
    // 500 page headers with empty payloads, unknown flags and non-zero reserved bytes.
    const garbage = new Uint8Array(64 + 24 * 500 + 128);
    for (let page = 0; page < 500; page++) garbage.fill(0xff, 64 + 24 * page + 12, 64 + 24 * page + 13);
    for (let page = 0; page < 500; page++) garbage.fill(0xff, 64 + 24 * page + 22, 64 + 24 * page + 24);
    const inspection = inspectNik(garbage);
    expect(inspection.errors.length).toBe(limits.nikInspectIssuesMax);
    expect(inspection.errorsTruncated).toBe(true);
  });
});
