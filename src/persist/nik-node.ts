/**
 * One node in a `.nik` page (spec §6.1.1 "Node Serialization Format"): 237 bytes,
 * little-endian, in the spec's field order:
 *
 * | offset | bytes | field                                                      |
 * |--------|-------|------------------------------------------------------------|
 * | 0      | 1     | nonary value −4..4 stored as 0..8                          |
 * | 1      | 180   | metric tensor: 45 float32, upper triangle row by row       |
 * | 181    | 4     | r, float32 (resonance)                                     |
 * | 185    | 4     | s, float32 (state / refractive index)                      |
 * | 189    | 16    | ψ, complex<double>: re then im, float64                    |
 * | 205    | 16    | v, complex<double>                                         |
 * | 221    | 16    | a, complex<double>                                         |
 *
 * r and s are float32 here while the manifold's `NodeRecord` keeps float64, so a round trip
 * through this form rounds them to float32 (`Math.fround`); ψ, v, a and the metric are exact.
 * The decoder refuses a nonary byte above 8 and any non-finite number: no valid node holds
 * one, and refusing them here keeps NaN out of energies computed from a restored page.
 */
import { NoctemError, assert } from '../core/index.ts';
import { metricEntries, type Complex, type NodeRecord } from '../manifold/index.ts';

/** Bytes of one serialized node (1 + 180 + 4 + 4 + 3 × 16). */
export const nikNodeBytes = 237;

/** The fields of a node that a `.nik` page stores (the rest of `NodeRecord` lives elsewhere). */
export interface NikNodeFields {
  /** Nonary value, an integer in −4..4. */
  readonly nonary: number;
  /** Metric tensor upper triangle, 45 float32. */
  readonly metric: Float32Array;
  /** Resonance, stored as float32. */
  readonly r: number;
  /** Refractive index, stored as float32. */
  readonly s: number;
  /** Wave amplitude ψ. */
  readonly psi: Complex;
  /** Wave velocity. */
  readonly v: Complex;
  /** Wave acceleration. */
  readonly a: Complex;
}

const metricOffset = 1;
const rOffset = metricOffset + 4 * metricEntries;
const sOffset = rOffset + 4;
const psiOffset = sOffset + 4;
const vOffset = psiOffset + 16;
const aOffset = vOffset + 16;
assert(aOffset + 16 === nikNodeBytes, 'the node layout is 237 bytes');

/**
 * Writes a node's 237 bytes at `out[offset..offset+237)`. An out-of-range value is a bug.
 * @param node - nonary in −4..4, 45 metric entries, finite numbers (r, s within float32)
 * @param out - the page buffer
 * @param offset - byte offset of the node in `out`
 */
export function encodeNikNode(node: NikNodeFields, out: DataView, offset: number): void {
  assert(Number.isInteger(node.nonary) && Math.abs(node.nonary) <= 4, 'nonary is an integer in -4..4');
  assert(node.metric.length === metricEntries, 'a metric has 45 entries');
  assert(Number.isInteger(offset) && offset >= 0 && offset + nikNodeBytes <= out.byteLength, 'the node fits the buffer');
  out.setUint8(offset, node.nonary + 4);
  for (let k = 0; k < metricEntries; k++) out.setFloat32(offset + metricOffset + 4 * k, node.metric[k]!, true);
  out.setFloat32(offset + rOffset, node.r, true);
  out.setFloat32(offset + sOffset, node.s, true);
  for (const [at, z] of [[psiOffset, node.psi], [vOffset, node.v], [aOffset, node.a]] as const) {
    out.setFloat64(offset + at, z.re, true);
    out.setFloat64(offset + at + 8, z.im, true);
  }
  assert(allFinite(out, offset), 'node fields are finite and r, s fit float32');
}

/**
 * Reads the node at `view[offset..offset+237)`.
 * @param view - the page buffer
 * @param offset - byte offset of the node
 * @returns its fields (a fresh metric array)
 * @throws {NoctemError} FORMAT_CORRUPT when the bytes run past the view, the nonary byte is
 *   above 8, or a number is not finite
 */
export function decodeNikNode(view: DataView, offset: number): NikNodeFields {
  if (!Number.isInteger(offset) || offset < 0 || offset + nikNodeBytes > view.byteLength) {
    corrupt(`it runs past the end (${view.byteLength} bytes)`, offset);
  }
  const stored = view.getUint8(offset);
  if (stored > 8) corrupt(`its nonary byte is ${stored}, above 8`, offset);
  if (!allFinite(view, offset)) corrupt('it holds a number that is not finite', offset);
  const metric = new Float32Array(metricEntries);
  for (let k = 0; k < metricEntries; k++) metric[k] = view.getFloat32(offset + metricOffset + 4 * k, true);
  const complexAt = (at: number): Complex =>
    ({ re: view.getFloat64(offset + at, true), im: view.getFloat64(offset + at + 8, true) });
  return {
    nonary: stored - 4,
    metric,
    r: view.getFloat32(offset + rOffset, true),
    s: view.getFloat32(offset + sOffset, true),
    psi: complexAt(psiOffset),
    v: complexAt(vOffset),
    a: complexAt(aOffset),
  };
}

/**
 * The `.nik` fields of a manifold node (shared, not copied: encoding copies them).
 * @param record - the node
 */
export function nikNodeFromRecord(record: NodeRecord): NikNodeFields {
  return { nonary: record.nonary, metric: record.metric, r: record.r, s: record.s, psi: record.psi, v: record.v, a: record.a };
}

/**
 * A copy of `record` with its `.nik` fields replaced by `fields` (r and s as stored, float32).
 * @param record - the node whose identity, coordinate, embedding and times are kept
 * @param fields - decoded fields
 */
export function applyNikNode(record: NodeRecord, fields: NikNodeFields): NodeRecord {
  return { ...record, nonary: fields.nonary, metric: fields.metric, r: fields.r, s: fields.s, psi: fields.psi, v: fields.v, a: fields.a };
}

/** True when every float in the node at `offset` is finite. */
function allFinite(view: DataView, offset: number): boolean {
  for (let at = metricOffset; at < psiOffset; at += 4) if (!Number.isFinite(view.getFloat32(offset + at, true))) return false;
  for (let at = psiOffset; at < nikNodeBytes; at += 8) if (!Number.isFinite(view.getFloat64(offset + at, true))) return false;
  return true;
}

function corrupt(reason: string, offsetBytes: number): never {
  throw new NoctemError('FORMAT_CORRUPT', `Cannot decode a .nik node: ${reason}`, { details: { offsetBytes } });
}
