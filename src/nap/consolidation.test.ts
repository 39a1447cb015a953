import { describe, expect, test } from 'vitest';
import { decodeNodeRecord, encodeNodeRecord } from '../manifold/index.ts';
import { consolidateNode } from './consolidation.ts';
import { craftedNode } from './node-fixture.testing.ts';

describe('consolidateNode()', () => {
  test('consolidateNode() raises r to 1 when r > 0.7 and |ψ| > 0.5, keeping ψ', () => {
    const out = consolidateNode(craftedNode({ r: 0.7000001, psi: { re: 0.3, im: 0.41 } }));
    expect(out.outcome).toBe('long-term');
    expect(out.node.r).toBe(1);
    expect(out.node.psi).toEqual({ re: 0.3, im: 0.41 });
    expect(decodeNodeRecord(encodeNodeRecord(out.node)).r).toBe(1);
  });

  test('consolidateNode() keeps nodes exactly at the long-term thresholds, and nodes already long-term', () => {
    expect(consolidateNode(craftedNode({ r: 0.7, psi: { re: 1, im: 0 } })).outcome).toBe('kept');
    expect(consolidateNode(craftedNode({ r: 0.9, psi: { re: 0.5, im: 0 } })).outcome).toBe('kept');
    expect(consolidateNode(craftedNode({ r: 1, psi: { re: 2, im: 0 } })).outcome).toBe('kept');
  });

  test('consolidateNode() clears a transient activation (r < 0.3, |ψ| < 0.1) and nothing else', () => {
    const node = craftedNode({ r: 0.2999, psi: { re: 0.06, im: -0.07 }, v: { re: 1, im: 0 }, a: { re: 0, im: 2 } });
    const out = consolidateNode(node);
    expect(out.outcome).toBe('pruned');
    expect([out.node.psi, out.node.v, out.node.a]).toEqual([{ re: 0, im: 0 }, { re: 0, im: 0 }, { re: 0, im: 0 }]);
    expect({ ...out.node, psi: 0, v: 0, a: 0 }).toEqual({ ...node, psi: 0, v: 0, a: 0 });
  });

  test('consolidateNode() does not prune at the thresholds, nor a node already at rest', () => {
    expect(consolidateNode(craftedNode({ r: 0.3, psi: { re: 0.01, im: 0 } })).outcome).toBe('kept');
    expect(consolidateNode(craftedNode({ r: 0.1, psi: { re: 0.1, im: 0 } })).outcome).toBe('kept');
    const rest = craftedNode({ r: 0.1 });
    expect(consolidateNode(rest)).toEqual({ node: rest, outcome: 'kept' });
  });
});
