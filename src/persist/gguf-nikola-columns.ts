/**
 * The tensors of a Noctem GGUF export, found by name and checked against the shapes the
 * counts imply, then decoded into typed columns. A tensor whose shape has a zero (no active
 * nodes, no vacuum nodes) is absent from the file; any other missing, extra-dimensional or
 * wrongly typed tensor is `GGUF_NIKOLA_INVALID`. Values are checked later, node by node
 * (gguf-nikola-import.ts).
 */
import { NoctemError, fromFloat16Array, limits, q9BlockBytes, q9BlockWeights } from '../core/index.ts';
import { hilbertKeyBytes, metricEntries, torusDims } from '../manifold/index.ts';
import type { GgmlTensorType, GgufFile, GgufTensor } from './gguf-format.ts';
import { nikolaTensorNames as names, type NikolaCounts } from './gguf-nikola-layout.ts';
import { float32sOf, float64sOf, int16sOf, int8sOf, uint16sOf } from './tensor-bytes.ts';

/** Rows of fixed width: row i is bytes[i·width, (i+1)·width). */
export interface ByteRows {
  readonly width: number;
  readonly bytes: Uint8Array;
}

/** The decoded tensors of an export. Wave columns have m rows; node columns have n rows. */
export interface NikolaColumns extends NikolaCounts {
  readonly mask: Uint8Array;
  readonly amplitude: Float32Array;
  /** The Q9_0 blocks of the amplitude, raw. */
  readonly amplitudeQ9: Uint8Array;
  readonly phase: Float32Array;
  readonly metric: Float32Array;
  readonly emitterFreq: Float32Array;
  readonly vacuumMetric: Float32Array;
  readonly id: ByteRows;
  readonly chunkId: ByteRows;
  readonly sourceId: ByteRows;
  readonly coord: Int16Array;
  readonly hilbertKey: Uint8Array;
  readonly nonary: Int8Array;
  readonly resonance: Float64Array;
  readonly refractiveIndex: Float64Array;
  readonly velocity: Float64Array;
  readonly acceleration: Float64Array;
  readonly timeMs: Float64Array;
  /** Embeddings, row i at [i·embeddingWidth, (i+1)·embeddingWidth). */
  readonly embedding: Float32Array;
  /** The embedding row width in elements (0 with no nodes). */
  readonly embeddingWidth: number;
  readonly embeddingDims: Int16Array;
}

/**
 * Finds and decodes every tensor of an export.
 * @param file - a parsed GGUF file
 * @param counts - its node and active counts (from its metadata)
 * @throws {NoctemError} GGUF_NIKOLA_INVALID when a tensor is missing or misshapen
 */
export function readNikolaColumns(file: GgufFile, counts: NikolaCounts): NikolaColumns {
  const byName = new Map(file.tensors.map((tensor) => [tensor.name, tensor]));
  const { nodeCount: n, activeCount: m } = counts;
  const take = (name: string, type: GgmlTensorType, dims: readonly number[]): Uint8Array => fixedTensor(byName, name, type, dims);
  const rows = (name: string, type: GgmlTensorType, widthMax: number): ByteRows => rowTensor(byName, { name, type, n, widthMax });
  const embedding = rows(names.embedding, 'F32', limits.embeddingDimensionsMax);
  return {
    ...counts,
    mask: take(names.activeMask, 'I8', [Math.ceil(n / 8)]),
    amplitude: float32sOf(take(names.amplitude, 'F32', [m])),
    amplitudeQ9: take(names.amplitudeQ9, 'I8', [Math.ceil(m / q9BlockWeights) * q9BlockBytes]),
    phase: fromFloat16Array(uint16sOf(take(names.phase, 'F16', [m]))),
    metric: float32sOf(take(names.metric, 'F32', [metricEntries, m])),
    emitterFreq: float32sOf(take(names.emitterFreq, 'F32', [m])),
    vacuumMetric: float32sOf(take(names.vacuumMetric, 'F32', [metricEntries, n - m])),
    id: rows(names.id, 'I8', 1 + limits.nodeIdBytesMax),
    chunkId: rows(names.chunkId, 'I8', 1 + limits.nodeIdBytesMax),
    sourceId: rows(names.sourceId, 'I8', 1 + limits.nodeIdBytesMax),
    coord: int16sOf(take(names.coord, 'I16', [torusDims, n])),
    hilbertKey: take(names.hilbertKey, 'I8', [hilbertKeyBytes, n]),
    nonary: int8sOf(take(names.nonary, 'I8', [n])),
    resonance: float64sOf(take(names.resonance, 'F64', [n])),
    refractiveIndex: float64sOf(take(names.refractiveIndex, 'F64', [n])),
    velocity: float64sOf(take(names.velocity, 'F64', [2, n])),
    acceleration: float64sOf(take(names.acceleration, 'F64', [2, n])),
    timeMs: float64sOf(take(names.timeMs, 'F64', [2, n])),
    embedding: float32sOf(embedding.bytes),
    embeddingWidth: embedding.width / 4,
    embeddingDims: int16sOf(take(names.embeddingDims, 'I16', [n])),
  };
}

/**
 * Throws the import's integrity error.
 * @param reason - what is wrong, completing "Cannot import the GGUF file: "
 * @param details - the tensor and row, when known
 */
export function nikolaInvalid(reason: string, details: Record<string, unknown> = {}): never {
  throw new NoctemError('GGUF_NIKOLA_INVALID', `Cannot import the GGUF file: ${reason}`, { details });
}

function fixedTensor(byName: ReadonlyMap<string, GgufTensor>, name: string, type: GgmlTensorType, dims: readonly number[]): Uint8Array {
  const tensor = byName.get(name);
  if (dims.some((dim) => dim === 0)) {
    if (tensor !== undefined) nikolaInvalid(`the tensor ${name} is present but its row count is 0`, { tensor: name });
    return new Uint8Array(0);
  }
  if (tensor === undefined) nikolaInvalid(`the tensor ${name} is missing`, { tensor: name });
  const sameShape = tensor.dims.length === dims.length && tensor.dims.every((dim, i) => dim === dims[i]);
  if (tensor.type !== type || !sameShape) {
    nikolaInvalid(`the tensor ${name} is ${tensor.type} [${tensor.dims.join(', ')}], not ${type} [${dims.join(', ')}]`, { tensor: name });
  }
  return tensor.data;
}

interface RowSpec {
  readonly name: string;
  readonly type: GgmlTensorType;
  /** Rows expected. */
  readonly n: number;
  /** The widest row allowed, in elements. */
  readonly widthMax: number;
}

/** A [width, n] tensor whose width the file chooses (1..widthMax); width is returned in bytes. */
function rowTensor(byName: ReadonlyMap<string, GgufTensor>, spec: RowSpec): ByteRows {
  const { name, type, n, widthMax } = spec;
  const tensor = byName.get(name);
  if (n === 0) {
    if (tensor !== undefined) nikolaInvalid(`the tensor ${name} is present but there are no nodes`, { tensor: name });
    return { width: 0, bytes: new Uint8Array(0) };
  }
  if (tensor === undefined) nikolaInvalid(`the tensor ${name} is missing`, { tensor: name });
  const [width = 0, rows] = tensor.dims;
  if (tensor.type !== type || tensor.dims.length !== 2 || rows !== n || width > widthMax) {
    nikolaInvalid(`the tensor ${name} is ${tensor.type} [${tensor.dims.join(', ')}], not ${type} [1..${widthMax}, ${n}]`, { tensor: name });
  }
  return { width: tensor.data.length / n, bytes: tensor.data };
}
