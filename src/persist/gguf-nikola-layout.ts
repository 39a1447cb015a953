/**
 * The names of a Noctem memory export in GGUF (spec §6.2, D9): its tensor names and the
 * metadata it writes, with the reading of the few metadata values an import needs.
 * docs/formats/gguf.md is the prose version of this file; keep the two in step.
 *
 * Two row sets share one order, the nodes sorted by Hilbert key then id bytes (spec §6.2.2):
 * the spec's wave tensors (`nikola.torus.*`, `nikola.metric.tensor`, `nikola.emitter.freq`)
 * hold one row per active node (INT-05), and the node table (`nikola.node.*`, the mask) holds one
 * row per node, active or vacuum, so an import rebuilds every node.
 */
import { NoctemError, q9BitsPerWeight, q9BlockBytes, q9BlockWeights } from '../core/index.ts';
import { coordBits, hilbertBitsPerDim, torusDims } from '../manifold/index.ts';
import { ggufAlignmentBytesDefault, ggufAlignmentKey, type GgufValue } from './gguf-format.ts';
import { vacuumThreshold } from './vacuum-mask.ts';

/** The layout version written in `nikola.format_version`; an import reads only this one. */
export const nikolaGgufLayoutVersion = 1;

/** Tensor names of the export. */
export const nikolaTensorNames = {
  /** F32 [m]: |ψ| of each active node. */
  amplitude: 'nikola.torus.amplitude',
  /** I8 [20·⌈m/32⌉]: the amplitude as Q9_0 blocks (D9), raw bytes. */
  amplitudeQ9: 'nikola.torus.amplitude.q9_0',
  /** F16 [m]: arg ψ in [−π, π]. */
  phase: 'nikola.torus.phase',
  /** F32 [45, m]: the metric's upper triangle, row by row. */
  metric: 'nikola.metric.tensor',
  /** F32 [m]: the node's instantaneous angular frequency Im(ψ̄·v)/|ψ|². */
  emitterFreq: 'nikola.emitter.freq',
  /** I8 [⌈n/8⌉]: INT-05 mask, bit i set when node i is active. */
  activeMask: 'nikola.torus.active_mask',
  /** F32 [45, n − m]: the metric of each vacuum node. */
  vacuumMetric: 'nikola.vacuum.metric',
  /** I8 [w, n]: node id rows (u8 length, then the id bytes, zero padded). */
  id: 'nikola.node.id',
  /** I8 [w, n]: chunk id rows, as `id`. */
  chunkId: 'nikola.node.chunk_id',
  /** I8 [w, n]: source id rows, as `id`. */
  sourceId: 'nikola.node.source_id',
  /** I16 [9, n]: torus coordinates, 14-bit cells. */
  coord: 'nikola.node.coord',
  /** I8 [12, n]: Hilbert keys (big-endian bytes), the sort key. */
  hilbertKey: 'nikola.node.hilbert_key',
  /** I8 [n]: the balanced nonary value, −4..4. */
  nonary: 'nikola.node.nonary',
  /** F64 [n]: resonance r ∈ [0, 1]. */
  resonance: 'nikola.node.resonance',
  /** F64 [n]: refractive index s > 0. */
  refractiveIndex: 'nikola.node.refractive_index',
  /** F64 [2, n]: velocity ∂ψ/∂t (re, im). */
  velocity: 'nikola.node.velocity',
  /** F64 [2, n]: acceleration ∂²ψ/∂t² (re, im). */
  acceleration: 'nikola.node.acceleration',
  /** F64 [2, n]: creation and last-touch times, ms since the epoch. */
  timeMs: 'nikola.node.time_ms',
  /** F32 [w, n]: embeddings, zero padded to the widest. */
  embedding: 'nikola.node.embedding',
  /** I16 [n]: each embedding's width. */
  embeddingDims: 'nikola.node.embedding_dims',
} as const;

/** Metadata keys an import reads. */
export const nikolaMetadataKeys = {
  architecture: 'general.architecture',
  formatVersion: 'nikola.format_version',
  nodeCount: 'nikola.node_count',
  activeCount: 'nikola.active_count',
} as const;

/** Counts written into the metadata. */
export interface NikolaCounts {
  /** Nodes in the export, active and vacuum. */
  readonly nodeCount: number;
  /** Active nodes (rows of the wave tensors). */
  readonly activeCount: number;
}

/**
 * The metadata of an export (spec §6.2.7 keys plus the layout names D9 asks for).
 * @param counts - the node and active counts
 * @param name - `general.name`
 */
export function nikolaMetadata(counts: NikolaCounts, name: string): Map<string, GgufValue> {
  const text = (value: string): GgufValue => ({ type: 'string', value });
  const u32 = (value: number): GgufValue => ({ type: 'u32', value });
  return new Map<string, GgufValue>([
    [nikolaMetadataKeys.architecture, text('nikola')],
    ['general.name', text(name)],
    [ggufAlignmentKey, u32(ggufAlignmentBytesDefault)],
    [nikolaMetadataKeys.formatVersion, u32(nikolaGgufLayoutVersion)],
    [nikolaMetadataKeys.nodeCount, { type: 'u64', value: BigInt(counts.nodeCount) }],
    [nikolaMetadataKeys.activeCount, { type: 'u64', value: BigInt(counts.activeCount) }],
    ['nikola.geometry.dimensions', u32(torusDims)],
    ['nikola.geometry.coord_bits', u32(coordBits)],
    ['nikola.hilbert.bits_per_dim', u32(hilbertBitsPerDim)],
    ['nikola.node.order', text('ascending hilbert_key bytes, then id bytes')],
    ['nikola.node.id_layout', text('row of w bytes: u8 length, the id bytes, zero padding')],
    ['nikola.encoding.base', text('balanced_nonary')],
    ['nikola.quantization.format', text('Q9_0')],
    ['nikola.q9_0.block_size', u32(q9BlockWeights)],
    ['nikola.q9_0.block_bytes', u32(q9BlockBytes)],
    ['nikola.q9_0.bits_per_weight', { type: 'f32', value: q9BitsPerWeight }],
    ['nikola.q9_0.storage', text('I8 tensor of raw block bytes (Q9_0 is not a ggml type)')],
    ['nikola.q9_0.layout', text('block_q9_0 { f32 scale; u16 data[7]; u16 padding = 0 }: weight 5k+j is base-9 digit j '
      + '(least significant first) of data[k], stored as digit + 4; the last word holds weights 30, 31; value = digit * scale')],
    ['nikola.phase.range', text('radians in [-pi, pi], arg(psi)')],
    ['nikola.emitter.freq.definition', text('instantaneous angular frequency Im(conj(psi) * v) / |psi|^2 in radians per '
      + 'unit of wave time; 0 when |psi| <= nikola.vacuum.threshold')],
    ['nikola.vacuum.threshold', { type: 'f32', value: vacuumThreshold }],
    ['nikola.vacuum.rule', text('INT-05: vacuum when |psi|, |v| and r are all <= nikola.vacuum.threshold')],
    ['nikola.mask.bit_order', text('bit i = byte i/8, bit i%8 (least significant first); 1 = active')],
  ]);
}

/**
 * Reads and checks the counts of an export's metadata.
 * @param metadata - the file's metadata
 * @param nodeCountMax - the named limit on nodes
 * @throws {NoctemError} GGUF_NOT_NIKOLA when the architecture is not "nikola"; GGUF_UNSUPPORTED
 * for another layout version; GGUF_LIMIT above the node limit; GGUF_NIKOLA_INVALID for missing
 * or inconsistent counts
 */
export function nikolaCountsOf(metadata: ReadonlyMap<string, GgufValue>, nodeCountMax: number): NikolaCounts {
  const architecture = metadata.get(nikolaMetadataKeys.architecture);
  if (architecture?.type !== 'string' || architecture.value !== 'nikola') {
    throw new NoctemError('GGUF_NOT_NIKOLA', 'Cannot import the GGUF file: its general.architecture is not "nikola"');
  }
  const version = metadata.get(nikolaMetadataKeys.formatVersion);
  if (version?.type !== 'u32' || version.value !== nikolaGgufLayoutVersion) {
    const found = version === undefined ? 'no layout version' : `layout version ${String(version.value)}`;
    throw new NoctemError('GGUF_UNSUPPORTED', `Cannot import the GGUF file: it has ${found}; this build reads ${nikolaGgufLayoutVersion}`);
  }
  const nodeCount = countOf(metadata, nikolaMetadataKeys.nodeCount);
  const activeCount = countOf(metadata, nikolaMetadataKeys.activeCount);
  if (nodeCount > nodeCountMax) {
    throw new NoctemError('GGUF_LIMIT', `Cannot import the GGUF file: it holds ${nodeCount} nodes, more than the limit of ${nodeCountMax}`);
  }
  if (activeCount > nodeCount) invalid(`it has ${activeCount} active nodes of ${nodeCount}`);
  return { nodeCount, activeCount };
}

function countOf(metadata: ReadonlyMap<string, GgufValue>, key: string): number {
  const value = metadata.get(key);
  if (value?.type !== 'u64') invalid(`its ${key} is missing or not a u64`);
  // Compared as bigint first, so a huge count cannot lose precision on the way to a number.
  return value.value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value.value);
}

function invalid(reason: string): never {
  throw new NoctemError('GGUF_NIKOLA_INVALID', `Cannot import the GGUF file: ${reason}`);
}
