/**
 * The LMDB key of a node, `hilbertKey ‖ id` (DESIGN "Data model"): 12 bytes of Hilbert key
 * then the id's bytes. Keys sort by Hilbert key first, so a key range is a stretch of the
 * Hilbert curve, which is a region of the torus; nodes sharing a cell stay distinct by id.
 */
import { NoctemError, assert, bytesToHex, hexToBytes, isHex, limits, type NodeId } from '../core/index.ts';
import { hilbertKeyBytes } from './torus-coord.ts';

/** A decoded node key. */
export interface NodeKey {
  /** 12 bytes. */
  readonly hilbertKey: Uint8Array;
  /** The node id, lowercase hex. */
  readonly id: NodeId;
}

/** Bounds for a key-range scan: `start` inclusive, `end` exclusive. */
export interface NodeKeyRange {
  readonly start: Uint8Array;
  readonly end: Uint8Array;
}

const hilbertKeyLimit = 1n << 90n;

/**
 * Encodes `hilbertKey ‖ id`.
 * @param key - a 12-byte Hilbert key and a hex id of 1..limits.nodeIdBytesMax bytes
 * @returns 12 + id-byte-length bytes
 */
export function encodeNodeKey(key: NodeKey): Uint8Array {
  assert(key.hilbertKey.length === hilbertKeyBytes, 'a Hilbert key is 12 bytes');
  assert(isHex(key.id) && key.id.length >= 2 && key.id.length / 2 <= limits.nodeIdBytesMax, 'an id is 1..64 bytes of hex');
  const out = new Uint8Array(hilbertKeyBytes + key.id.length / 2);
  out.set(key.hilbertKey, 0);
  out.set(hexToBytes(key.id), hilbertKeyBytes);
  return out;
}

/**
 * Decodes a key written by {@link encodeNodeKey}.
 * @param bytes - the stored key
 * @throws {NoctemError} MANIFOLD_NODE_CORRUPT when the length is impossible
 */
export function decodeNodeKey(bytes: Uint8Array): NodeKey {
  const idLength = bytes.length - hilbertKeyBytes;
  if (idLength < 1 || idLength > limits.nodeIdBytesMax) {
    throw new NoctemError('MANIFOLD_NODE_CORRUPT', `Cannot decode a node key of ${bytes.length} bytes`);
  }
  return { hilbertKey: bytes.slice(0, hilbertKeyBytes), id: bytesToHex(bytes.subarray(hilbertKeyBytes)) as NodeId };
}

/**
 * The key range holding every node whose Hilbert key is within `radius` steps of `center`
 * along the curve, clamped to the curve's ends. Used to gather k-NN candidates: nearby keys
 * are nearby blocks (the converse does not always hold, so callers add dense-search hits).
 * @param center - a 12-byte Hilbert key
 * @param radius - steps along the curve, ≥ 0
 */
export function nodeKeyRangeAround(center: Uint8Array, radius: bigint): NodeKeyRange {
  assert(center.length === hilbertKeyBytes && radius >= 0n, 'a 12-byte key and a radius ≥ 0');
  const value = bytesToBigInt(center);
  const low = value - radius < 0n ? 0n : value - radius;
  const high = value + radius + 1n;
  // The end bound is exclusive; past the last key, 12 bytes of 0xff sorts after every node key.
  const end = high >= hilbertKeyLimit ? new Uint8Array(hilbertKeyBytes + 1).fill(0xff) : bigIntToBytes(high);
  return { start: bigIntToBytes(low), end };
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function bigIntToBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(hilbertKeyBytes);
  let rest = value;
  for (let i = hilbertKeyBytes - 1; i >= 0; i--, rest >>= 8n) out[i] = Number(rest & 0xffn);
  return out;
}
