/**
 * Memory nodes to and from GGUF (spec §6.2.1–6.2.3, 6.2.7–6.2.9; D9): the "holographic
 * snapshot" of the manifold for the llama.cpp ecosystem, and its import back into node records.
 *
 * Export: nodes sorted by Hilbert key (then id bytes, the LMDB key order); vacuum nodes (INT-05)
 * are left out of the spec's wave tensors and marked 0 in the activity mask. ψ = A·e^{iθ} is
 * split into the amplitude A (F32, plus its Q9_0 blocks) and the phase θ (F16); the metric is
 * F32; `nikola.emitter.freq` is each active node's instantaneous angular frequency
 * ω = dθ/dt = Im(ψ̄·v)/|ψ|², the frequency at which it currently drives its neighbours (the spec
 * calls the tensor "source frequencies" without defining it per node). The node table holds
 * every node's identity, geometry and dynamics losslessly (F64 where the record is float64), so
 * the only loss on import is ψ's: F32 amplitude and F16 phase (≤ 1e−3 relative), and vacuum ψ
 * (|ψ| ≤ 10⁻⁶) read back as 0. Layout names: gguf-nikola-layout.ts and docs/formats/gguf.md.
 */
import { NoctemError, bytesToHex, compareBytes, hexToBytes, limits, quantizeQ9, toFloat16Array } from '../core/index.ts';
import { hilbertKeyBytes, metricEntries, torusDims, type NodeRecord } from '../manifold/index.ts';
import type { GgmlTensorType, GgufTensorInput } from './gguf-format.ts';
import { writeGguf } from './gguf-writer.ts';
import { nikolaMetadata, nikolaTensorNames as names } from './gguf-nikola-layout.ts';
import { tensorBytesOf, type TensorArray } from './tensor-bytes.ts';
import { isVacuumNode, packActiveMask, vacuumThreshold } from './vacuum-mask.ts';

export { nodesFromGguf, type GgufImportOptions } from './gguf-nikola-import.ts';

/** Options for {@link ggufFromNodes}. */
export interface GgufExportOptions {
  /** The file's `general.name`. @default 'Noctem memory' */
  readonly name?: string;
}

/**
 * Exports memory nodes as a GGUF file (layout in docs/formats/gguf.md).
 * @param nodes - valid node records with unique ids, in any order
 * @param options - the file's name
 * @returns the GGUF file's bytes
 * @throws {NoctemError} GGUF_LIMIT when there are more than limits.ggufNodesMax nodes or the
 * file would exceed limits.ggufFileBytesMax
 */
export function ggufFromNodes(nodes: readonly NodeRecord[], options: GgufExportOptions = {}): Uint8Array {
  if (nodes.length > limits.ggufNodesMax) {
    throw new NoctemError('GGUF_LIMIT', `Cannot export ${nodes.length} nodes to GGUF: the limit is ${limits.ggufNodesMax}`);
  }
  const sorted = sortByHilbertKey(nodes);
  const isActive = sorted.map((node) => !isVacuumNode(node));
  const active = sorted.filter((_, i) => isActive[i]);
  const vacuum = sorted.filter((_, i) => !isActive[i]);
  const tensors = [
    ...waveTensors(active),
    tensor(names.activeMask, 'I8', [Math.ceil(sorted.length / 8)], packActiveMask(isActive)),
    ...nodeTableTensors(sorted),
    tensor(names.vacuumMetric, 'F32', [metricEntries, vacuum.length], metricsOf(vacuum)),
  ].filter((entry): entry is GgufTensorInput => entry !== undefined);
  const metadata = nikolaMetadata({ nodeCount: sorted.length, activeCount: active.length }, options.name ?? 'Noctem memory');
  const bytes = writeGguf({ metadata, tensors });
  if (bytes.length > limits.ggufFileBytesMax) {
    throw new NoctemError('GGUF_LIMIT', `Cannot export the nodes to GGUF: the file would be ${bytes.length} bytes, more than the limit of ${limits.ggufFileBytesMax}`);
  }
  return bytes;
}

/**
 * Nodes in export order: ascending Hilbert key, then ascending id bytes (the LMDB key order).
 * @param nodes - nodes with unique ids
 * @returns a sorted copy
 */
export function sortByHilbertKey(nodes: readonly NodeRecord[]): NodeRecord[] {
  const keyed = nodes.map((node) => ({ node, id: hexToBytes(node.id) }));
  keyed.sort((x, y) => compareBytes(x.node.hilbertKey, y.node.hilbertKey) || compareBytes(x.id, y.id));
  return keyed.map((entry) => entry.node);
}

function waveTensors(active: readonly NodeRecord[]): (GgufTensorInput | undefined)[] {
  const m = active.length;
  const amplitude = Float32Array.from(active, (node) => Math.hypot(node.psi.re, node.psi.im));
  const phase = Float32Array.from(active, (node) => Math.atan2(node.psi.im, node.psi.re));
  return [
    tensor(names.amplitude, 'F32', [m], amplitude),
    tensor(names.amplitudeQ9, 'I8', [quantizeQ9(amplitude).length], quantizeQ9(amplitude)),
    tensor(names.phase, 'F16', [m], toFloat16Array(phase)),
    tensor(names.metric, 'F32', [metricEntries, m], metricsOf(active)),
    tensor(names.emitterFreq, 'F32', [m], Float32Array.from(active, emitterFrequency)),
  ];
}

function nodeTableTensors(sorted: readonly NodeRecord[]): (GgufTensorInput | undefined)[] {
  const n = sorted.length;
  const widthMax = Math.max(1, ...sorted.map((node) => node.embedding.length));
  const embedding = new Float32Array(widthMax * n);
  sorted.forEach((node, i) => embedding.set(node.embedding, i * widthMax));
  const coord = new Int16Array(torusDims * n);
  sorted.forEach((node, i) => coord.set(node.coord, i * torusDims));
  const hilbertKey = new Uint8Array(hilbertKeyBytes * n);
  sorted.forEach((node, i) => hilbertKey.set(node.hilbertKey, i * hilbertKeyBytes));
  const pairs = (pick: (node: NodeRecord) => readonly [number, number]): Float64Array => Float64Array.from(sorted.flatMap(pick));
  return [
    idTensor(names.id, sorted.map((node) => node.id)),
    idTensor(names.chunkId, sorted.map((node) => node.chunkId)),
    idTensor(names.sourceId, sorted.map((node) => node.sourceId)),
    tensor(names.coord, 'I16', [torusDims, n], coord),
    tensor(names.hilbertKey, 'I8', [hilbertKeyBytes, n], hilbertKey),
    tensor(names.nonary, 'I8', [n], Int8Array.from(sorted, (node) => node.nonary)),
    tensor(names.resonance, 'F64', [n], Float64Array.from(sorted, (node) => node.r)),
    tensor(names.refractiveIndex, 'F64', [n], Float64Array.from(sorted, (node) => node.s)),
    tensor(names.velocity, 'F64', [2, n], pairs((node) => [node.v.re, node.v.im])),
    tensor(names.acceleration, 'F64', [2, n], pairs((node) => [node.a.re, node.a.im])),
    tensor(names.timeMs, 'F64', [2, n], pairs((node) => [node.createdAtMs, node.touchedAtMs])),
    tensor(names.embedding, 'F32', [widthMax, n], embedding),
    tensor(names.embeddingDims, 'I16', [n], Int16Array.from(sorted, (node) => node.embedding.length)),
  ];
}

/** The largest finite float32, for clamping a frequency that would overflow it. */
const float32Max = 3.4028234663852886e38;

function emitterFrequency(node: NodeRecord): number {
  const { re, im } = node.psi;
  const squared = re * re + im * im;
  if (Math.sqrt(squared) <= vacuumThreshold) return 0; // the phase, hence its rate, is undefined
  const omega = (re * node.v.im - im * node.v.re) / squared;
  return Math.max(-float32Max, Math.min(float32Max, omega));
}

function metricsOf(nodes: readonly NodeRecord[]): Float32Array {
  const out = new Float32Array(metricEntries * nodes.length);
  nodes.forEach((node, i) => out.set(node.metric, i * metricEntries));
  return out;
}

/** Id rows: width = 1 + the longest id in bytes; each row is its length byte, bytes, zeros. */
function idTensor(name: string, ids: readonly string[]): GgufTensorInput | undefined {
  const rows = ids.map(hexToBytes);
  const width = 1 + Math.max(1, ...rows.map((row) => row.length));
  const out = new Uint8Array(width * rows.length);
  rows.forEach((row, i) => {
    out[i * width] = row.length;
    out.set(row, i * width + 1);
  });
  return tensor(name, 'I8', [width, rows.length], out);
}

/** A tensor, or undefined when it has no elements (ggml rejects zero-sized dimensions). */
function tensor(name: string, type: GgmlTensorType, dims: readonly number[], data: TensorArray): GgufTensorInput | undefined {
  if (dims.some((dim) => dim === 0)) return undefined;
  return { name, type, dims, data: tensorBytesOf(data) };
}

export { bytesToHex as ggufIdHex };
