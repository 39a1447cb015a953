/**
 * Goal: the node codec is lossless and rejects damage. Method: fast-check round-trips over
 * arbitrary valid nodes (identity and warped metrics, any float64 scalars), and every
 * single-byte corruption of an encoded node must give MANIFOLD_NODE_CORRUPT.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { isNoctemError, type ChunkId, type NodeId, type SourceId } from '../core/index.ts';
import { decodeNodeRecord, encodeNodeRecord, type NodeRecord } from './node-record.ts';
import { identityMetric, metricEntries } from './node-metric.ts';
import { hilbertKeyOf } from './torus-coord.ts';

const hexId = fc.uint8Array({ minLength: 1, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const float64 = fc.double();
const complex = fc.record({ re: float64, im: float64 });
const float32 = fc.float({ noNaN: true });

const arbitraryNode: fc.Arbitrary<NodeRecord> = fc.record({
  id: hexId, chunkId: hexId, sourceId: hexId,
  coord: fc.array(fc.integer({ min: 0, max: 16383 }), { minLength: 9, maxLength: 9 }),
  nonary: fc.integer({ min: -4, max: 4 }),
  metric: fc.option(fc.array(float32, { minLength: metricEntries, maxLength: metricEntries }), { nil: undefined }),
  r: float64, s: float64, psi: complex, v: complex, a: complex,
  embedding: fc.array(float32, { minLength: 1, maxLength: 300 }),
  createdAtMs: fc.integer({ min: 0, max: 2 ** 48 }), touchedAtMs: fc.integer({ min: 0, max: 2 ** 48 }),
}).map((n) => {
  const coord = Uint16Array.from(n.coord);
  return {
    ...n, id: n.id as NodeId, chunkId: n.chunkId as ChunkId, sourceId: n.sourceId as SourceId,
    coord, hilbertKey: hilbertKeyOf(coord),
    metric: n.metric === undefined ? identityMetric() : Float32Array.from(n.metric),
    embedding: Float32Array.from(n.embedding),
  };
});

function sampleNode(): NodeRecord {
  return fc.sample(arbitraryNode, { seed: 11, numRuns: 1 })[0]!;
}

describe('node-record', () => {
  test('encodeNodeRecord() round-trips through decodeNodeRecord()', () => {
    fc.assert(fc.property(arbitraryNode, (node) => {
      expect(decodeNodeRecord(encodeNodeRecord(node))).toEqual(node);
    }), { numRuns: 500 });
  });

  test('encodeNodeRecord() stores an identity metric as one flag bit', () => {
    const node = { ...sampleNode(), metric: identityMetric() };
    const warped = { ...node, metric: identityMetric().map((x, i) => (i === 1 ? 0.1 : x)) };
    expect(encodeNodeRecord(warped).length - encodeNodeRecord(node).length).toBe(4 * metricEntries);
  });

  test('encodeNodeRecord() takes about 450 bytes for a 100-d node with 16-byte ids', () => {
    const node = { ...sampleNode(), id: 'ab'.repeat(16) as NodeId, chunkId: 'cd'.repeat(16) as ChunkId,
      sourceId: 'ef'.repeat(16) as SourceId, metric: identityMetric(), embedding: new Float32Array(100) };
    expect(encodeNodeRecord(node).length).toBe(2 + 3 * 17 + 18 + 1 + 80 + 2 + 400 + 4);
  });

  test('decodeNodeRecord() rejects every single-byte corruption', () => {
    const bytes = encodeNodeRecord(sampleNode());
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i] = damaged[i]! ^ 0x5a;
      expect(() => decodeNodeRecord(damaged)).toThrow(expect.objectContaining({ code: 'MANIFOLD_NODE_CORRUPT' }));
    }
  });

  test('decodeNodeRecord() rejects truncated and empty input', () => {
    const bytes = encodeNodeRecord(sampleNode());
    for (const length of [0, 5, bytes.length - 1]) {
      let caught: unknown;
      try {
        decodeNodeRecord(bytes.subarray(0, length));
      } catch (error) {
        caught = error;
      }
      expect(isNoctemError(caught, 'MANIFOLD_NODE_CORRUPT')).toBe(true);
    }
  });

  test('encodeNodeRecord() refuses a node whose Hilbert key disagrees with its coordinate', () => {
    const node = sampleNode();
    expect(() => encodeNodeRecord({ ...node, hilbertKey: new Uint8Array(12).fill(1) })).toThrow();
  });
});
