/**
 * Node pages of a home checkpoint (page kind 0; docs/formats/nik.md "Node pages"): the nodes
 * in ascending `hilbertKey ‖ id` order, at most `limits.checkpointPageNodesMax` per page and
 * never more than `limits.nikPageBytesMax` bytes. A page is
 * `u32 count · u32 nrleBytes · NRLE(the count nonary digits)` (§6.1.2) then its entries:
 *
 * `u8 idLen · id · hilbertKey (12) · 9 × u16 coord · bytes 1..236 of the 237-byte spec body
 *  (nik-node.ts; its byte 0, the nonary digit, is in the page's NRLE column) ·
 *  f64 r · f64 s · f64 createdAtMs · f64 touchedAtMs · u8 chunkIdLen · chunkId ·
 *  u8 sourceIdLen · sourceId · u16 dims · dims × f32 embedding`.
 *
 * The nonary digits are stored as one column per page because that is the stream NRLE is
 * built for: most nodes rest at digit 0, so a page's column shrinks to a few bytes; the
 * reader puts each digit back in front of its 236 bytes and decodes the 237-byte record.
 *
 * The tail after the spec body is what a `NodeRecord` holds beyond it: r and s again as f64
 * (the body rounds them to float32, and a restore must be exact), the times, the chunk and
 * source ids and the embedding. Decoding keeps the coordinate and Hilbert key as stored, so
 * the GAP-014 topology check can report a point off the torus instead of failing to decode.
 *
 * Page id: the top 63 bits of the page's first 90-bit Hilbert index (the 12-byte key read as a
 * big-endian integer, shifted right by 27), raised to one more than the previous node page's id
 * when it would not exceed it. Several pages can start inside one Hilbert block, and the raise
 * keeps ids strictly ascending and unique; 63 bits leave room for every raise below 2^64.
 */
import { assert, bytesToHex, hexToBytes, isHex, limits, nrleDecode, nrleEncode, type ChunkId, type NodeId, type SourceId } from '../core/index.ts';
import { hilbertKeyBytes, hilbertKeyOf, torusDims, type NodeRecord } from '../manifold/index.ts';
import { ByteSink, ByteSource } from './byte-cursor.ts';
import { nikPageKind } from './nik-layout.ts';
import { decodeNikNode, encodeNikNode, nikNodeBytes, nikNodeFromRecord, type NikNodeFields } from './nik-node.ts';
import type { NikPageInput } from './nik-writer.ts';

/** A node as a checkpoint page stores it; coordinate and key as stored, not yet checked. */
export interface CheckpointNode {
  readonly id: NodeId;
  /** The stored 12-byte Hilbert key (the topology check compares it with the coordinate). */
  readonly hilbertKey: Uint8Array;
  /** The stored coordinate: 9 × u16, each should be below 16384. */
  readonly coord: Uint16Array;
  /** The 237-byte spec body. */
  readonly body: NikNodeFields;
  /** r and s exactly (f64); the body holds them rounded to float32. */
  readonly r: number;
  readonly s: number;
  readonly createdAtMs: number;
  readonly touchedAtMs: number;
  readonly chunkId: ChunkId;
  readonly sourceId: SourceId;
  readonly embedding: Float32Array;
}

const keyShift = 27n;
const entryScratch = new ByteSink();
const u64Max = (1n << 64n) - 1n;

/**
 * The node pages of `nodes`.
 * @param nodes - nodes in ascending `hilbertKey ‖ id` order
 * @param flags - page flags to set (DIRTY in a differential)
 * @returns pages of kind 0 with ascending ids
 */
export function nodePages(nodes: readonly NodeRecord[], flags: number): NikPageInput[] {
  const pages: NikPageInput[] = [];
  let previousId = -1n;
  let entries: Uint8Array[] = [];
  let digits: number[] = [];
  let entryBytes = 0;
  let firstIndex = 0;
  const flush = (): void => {
    if (entries.length === 0) return;
    const id = nodePageId(nodes[firstIndex]!.hilbertKey, previousId);
    const column = nrleEncode(Int8Array.from(digits));
    // The size is known: one allocation, no growing buffer (a page holds up to a few MB).
    const payload = new Uint8Array(8 + column.length + entryBytes);
    const view = new DataView(payload.buffer);
    view.setUint32(0, entries.length, true);
    view.setUint32(4, column.length, true);
    payload.set(column, 8);
    let at = 8 + column.length;
    for (const entry of entries) {
      payload.set(entry, at);
      at += entry.length;
    }
    pages.push({ id, kind: nikPageKind.nodes, payload, flags });
    previousId = id;
    [entries, digits, entryBytes] = [[], [], 0];
  };
  nodes.forEach((node, index) => {
    const { entry, nonary } = encodeCheckpointNode(node);
    // The column's worst case is 2 bytes per digit plus a control byte per 255 (nrle.ts).
    const pageBytes = 8 + 2 * (digits.length + 1) + entryBytes + entry.length;
    if (entries.length === limits.checkpointPageNodesMax || pageBytes > limits.nikPageBytesMax) flush();
    if (entries.length === 0) firstIndex = index;
    entries.push(entry);
    digits.push(nonary);
    entryBytes += entry.length;
  });
  flush();
  return pages;
}

/**
 * The id of a node page (see the module comment).
 * @param firstKey - the 12-byte Hilbert key of the page's first node
 * @param previousId - the previous node page's id, or −1 for the first page
 */
export function nodePageId(firstKey: Uint8Array, previousId: bigint): bigint {
  assert(firstKey.length === hilbertKeyBytes, 'a Hilbert key is 12 bytes');
  let value = 0n;
  for (const byte of firstKey) value = (value << 8n) | BigInt(byte);
  const id = value >> keyShift;
  const next = id > previousId ? id : previousId + 1n;
  assert(next <= u64Max, 'a node page id fits a u64');
  return next;
}

/**
 * One node's entry bytes (without its nonary digit) and that digit.
 * @param node - a valid node
 */
export function encodeCheckpointNode(node: NodeRecord): { entry: Uint8Array; nonary: number } {
  const ids = [node.id, node.chunkId, node.sourceId].map((id) => hexToBytes(id));
  // One sink for every node: it grows once to an entry's size, and result() copies.
  const sink = entryScratch;
  sink.reset();
  writeId(sink, ids[0]!);
  sink.bytes(node.hilbertKey);
  for (let i = 0; i < torusDims; i++) sink.u16(node.coord[i]!);
  const body = new Uint8Array(nikNodeBytes);
  encodeNikNode(nikNodeFromRecord(node), new DataView(body.buffer), 0);
  sink.bytes(body.subarray(1));
  for (const value of [node.r, node.s, node.createdAtMs, node.touchedAtMs]) sink.f64(value);
  writeId(sink, ids[1]!);
  writeId(sink, ids[2]!);
  sink.u16(node.embedding.length);
  for (const x of node.embedding) sink.f32(x);
  return { entry: sink.result(), nonary: node.nonary };
}

/**
 * The nodes of a node page's payload.
 * @param payload - the decoded page payload, untrusted
 * @throws {NoctemError} FORMAT_CORRUPT when an entry is truncated, an id or width is out of
 *   range, a number is not finite, or the f64 r and s disagree with the body's float32
 */
export function decodeNodePage(payload: Uint8Array): CheckpointNode[] {
  const source: ByteSource = new ByteSource(payload, 'a checkpoint node page');
  const count = source.u32();
  if (count < 1 || count > limits.checkpointPageNodesMax) source.corrupt(`it holds ${count} nodes, not 1 to ${limits.checkpointPageNodesMax}`);
  const columnBytes = source.u32();
  if (columnBytes > source.left) source.corrupt(`its nonary column claims ${columnBytes} bytes, ${source.left} are left`);
  const digits = nrleDecode(source.bytes(columnBytes), count);
  const nodes: CheckpointNode[] = [];
  for (let n = 0; n < count; n++) nodes.push(readNode(source, digits[n]!));
  if (source.left !== 0) source.corrupt(`${source.left} bytes follow its last node`);
  return nodes;
}

/**
 * The manifold node of a checked checkpoint node (its coordinate on the torus, its key that
 * of its coordinate: the GAP-014 checks establish both first).
 * @param node - a decoded node that passed the checks
 */
export function nodeRecordOf(node: CheckpointNode): NodeRecord {
  return {
    id: node.id, coord: node.coord, hilbertKey: hilbertKeyOf(node.coord), nonary: node.body.nonary, metric: node.body.metric,
    r: node.r, s: node.s, psi: node.body.psi, v: node.body.v, a: node.body.a,
    chunkId: node.chunkId, sourceId: node.sourceId, embedding: node.embedding,
    createdAtMs: node.createdAtMs, touchedAtMs: node.touchedAtMs,
  };
}

function readNode(source: ByteSource, nonary: number): CheckpointNode {
  const id = readId(source) as NodeId;
  const hilbertKey = source.bytes(hilbertKeyBytes).slice();
  const coord = new Uint16Array(torusDims);
  for (let i = 0; i < torusDims; i++) coord[i] = source.u16();
  const bodyBytes = new Uint8Array(nikNodeBytes);
  bodyBytes[0] = nonary + 4; // the spec body maps −4..4 to 0..8
  bodyBytes.set(source.bytes(nikNodeBytes - 1), 1);
  const body = decodeNikNode(new DataView(bodyBytes.buffer), 0);
  const [r, s, createdAtMs, touchedAtMs] = [source.f64(), source.f64(), source.f64(), source.f64()] as const;
  if (![r, s, createdAtMs, touchedAtMs].every(Number.isFinite)) source.corrupt(`node ${id} has a number that is not finite`);
  if (Math.fround(r) !== body.r || Math.fround(s) !== body.s) source.corrupt(`node ${id}: its exact r and s disagree with its 237-byte body`);
  const chunkId = readId(source) as ChunkId;
  const sourceId = readId(source) as SourceId;
  const dims = source.u16();
  if (dims < 1 || dims > limits.embeddingDimensionsMax) source.corrupt(`node ${id} has an embedding of ${dims} dimensions`);
  source.need(dims * 4);
  const embedding = new Float32Array(dims);
  for (let k = 0; k < dims; k++) embedding[k] = source.f32();
  return { id, hilbertKey, coord, body, r, s, createdAtMs, touchedAtMs, chunkId, sourceId, embedding };
}

function writeId(sink: ByteSink, bytes: Uint8Array): void {
  assert(bytes.length >= 1 && bytes.length <= limits.nodeIdBytesMax, 'an id is 1..nodeIdBytesMax bytes');
  sink.u8(bytes.length);
  sink.bytes(bytes);
}

function readId(source: ByteSource): string {
  const length = source.u8();
  if (length < 1 || length > limits.nodeIdBytesMax) source.corrupt(`an id is ${length} bytes, not 1 to ${limits.nodeIdBytesMax}`);
  const id = bytesToHex(source.bytes(length));
  // bytesToHex always gives hex; the check documents what a valid id is.
  assert(isHex(id), 'ids are hex');
  return id;
}
