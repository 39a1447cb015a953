/**
 * Node records rebuilt from the decoded columns of a Noctem GGUF export, each value checked
 * against the invariants a node record must hold (node-record.ts): ids 1..64 bytes, coordinates
 * below 2¹⁴ with the stored Hilbert key matching them, nonary −4..4, r ∈ [0, 1], s > 0, finite
 * dynamics, SPD metrics, finite embeddings, amplitudes ≥ 0 and phases in [−π, π]. Rows must be in
 * export order (Hilbert key, then id bytes, strictly increasing) with unique ids, and vacuum rows
 * must satisfy INT-05. A failure is `GGUF_NIKOLA_INVALID` naming the tensor and row.
 */
import { bytesToHex, type ChunkId, type NodeId, type SourceId } from '../core/index.ts';
import {
  coordCells, hilbertKeyBytes, hilbertKeyOf, isPositiveDefiniteMetric, metricEntries, torusDims, type NodeRecord,
} from '../manifold/index.ts';
import { nikolaInvalid, type ByteRows, type NikolaColumns } from './gguf-nikola-columns.ts';
import { nikolaTensorNames as names } from './gguf-nikola-layout.ts';
import { compareKeyBytes } from './node-key-order.ts';
import { countActiveNodes, isActiveInMask, isValidActiveMask, isVacuumNode } from './vacuum-mask.ts';

/**
 * Rebuilds and checks every node.
 * @param columns - the decoded tensors
 * @param amplitude - |ψ| per active node (the F32 tensor, or the dequantized Q9_0 blocks)
 * @returns the nodes in export order
 * @throws {NoctemError} GGUF_NIKOLA_INVALID on the first value that breaks an invariant
 */
export function nodesFromColumns(columns: NikolaColumns, amplitude: Float32Array): NodeRecord[] {
  const { mask, nodeCount, activeCount } = columns;
  if (!isValidActiveMask(mask, nodeCount) || countActiveNodes(mask) !== activeCount) {
    nikolaInvalid(`the activity mask does not mark ${activeCount} of ${nodeCount} nodes`, { tensor: names.activeMask });
  }
  const nodes: NodeRecord[] = [];
  const ids = new Set<string>();
  let previous: NodeRecord | undefined;
  for (let row = 0, activeRow = 0, vacuumRow = 0; row < nodeCount; row++) {
    const active = isActiveInMask(mask, row);
    const node = nodeAt(columns, row, active ? { activeRow: activeRow++, amplitude } : { vacuumRow: vacuumRow++ });
    if (previous !== undefined && !isInOrder(previous, node, columns.id, row)) nikolaInvalid(`node row ${row} is out of Hilbert order`, { tensor: names.hilbertKey, row });
    if (ids.has(node.id)) nikolaInvalid(`node row ${row} repeats the id ${node.id}`, { tensor: names.id, row });
    if (!active && !isVacuumNode(node)) nikolaInvalid(`node row ${row} is masked as vacuum but moves or resonates`, { tensor: names.activeMask, row });
    previous = node;
    ids.add(node.id);
    nodes.push(node);
  }
  return nodes;
}

/** True when `node` (at `row`) sorts strictly after `previous` (at row − 1): key, then id bytes. */
function isInOrder(previous: NodeRecord, node: NodeRecord, idRows: ByteRows, row: number): boolean {
  const byKey = compareKeyBytes(previous.hilbertKey, node.hilbertKey);
  return byKey < 0 || (byKey === 0 && compareKeyBytes(idBytes(idRows, row - 1), idBytes(idRows, row)) < 0);
}

/** Where a node's wave data is: an active row with its amplitude, or a vacuum row. */
type WaveRow = { readonly activeRow: number; readonly amplitude: Float32Array } | { readonly vacuumRow: number };

function nodeAt(columns: NikolaColumns, row: number, wave: WaveRow): NodeRecord {
  const coord = Uint16Array.from(columns.coord.subarray(row * torusDims, (row + 1) * torusDims));
  const check = (ok: boolean, tensor: string, what: string): void => {
    if (!ok) nikolaInvalid(`node row ${row} has ${what}`, { tensor, row });
  };
  check(columns.coord.subarray(row * torusDims, (row + 1) * torusDims).every((c) => c >= 0 && c < coordCells), names.coord, 'a coordinate outside 0..16383');
  const hilbertKey = hilbertKeyOf(coord);
  check(hilbertKey.every((byte, k) => byte === columns.hilbertKey[row * hilbertKeyBytes + k]), names.hilbertKey, 'a Hilbert key that does not match its coordinate');
  const nonary = columns.nonary[row]!;
  check(Math.abs(nonary) <= 4, names.nonary, 'a nonary value outside -4..4');
  const r = columns.resonance[row]!, s = columns.refractiveIndex[row]!;
  check(r >= 0 && r <= 1, names.resonance, 'a resonance outside [0, 1]');
  check(s > 0 && Number.isFinite(s), names.refractiveIndex, 'a refractive index that is not positive and finite');
  const [vRe, vIm] = pair(columns.velocity, row), [aRe, aIm] = pair(columns.acceleration, row), [createdAtMs, touchedAtMs] = pair(columns.timeMs, row);
  check([vRe, vIm].every(Number.isFinite), names.velocity, 'a velocity that is not finite');
  check([aRe, aIm].every(Number.isFinite), names.acceleration, 'an acceleration that is not finite');
  check([createdAtMs, touchedAtMs].every(Number.isFinite), names.timeMs, 'a time that is not finite');
  const embedding = embeddingAt(columns, row, check);
  const { psi, metric } = waveAt(columns, wave, check);
  return {
    id: idAt(columns.id, row, names.id) as NodeId, coord, hilbertKey, nonary, metric, r, s, psi,
    v: { re: vRe, im: vIm }, a: { re: aRe, im: aIm },
    chunkId: idAt(columns.chunkId, row, names.chunkId) as ChunkId, sourceId: idAt(columns.sourceId, row, names.sourceId) as SourceId,
    embedding, createdAtMs, touchedAtMs,
  };
}

type Check = (ok: boolean, tensor: string, what: string) => void;

function waveAt(columns: NikolaColumns, wave: WaveRow, check: Check): Pick<NodeRecord, 'psi' | 'metric'> {
  if ('vacuumRow' in wave) {
    const metric = columns.vacuumMetric.slice(wave.vacuumRow * metricEntries, (wave.vacuumRow + 1) * metricEntries);
    check(isPositiveDefiniteMetric(metric), names.vacuumMetric, 'a metric that is not symmetric positive-definite');
    return { psi: { re: 0, im: 0 }, metric };
  }
  const i = wave.activeRow;
  const metric = columns.metric.slice(i * metricEntries, (i + 1) * metricEntries);
  check(isPositiveDefiniteMetric(metric), names.metric, 'a metric that is not symmetric positive-definite');
  const amplitude = wave.amplitude[i]!, phase = columns.phase[i]!;
  check(amplitude >= 0 && Number.isFinite(amplitude), names.amplitude, 'an amplitude that is not finite and ≥ 0');
  check(Math.abs(phase) <= Math.PI, names.phase, 'a phase outside [-π, π]');
  check(Number.isFinite(columns.emitterFreq[i]!), names.emitterFreq, 'a frequency that is not finite');
  return { psi: { re: amplitude * Math.cos(phase), im: amplitude * Math.sin(phase) }, metric };
}

function embeddingAt(columns: NikolaColumns, row: number, check: Check): Float32Array {
  const width = columns.embeddingWidth;
  const dims = columns.embeddingDims[row]!;
  check(dims >= 1 && dims <= width, names.embeddingDims, `an embedding width outside 1..${width}`);
  const start = row * width;
  let finite = true, padded = true;
  for (let k = 0; k < dims; k++) finite &&= Number.isFinite(columns.embedding[start + k]!);
  for (let k = dims; k < width; k++) padded &&= Object.is(columns.embedding[start + k], 0);
  check(finite, names.embedding, 'an embedding value that is not finite');
  check(padded, names.embedding, 'non-zero embedding padding');
  return columns.embedding.slice(start, start + dims);
}

function pair(column: Float64Array, row: number): [number, number] {
  return [column[2 * row]!, column[2 * row + 1]!];
}

/** The id bytes of a row, after checking the length byte and the zero padding. */
function idBytes(rows: ByteRows, row: number, tensor: string = names.id): Uint8Array {
  const bytes = rows.bytes.subarray(row * rows.width, (row + 1) * rows.width);
  const length = bytes[0]!;
  if (length < 1 || length > rows.width - 1 || !bytes.subarray(1 + length).every((byte) => byte === 0)) {
    nikolaInvalid(`node row ${row} has a malformed id row`, { tensor, row });
  }
  return bytes.subarray(1, 1 + length);
}

function idAt(rows: ByteRows, row: number, tensor: string): string {
  return bytesToHex(idBytes(rows, row, tensor));
}
