import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { isNoctemError, type NodeId } from '../core/index.ts';
import { decodeNodeKey, encodeNodeKey, nodeKeyRangeAround } from './node-key.ts';

const hilbertKey = fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => {
  b[0] = b[0]! & 3;
  return b;
});
const hexId = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b).toString('hex') as NodeId);

function compare(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

describe('node-key', () => {
  test('encodeNodeKey() round-trips through decodeNodeKey()', () => {
    fc.assert(fc.property(hilbertKey, hexId, (key, id) => {
      expect(decodeNodeKey(encodeNodeKey({ hilbertKey: key, id }))).toEqual({ hilbertKey: key, id });
    }));
  });

  test('encodeNodeKey() sorts by Hilbert key before id', () => {
    fc.assert(fc.property(hilbertKey, hilbertKey, hexId, hexId, (k1, k2, id1, id2) => {
      fc.pre(compare(k1, k2) !== 0);
      const order = Math.sign(compare(encodeNodeKey({ hilbertKey: k1, id: id1 }), encodeNodeKey({ hilbertKey: k2, id: id2 })));
      expect(order).toBe(Math.sign(compare(k1, k2)));
    }));
  });

  test('nodeKeyRangeAround() holds exactly the keys within the radius', () => {
    const center = new Uint8Array(12);
    center[11] = 10;
    const range = nodeKeyRangeAround(center, 3n);
    const keyAt = (last: number): Uint8Array => encodeNodeKey({ hilbertKey: Uint8Array.of(...new Array(11).fill(0), last), id: 'ff' as NodeId });
    const inside = (key: Uint8Array): boolean => compare(key, range.start) >= 0 && compare(key, range.end) < 0;
    expect([6, 7, 13, 14].map((last) => inside(keyAt(last)))).toEqual([false, true, true, false]);
  });

  test('nodeKeyRangeAround() clamps at both ends of the curve', () => {
    const top = Uint8Array.of(3, ...new Array(11).fill(0xff));
    const range = nodeKeyRangeAround(top, 5n);
    expect(compare(encodeNodeKey({ hilbertKey: top, id: 'ffff' as NodeId }), range.end)).toBeLessThan(0);
    expect(Array.from(nodeKeyRangeAround(new Uint8Array(12), 5n).start)).toEqual(new Array(12).fill(0));
  });

  test('decodeNodeKey() rejects a key without an id', () => {
    let caught: unknown;
    try {
      decodeNodeKey(new Uint8Array(12));
    } catch (error) {
      caught = error;
    }
    expect(isNoctemError(caught, 'MANIFOLD_NODE_CORRUPT')).toBe(true);
  });
});
