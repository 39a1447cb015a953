/**
 * Goal: ggufFromNodes() writes the spec §6.2 layout (Hilbert order, INT-05 vacuum mask,
 * amplitude/phase split, §6.2.7 metadata) and nodesFromGguf() rebuilds the nodes within the
 * GAP-023 bounds. Method: seeded random nodes (warped metrics, mixed embedding widths, 10 %
 * vacuum); known answers for the mask, phase and emitter frequency; energies from the wave
 * layer's Hamiltonian on the nodes' own k-NN graph.
 */
import { describe, expect, it } from 'vitest';
import { fromFloat16Array, hexToBytes, type NodeId } from '../core/index.ts';
import { hilbertKeyOf, identityMetric, nearestNeighbours, type KnnNode, type NodeRecord } from '../manifold/index.ts';
import { createWaveState, waveEnergy, waveGraphFromKnn } from '../wave/index.ts';
import { readGguf } from './gguf-reader.ts';
import { ggufFromNodes, nodesFromGguf } from './gguf-manifold.ts';
import { nikolaTensorNames as names } from './gguf-nikola-layout.ts';
import { randomGgufNodes } from './gguf-nodes.testing.ts';
import { sortByHilbertKey } from './node-key-order.ts';
import { isVacuumNode } from './vacuum-mask.ts';

function tensorOf(bytes: Uint8Array, name: string): Uint8Array {
  const tensor = readGguf(bytes).tensors.find((entry) => entry.name === name);
  expect(tensor, name).toBeDefined();
  return tensor!.data.slice();
}

function node(id: string, psi: { re: number; im: number }, v = { re: 0, im: 0 }, r = 0.5): NodeRecord {
  const coord = new Uint16Array(9);
  return {
    id: id as NodeId, coord, hilbertKey: hilbertKeyOf(coord), nonary: 1, metric: identityMetric(), r, s: 1, psi, v,
    a: { re: 0, im: 0 }, chunkId: 'aa' as never, sourceId: 'bb' as never, embedding: Float32Array.of(1), createdAtMs: 1, touchedAtMs: 2,
  };
}

/** The D3 Hamiltonian (c = 1, β = 1) of nodes on the k-NN graph of `graphNodes` (k = 8). */
function energyOf(nodes: readonly NodeRecord[], graphNodes: readonly NodeRecord[]): number {
  const knn: KnnNode[] = graphNodes.map((n) => ({ id: n.id, coord: n.coord, metric: n.metric, neighbours: nearestNeighbours(n, graphNodes, { k: 8 }) }));
  const { graph, ids } = waveGraphFromKnn(knn);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = createWaveState(graph);
  ids.forEach((id, i) => {
    const n = byId.get(id)!;
    state.psiRe[i] = n.psi.re; state.psiIm[i] = n.psi.im; state.vRe[i] = n.v.re; state.vIm[i] = n.v.im;
    state.refractiveIndex[i] = n.s; state.resonance[i] = n.r;
  });
  return waveEnergy(state, { c: 1, beta: 1 }).total;
}

function psiErrors(original: readonly NodeRecord[], restored: readonly NodeRecord[]): { l2: number; relativeL2: number; normRatio: number } {
  const byId = new Map(restored.map((n) => [n.id, n]));
  let error = 0, norm = 0, restoredNorm = 0;
  for (const n of original) {
    const back = byId.get(n.id)!;
    error += (n.psi.re - back.psi.re) ** 2 + (n.psi.im - back.psi.im) ** 2;
    norm += n.psi.re ** 2 + n.psi.im ** 2;
    restoredNorm += back.psi.re ** 2 + back.psi.im ** 2;
  }
  return { l2: Math.sqrt(error), relativeL2: Math.sqrt(error / norm), normRatio: restoredNorm / norm };
}

describe('ggufFromNodes()', () => {
  const nodes = randomGgufNodes(300, { seed: 7, embeddingWidths: [8, 5] });
  const file = ggufFromNodes(nodes);

  it('ggufFromNodes() orders the node rows by Hilbert key, then id bytes', () => {
    const idRows = tensorOf(file, names.id);
    const width = idRows.length / nodes.length;
    const ids = Array.from({ length: nodes.length }, (_, i) => Buffer.from(idRows.subarray(i * width + 1, i * width + 1 + idRows[i * width]!)).toString('hex'));
    expect(ids).toEqual(sortByHilbertKey(nodes).map((n) => n.id));
  });

  it('ggufFromNodes() writes the §6.2.7 metadata and names the Q9_0 layout', () => {
    const metadata = readGguf(file).metadata;
    expect(metadata.get('general.architecture')).toEqual({ type: 'string', value: 'nikola' });
    expect(metadata.get('nikola.geometry.dimensions')).toEqual({ type: 'u32', value: 9 });
    expect(metadata.get('nikola.encoding.base')).toEqual({ type: 'string', value: 'balanced_nonary' });
    expect(metadata.get('nikola.quantization.format')).toEqual({ type: 'string', value: 'Q9_0' });
    expect(metadata.get('nikola.q9_0.block_size')).toEqual({ type: 'u32', value: 32 });
    expect(metadata.get('nikola.q9_0.bits_per_weight')).toEqual({ type: 'f32', value: 5 });
    expect(metadata.get('nikola.node_count')).toEqual({ type: 'u64', value: 300n });
    expect(metadata.get('nikola.active_count')).toEqual({ type: 'u64', value: BigInt(nodes.filter((n) => !isVacuumNode(n)).length) });
  });

  it('ggufFromNodes() gives the spec tensors their spec types and one row per active node', () => {
    const active = nodes.filter((n) => !isVacuumNode(n)).length;
    const tensors = new Map(readGguf(file).tensors.map((t) => [t.name, t]));
    expect(tensors.get(names.amplitude)).toMatchObject({ type: 'F32', dims: [active] });
    expect(tensors.get(names.amplitudeQ9)).toMatchObject({ type: 'I8', dims: [20 * Math.ceil(active / 32)] });
    expect(tensors.get(names.phase)).toMatchObject({ type: 'F16', dims: [active] });
    expect(tensors.get(names.metric)).toMatchObject({ type: 'F32', dims: [45, active] });
    expect(tensors.get(names.emitterFreq)).toMatchObject({ type: 'F32', dims: [active] });
    expect(tensors.get(names.vacuumMetric)).toMatchObject({ type: 'F32', dims: [45, 300 - active] });
  });

  it('ggufFromNodes() masks vacuum nodes (INT-05) bit by bit, least significant bit first', () => {
    const small = [node('01', { re: 1, im: 0 }), node('02', { re: 1e-7, im: 0 }, { re: 0, im: 1e-7 }, 0), node('03', { re: 0, im: 0 }, { re: 0, im: 0 }, 0.25)];
    const bytes = ggufFromNodes(small);
    expect([...tensorOf(bytes, names.activeMask)]).toEqual([0b101]);
    expect(tensorOf(bytes, names.amplitude).length).toBe(2 * 4);
  });

  it('ggufFromNodes() stores |ψ|, arg ψ as F16 and the emitter frequency Im(ψ̄v)/|ψ|²', () => {
    const bytes = ggufFromNodes([node('01', { re: -2, im: 0 }, { re: 0, im: 4 })]);
    expect([...new Float32Array(tensorOf(bytes, names.amplitude).buffer)]).toEqual([2]);
    expect([...fromFloat16Array(new Uint16Array(tensorOf(bytes, names.phase).buffer))]).toEqual([3.140625]);
    expect([...new Float32Array(tensorOf(bytes, names.emitterFreq).buffer)]).toEqual([-2]);
  });
});

describe('nodesFromGguf()', () => {
  const nodes = randomGgufNodes(300, { seed: 11, embeddingWidths: [8, 5] });
  const restored = nodesFromGguf(ggufFromNodes(nodes));

  it('nodesFromGguf() rebuilds every field but ψ exactly, in Hilbert order', () => {
    const sorted = sortByHilbertKey(nodes);
    expect(restored.map((n) => n.id)).toEqual(sorted.map((n) => n.id));
    expect(restored.map(({ psi: _psi, ...rest }) => rest)).toEqual(sorted.map(({ psi: _psi, ...rest }) => rest));
  });

  it('nodesFromGguf() rebuilds ψ to F32 amplitude and F16 phase precision (vacuum ψ as 0)', () => {
    const byId = new Map(restored.map((n) => [n.id, n]));
    for (const n of nodes) {
      const back = byId.get(n.id)!;
      const error = Math.hypot(n.psi.re - back.psi.re, n.psi.im - back.psi.im);
      expect(error).toBeLessThanOrEqual(1e-3 * Math.hypot(n.psi.re, n.psi.im) + 1e-6);
    }
  });

  it('GAP-023: nodes → GGUF → nodes keeps total energy within 1% and the ψ L2 error below 5%', () => {
    const before = energyOf(nodes, nodes), after = energyOf(restored, nodes);
    expect(Math.abs(after - before) / before).toBeLessThan(0.01);
    const errors = psiErrors(nodes, restored);
    expect(Math.abs(errors.normRatio - 1)).toBeLessThan(0.01);
    expect(errors.relativeL2).toBeLessThan(0.05);
    expect(errors.l2).toBeLessThan(0.05);
  });

  it('nodesFromGguf() with the Q9_0 amplitude stays within half a step per node (L2 error recorded)', () => {
    const quantized = nodesFromGguf(ggufFromNodes(nodes), { amplitudeSource: 'q9_0' });
    const errors = psiErrors(nodes, quantized);
    // Amplitudes use only digits 0..4 of a step max|A|/4 (≤ 1), so the error per node is ≤ 0.5
    // and the relative L2 error near step/√12 over RMS |ψ|: about 12 % here; see docs/formats/gguf.md.
    expect(errors.relativeL2).toBeGreaterThan(0.05);
    expect(errors.relativeL2).toBeLessThan(0.15);
  });

  it('nodesFromGguf() round-trips no nodes and only vacuum nodes', () => {
    expect(nodesFromGguf(ggufFromNodes([]))).toEqual([]);
    expect(readGguf(ggufFromNodes([])).tensors).toEqual([]);
    const vacuum = randomGgufNodes(5, { seed: 3, vacuumShare: 1 });
    expect(nodesFromGguf(ggufFromNodes(vacuum))).toEqual(sortByHilbertKey(vacuum));
  });

  it('nodesFromGguf() keeps ids of any length from 1 to 64 bytes', () => {
    const long = [node('01', { re: 1, im: 0 }), node('ab'.repeat(64), { re: 1, im: 0 })];
    expect(nodesFromGguf(ggufFromNodes(long)).map((n) => n.id).sort()).toEqual(long.map((n) => n.id).sort());
    expect(hexToBytes(long[1]!.id)).toHaveLength(64);
  });
});
