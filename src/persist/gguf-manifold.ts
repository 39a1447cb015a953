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
import { NoctemError, dequantizeQ9, hexToBytes, isNoctemError, limits, q9BlockBytes, q9BlockWeights, quantizeQ9, toFloat16Array } from '../core/index.ts';
import { hilbertKeyBytes, metricEntries, torusDims, type NodeRecord } from '../manifold/index.ts';
import type { GgmlTensorType, GgufTensorInput } from './gguf-format.ts';
import { readGguf } from './gguf-reader.ts';
import { writeGguf } from './gguf-writer.ts';
import { nikolaInvalid, readNikolaColumns } from './gguf-nikola-columns.ts';
import { nikolaCountsOf, nikolaMetadata, nikolaTensorNames as names } from './gguf-nikola-layout.ts';
import { nodesFromColumns } from './gguf-nikola-nodes.ts';
import { tensorBytesOf, type TensorArray } from './tensor-bytes.ts';
import { isVacuumNode, packActiveMask, vacuumThreshold } from './vacuum-mask.ts';
import { sortByHilbertKey } from './node-key-order.ts';

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

/** Options for {@link nodesFromGguf}. */
export interface GgufImportOptions {
  /**
   * Which amplitude rebuilds |ψ|: the F32 tensor, or the dequantized Q9_0 blocks (what a reader
   * holding only the quantized tensor gets; their error is up to an eighth of each block's max).
   * @default 'f32'
   */
  readonly amplitudeSource?: 'f32' | 'q9_0';
}

/**
 * Rebuilds node records from a GGUF file written by {@link ggufFromNodes}, checking everything.
 * @param bytes - the whole file
 * @param options - the amplitude source
 * @returns every node (active and vacuum) in export order; vacuum nodes have ψ = 0
 * @throws {NoctemError} the reader's GGUF_* codes for a malformed file; GGUF_NOT_NIKOLA when it is
 * not a memory export; GGUF_UNSUPPORTED for another layout version; GGUF_LIMIT above
 * limits.ggufNodesMax; GGUF_NIKOLA_INVALID when a tensor or value breaks the layout
 */
export function nodesFromGguf(bytes: Uint8Array, options: GgufImportOptions = {}): NodeRecord[] {
  const file = readGguf(bytes);
  const counts = nikolaCountsOf(file.metadata, limits.ggufNodesMax);
  const columns = readNikolaColumns(file, counts);
  const quantized = checkedQ9Amplitude(columns.amplitudeQ9, columns.amplitude);
  return nodesFromColumns(columns, options.amplitudeSource === 'q9_0' ? quantized : columns.amplitude);
}

/**
 * The dequantized Q9_0 amplitude, after checking it agrees with the F32 amplitude: every value
 * within half a step (its block's scale) of the F32 value, as the quantizer guarantees.
 */
function checkedQ9Amplitude(blocks: Uint8Array, amplitude: Float32Array): Float32Array {
  let quantized: Float32Array;
  try {
    quantized = dequantizeQ9(blocks, amplitude.length);
  } catch (error) {
    // The Q9_0 decoder's FORMAT_CORRUPT is translated to this format's code; anything else is a bug.
    if (!isNoctemError(error, 'FORMAT_CORRUPT')) throw error;
    nikolaInvalid(`its Q9_0 amplitude is malformed: ${error.message}`, { tensor: names.amplitudeQ9 });
  }
  const view = new DataView(blocks.buffer, blocks.byteOffset, blocks.byteLength);
  for (let i = 0; i < amplitude.length; i++) {
    const scale = view.getFloat32(Math.floor(i / q9BlockWeights) * q9BlockBytes, true);
    // Half a step, widened by float32 rounding of the scale and of the products.
    if (!(Math.abs(quantized[i]! - amplitude[i]!) <= 0.5 * scale * (1 + 1e-5) + 1e-30)) {
      nikolaInvalid(`its Q9_0 amplitude disagrees with the F32 amplitude at active row ${i}`, { tensor: names.amplitudeQ9, row: i });
    }
  }
  return quantized;
}

function waveTensors(active: readonly NodeRecord[]): (GgufTensorInput | undefined)[] {
  const m = active.length;
  const amplitude = column(Float32Array, active, (node) => Math.hypot(node.psi.re, node.psi.im));
  const phase = column(Float32Array, active, (node) => Math.atan2(node.psi.im, node.psi.re));
  const blocks = quantizeQ9(amplitude);
  return [
    tensor(names.amplitude, 'F32', [m], amplitude),
    tensor(names.amplitudeQ9, 'I8', [blocks.length], blocks),
    tensor(names.phase, 'F16', [m], toFloat16Array(phase)),
    tensor(names.metric, 'F32', [metricEntries, m], metricsOf(active)),
    tensor(names.emitterFreq, 'F32', [m], column(Float32Array, active, emitterFrequency)),
  ];
}

function nodeTableTensors(sorted: readonly NodeRecord[]): (GgufTensorInput | undefined)[] {
  const n = sorted.length;
  const widthMax = sorted.reduce((width, node) => Math.max(width, node.embedding.length), 1);
  const embedding = new Float32Array(widthMax * n);
  sorted.forEach((node, i) => embedding.set(node.embedding, i * widthMax));
  const coord = new Int16Array(torusDims * n);
  sorted.forEach((node, i) => coord.set(node.coord, i * torusDims));
  const hilbertKey = new Uint8Array(hilbertKeyBytes * n);
  sorted.forEach((node, i) => hilbertKey.set(node.hilbertKey, i * hilbertKeyBytes));
  const pairs = (first: (node: NodeRecord) => number, second: (node: NodeRecord) => number): Float64Array => {
    const out = new Float64Array(2 * n);
    sorted.forEach((node, i) => {
      out[2 * i] = first(node);
      out[2 * i + 1] = second(node);
    });
    return out;
  };
  return [
    idTensor(names.id, sorted.map((node) => node.id)),
    idTensor(names.chunkId, sorted.map((node) => node.chunkId)),
    idTensor(names.sourceId, sorted.map((node) => node.sourceId)),
    tensor(names.coord, 'I16', [torusDims, n], coord),
    tensor(names.hilbertKey, 'I8', [hilbertKeyBytes, n], hilbertKey),
    tensor(names.nonary, 'I8', [n], column(Int8Array, sorted, (node) => node.nonary)),
    tensor(names.resonance, 'F64', [n], column(Float64Array, sorted, (node) => node.r)),
    tensor(names.refractiveIndex, 'F64', [n], column(Float64Array, sorted, (node) => node.s)),
    tensor(names.velocity, 'F64', [2, n], pairs((node) => node.v.re, (node) => node.v.im)),
    tensor(names.acceleration, 'F64', [2, n], pairs((node) => node.a.re, (node) => node.a.im)),
    tensor(names.timeMs, 'F64', [2, n], pairs((node) => node.createdAtMs, (node) => node.touchedAtMs)),
    tensor(names.embedding, 'F32', [widthMax, n], embedding),
    tensor(names.embeddingDims, 'I16', [n], column(Int16Array, sorted, (node) => node.embedding.length)),
  ];
}

/** One value per node in a typed array (a plain loop: `TypedArray.from(array, fn)` is far slower). */
function column<T extends Float32Array | Float64Array | Int8Array | Int16Array>(
  Type: new (length: number) => T, nodes: readonly NodeRecord[], pick: (node: NodeRecord) => number,
): T {
  const out = new Type(nodes.length);
  for (let i = 0; i < nodes.length; i++) out[i] = pick(nodes[i]!);
  return out;
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
  const width = 1 + rows.reduce((longest, row) => Math.max(longest, row.length), 1);
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

