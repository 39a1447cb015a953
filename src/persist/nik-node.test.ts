/**
 * Goal: the 237-byte `.nik` node form (spec §6.1.1) is lossless for its float32 and float64
 * fields, rounds r and s to float32, and refuses damage with FORMAT_CORRUPT. Method: a
 * hand-checked byte layout, fast-check round trips at arbitrary offsets, the NodeRecord
 * mapping, and decoding of random bytes.
 */
import { describe, expect, it } from 'vitest';
import { codeOf } from '../../test/helpers/error-code.ts';
import fc from 'fast-check';
import { type ChunkId, type NodeId, type SourceId } from '../core/index.ts';
import { hilbertKeyOf, identityMetric, metricEntries, type NodeRecord } from '../manifold/index.ts';
import { applyNikNode, decodeNikNode, encodeNikNode, nikNodeBytes, nikNodeFromRecord, type NikNodeFields } from './nik-node.ts';

const float32 = fc.float({ noNaN: true, noDefaultInfinity: true }).map(Math.fround);
const complex = fc.record({ re: fc.double({ noNaN: true, noDefaultInfinity: true }), im: fc.double({ noNaN: true, noDefaultInfinity: true }) });
const fields: fc.Arbitrary<NikNodeFields> = fc.record({
  nonary: fc.integer({ min: -4, max: 4 }),
  metric: fc.array(float32, { minLength: metricEntries, maxLength: metricEntries }).map((m) => Float32Array.from(m)),
  r: float32, s: float32, psi: complex, v: complex, a: complex,
});


function sampleRecord(): NodeRecord {
  const coord = Uint16Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9);
  return {
    id: '0a0b0c0d' as NodeId, coord, hilbertKey: hilbertKeyOf(coord), nonary: -3, metric: identityMetric(),
    r: 0.1, s: 1.3, psi: { re: 0.25, im: -1 / 3 }, v: { re: 1e-300, im: 0 }, a: { re: -2, im: 7 },
    chunkId: 'ff' as ChunkId, sourceId: 'ee' as SourceId, embedding: Float32Array.of(1, 2), createdAtMs: 5, touchedAtMs: 6,
  };
}

describe('nik-node', () => {
  it('encodeNikNode() writes 237 bytes in the spec field order', () => {
    const bytes = new Uint8Array(nikNodeBytes);
    const view = new DataView(bytes.buffer);
    encodeNikNode(nikNodeFromRecord(sampleRecord()), view, 0);
    expect(nikNodeBytes).toBe(1 + 180 + 4 + 4 + 48);
    expect(bytes[0]).toBe(1);
    expect(view.getFloat32(1, true)).toBe(1);
    expect(view.getFloat32(5, true)).toBe(0);
    expect(view.getFloat32(181, true)).toBe(Math.fround(0.1));
    expect(view.getFloat32(185, true)).toBe(Math.fround(1.3));
    expect([189, 197, 205, 213, 221, 229].map((at) => view.getFloat64(at, true))).toEqual([0.25, -1 / 3, 1e-300, 0, -2, 7]);
  });

  it('decodeNikNode() inverts encodeNikNode() at any offset', () => {
    fc.assert(fc.property(fields, fc.nat({ max: 64 }), (node, offset) => {
      const view = new DataView(new ArrayBuffer(offset + nikNodeBytes + 3));
      encodeNikNode(node, view, offset);
      expect(decodeNikNode(view, offset)).toEqual(node);
    }));
  });

  it('applyNikNode() rounds r and s to float32 and keeps the rest of the record', () => {
    const record = sampleRecord();
    const view = new DataView(new ArrayBuffer(nikNodeBytes));
    encodeNikNode(nikNodeFromRecord(record), view, 0);
    const restored = applyNikNode({ ...record, nonary: 0, r: 0, psi: { re: 0, im: 0 } }, decodeNikNode(view, 0));
    expect(restored).toEqual({ ...record, r: Math.fround(0.1), s: Math.fround(1.3) });
    expect(restored.r).not.toBe(0.1);
  });

  it('decodeNikNode() refuses a nonary byte above 8', () => {
    const view = new DataView(new ArrayBuffer(nikNodeBytes));
    encodeNikNode(nikNodeFromRecord(sampleRecord()), view, 0);
    view.setUint8(0, 9);
    expect(codeOf(() => decodeNikNode(view, 0))).toBe('FORMAT_CORRUPT');
  });

  it('decodeNikNode() refuses a node running past the buffer', () => {
    const view = new DataView(new ArrayBuffer(nikNodeBytes + 10));
    expect(codeOf(() => decodeNikNode(view, 11))).toBe('FORMAT_CORRUPT');
    expect(codeOf(() => decodeNikNode(view, -1))).toBe('FORMAT_CORRUPT');
    expect(codeOf(() => decodeNikNode(new DataView(new ArrayBuffer(236)), 0))).toBe('FORMAT_CORRUPT');
  });

  it('decodeNikNode() refuses NaN and infinities', () => {
    for (const [at, float64] of [[1, false], [181, false], [189, true], [229, true]] as const) {
      const view = new DataView(new ArrayBuffer(nikNodeBytes));
      encodeNikNode(nikNodeFromRecord(sampleRecord()), view, 0);
      if (float64) view.setFloat64(at, NaN, true);
      else view.setFloat32(at, Infinity, true);
      expect(codeOf(() => decodeNikNode(view, 0))).toBe('FORMAT_CORRUPT');
    }
  });

  it('decodeNikNode() throws only FORMAT_CORRUPT on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: nikNodeBytes, maxLength: nikNodeBytes }), (bytes) => {
      const code = codeOf(() => decodeNikNode(new DataView(bytes.buffer), 0));
      return code === undefined || code === 'FORMAT_CORRUPT';
    }), { numRuns: 2000 });
  });

  it('encodeNikNode() asserts on an out-of-range nonary value', () => {
    const view = new DataView(new ArrayBuffer(nikNodeBytes));
    const node = { ...nikNodeFromRecord(sampleRecord()), nonary: 5 };
    expect(codeOf(() => encodeNikNode(node, view, 0))).toMatch(/^foreign: AssertionError/);
  });
});
