/**
 * Goal: the bytes of a `.nik` file are exactly the layout docs/formats/nik.md tables give.
 * Method: build a one-page and a two-page file by hand from those tables (DataView writes,
 * Node's SHA-256 for the RFC 6962 Merkle root and header digest) and compare with
 * writeNik's output byte for byte; then decode the fixed structures back.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { crc32c } from '../core/index.ts';
import { decodeNikFooter, decodeNikHeader, decodeNikPageHeader } from './nik-layout.ts';
import { writeNik } from './nik-writer.ts';
import { ZstdCodec } from './zstd-codec.ts';

let codec: ZstdCodec;
beforeAll(async () => {
  codec = await ZstdCodec.create();
});

const sha256 = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());
const creationTimeMs = 1_700_000_000_123;
const lastSnapTimeMs = 1_699_999_000_000;

function handHeader(fileKind: number): Uint8Array {
  const out = new Uint8Array(64);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x4e494b4f, true);
  view.setUint16(4, 0, true);
  view.setUint16(6, 4, true);
  view.setBigUint64(8, BigInt(creationTimeMs), true);
  view.setBigUint64(16, BigInt(lastSnapTimeMs), true);
  out[24] = 0x09;
  out[25] = 0x00;
  out[26] = fileKind;
  view.setUint32(60, crc32c(out.subarray(0, 60)), true);
  return out;
}

function handPage(id: bigint, kind: number, payload: Uint8Array, flags: number): Uint8Array {
  const out = new Uint8Array(24 + payload.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, id, true);
  view.setUint32(8, crc32c(payload), true);
  out[12] = flags;
  view.setUint32(13, payload.length, true);
  out[17] = kind;
  view.setUint32(18, payload.length, true);
  out.set(payload, 24);
  return out;
}

function handFooter(header: Uint8Array, pages: Uint8Array[], parent: Uint8Array, nodeCount: number): Uint8Array {
  const leaves = pages.map((page) => sha256(Uint8Array.of(0), page));
  // RFC 6962 for two leaves: SHA-256(0x01 ‖ left ‖ right).
  const root = leaves.length === 1 ? leaves[0]! : sha256(Uint8Array.of(1), leaves[0]!, leaves[1]!);
  const out = new Uint8Array(128);
  const view = new DataView(out.buffer);
  out.set(root, 0);
  out.set(parent, 32);
  view.setBigUint64(64, BigInt(pages.length), true);
  view.setBigUint64(72, BigInt(nodeCount), true);
  view.setBigUint64(80, BigInt(pages.reduce((sum, page) => sum + page.length - 24, 0)), true);
  view.setBigUint64(88, BigInt(pages.reduce((sum, page) => sum + page.length, 0)), true);
  out.set(sha256(header).subarray(0, 8), 96);
  // Bytes 104..119 (the file MAC) stay zero in an unencrypted file.
  view.setUint32(120, crc32c(out.subarray(0, 120)), true);
  view.setUint32(124, 0x4e494b46, true);
  return out;
}

describe('nik-layout', () => {
  test('writeNik() writes a full snapshot byte for byte as the layout tables say', () => {
    const payload = Uint8Array.of(1, 2, 3, 4, 5);
    const header = handHeader(0);
    const page = handPage(0xfedcba9876543210n, 0, payload, 0x01);
    const expected = Buffer.concat([header, page, handFooter(header, [page], new Uint8Array(32), 7)]);
    const written = writeNik({
      header: { creationTimeMs, lastSnapTimeMs, fileKind: 'full' },
      pages: [{ id: 0xfedcba9876543210n, kind: 0, payload, flags: 0x01 }],
      nodeCount: 7,
    }, { codec }, { compress: false });
    expect(Buffer.from(written).toString('hex')).toBe(expected.toString('hex'));
    expect(Buffer.from(written.subarray(0, 4)).toString('latin1')).toBe('OKIN');
    expect(Buffer.from(written.subarray(-4)).toString('latin1')).toBe('FKIN');
  });

  test('writeNik() writes a differential with its parent root and pages sorted by (kind, id)', () => {
    const parent = sha256(Uint8Array.of(9));
    const header = handHeader(1);
    const first = handPage(3n, 0, Uint8Array.of(7), 0);
    const second = handPage(1n, 2, new Uint8Array(0), 0x08);
    const expected = Buffer.concat([header, first, second, handFooter(header, [first, second], parent, 1)]);
    const written = writeNik({
      header: { creationTimeMs, lastSnapTimeMs, fileKind: 'differential' },
      pages: [{ id: 1n, kind: 2, payload: new Uint8Array(0), flags: 0x08 }, { id: 3n, kind: 0, payload: Uint8Array.of(7) }],
      parentRoot: parent,
      nodeCount: 1,
    }, { codec }, { compress: false });
    expect(Buffer.from(written).toString('hex')).toBe(expected.toString('hex'));
  });

  test('writeNik() gives a file without pages the RFC 6962 empty root SHA-256("")', () => {
    const written = writeNik({ header: { creationTimeMs, lastSnapTimeMs, fileKind: 'full' }, pages: [], nodeCount: 0 }, { codec });
    expect(written.length).toBe(192);
    expect(Buffer.from(written.subarray(64, 96)).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test('decodeNikHeader(), decodeNikPageHeader() and decodeNikFooter() read the fields back', () => {
    const written = writeNik({
      header: { creationTimeMs, lastSnapTimeMs, fileKind: 'full' },
      pages: [{ id: 99n, kind: 1, payload: Uint8Array.of(1, 2) }],
      nodeCount: 3,
    }, { codec }, { compress: false });
    expect(decodeNikHeader(written)).toMatchObject({
      magic: 0x4e494b4f, versionMajor: 0, versionMinor: 4, creationTimeMs, lastSnapTimeMs, dimEncoding: 9,
      cipherType: 0, fileKind: 'full', reservedZero: true, timesValid: true,
    });
    expect(decodeNikPageHeader(written, 64)).toEqual({
      id: 99n, checksum: crc32c(Uint8Array.of(1, 2)), flags: 0, payloadBytes: 2, kind: 1, rawBytes: 2, reservedZero: true,
    });
    expect(decodeNikFooter(written)).toMatchObject({ pageCount: 1, nodeCount: 3, rawBytesTotal: 2, pageSectionBytes: 26, fileMac: new Uint8Array(16), trailerMagic: 0x4e494b46 });
  });
});
