/**
 * The binary cache of a word-vector embedder: the converted vectors plus what SIF derived
 * from them, in one file that loads with a single read and no parsing of numbers.
 *
 * Layout: `"NOCWVEC1"` · u32 LE header length H · H bytes of header JSON · zero padding to a
 * multiple of 4 · words×dimensions float32 LE · the words in UTF-8 joined by "\n". The header
 * holds the sizes, the source tag, the common component and a checksum of everything after
 * it (a multiply-xor fold over 32-bit words: any one changed word changes it, and it runs at
 * memory speed, unlike CRC-32 in JavaScript).
 */
import { NoctemError, assert, limits } from '../core/index.ts';
import type { WordVectors } from './word-vectors.ts';

/** What the cache holds. */
export interface WordVectorCache {
  readonly vectors: WordVectors;
  /** The unit common component that SIF removes (see `sifCommonComponent`). */
  readonly component: Float32Array;
  /** Names the source and derivation; a cache whose tag differs from the expected one is rebuilt. */
  readonly sourceTag: string;
}

interface Header {
  readonly format: 1;
  readonly sourceTag: string;
  readonly dimensions: number;
  readonly wordCount: number;
  readonly wordsBytes: number;
  readonly component: number[];
  readonly checksum: number;
}

const magic = 'NOCWVEC1';
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes a cache file.
 * @param cache - vectors, component and tag
 * @returns the file's bytes
 */
export function encodeWordVectorCache(cache: WordVectorCache): Uint8Array {
  assert(littleEndian, 'the word-vector cache is written on little-endian machines');
  const { vectors } = cache;
  assert(vectors.matrix.length === vectors.words.length * vectors.dimensions, 'matrix size matches the vocabulary');
  assert(cache.component.length === vectors.dimensions, 'component width matches');
  const wordBytes = new TextEncoder().encode(vectors.words.join('\n'));
  const matrixBytes = new Uint8Array(vectors.matrix.buffer, vectors.matrix.byteOffset, vectors.matrix.byteLength);
  const header: Header = {
    format: 1, sourceTag: cache.sourceTag, dimensions: vectors.dimensions, wordCount: vectors.words.length,
    wordsBytes: wordBytes.length, component: Array.from(cache.component), checksum: 0,
  };
  const headerLength = new TextEncoder().encode(JSON.stringify(header)).length + 16; // room for the checksum digits
  const bodyAt = align4(12 + headerLength);
  const out = new Uint8Array(bodyAt + matrixBytes.length + wordBytes.length);
  out.set(matrixBytes, bodyAt);
  out.set(wordBytes, bodyAt + matrixBytes.length);
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, checksum: fold32(out, bodyAt) }).padEnd(headerLength, ' '));
  out.set(new TextEncoder().encode(magic), 0);
  new DataView(out.buffer).setUint32(8, headerLength, true);
  out.set(headerBytes, 12);
  return out;
}

/**
 * Decodes a cache file. The matrix is a view into `bytes` when aligned (no copy).
 * @param bytes - the file's bytes
 * @throws {NoctemError} EMBEDDER_CACHE_CORRUPT when the magic, sizes or checksum are wrong
 */
export function decodeWordVectorCache(bytes: Uint8Array): WordVectorCache {
  if (!littleEndian) corrupt('this machine is big-endian');
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== magic) corrupt('it does not start with NOCWVEC1');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset + 8, 4).getUint32(0, true);
  if (12 + headerLength > bytes.length) corrupt('its header is truncated');
  const header = parseHeader(bytes.subarray(12, 12 + headerLength));
  const bodyAt = align4(12 + headerLength);
  const matrixBytes = header.wordCount * header.dimensions * 4;
  if (bodyAt + matrixBytes + header.wordsBytes !== bytes.length) corrupt('its length does not match its header');
  if (fold32(bytes, bodyAt) !== header.checksum) corrupt('its checksum does not match');
  const start = bytes.byteOffset + bodyAt;
  const matrix = start % 4 === 0
    ? new Float32Array(bytes.buffer, start, matrixBytes / 4)
    : new Float32Array(bytes.slice(bodyAt, bodyAt + matrixBytes).buffer);
  const words = new TextDecoder().decode(bytes.subarray(bodyAt + matrixBytes)).split('\n');
  if (words.length !== header.wordCount) corrupt('its word count does not match');
  return {
    vectors: { dimensions: header.dimensions, words, matrix },
    component: Float32Array.from(header.component),
    sourceTag: header.sourceTag,
  };
}

function parseHeader(bytes: Uint8Array): Header {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    corrupt('its header is not JSON', error);
  }
  const h = value as Partial<Header> | null;
  const ok = h !== null && typeof h === 'object' && h.format === 1 && typeof h.sourceTag === 'string'
    && Number.isInteger(h.dimensions) && h.dimensions! >= 1 && h.dimensions! <= limits.embeddingDimensionsMax
    && Number.isInteger(h.wordCount) && h.wordCount! >= 1 && h.wordCount! <= limits.wordVectorWordsMax
    && Number.isInteger(h.wordsBytes) && h.wordsBytes! >= 0 && Number.isInteger(h.checksum)
    && Array.isArray(h.component) && h.component.length === h.dimensions && h.component.every(Number.isFinite);
  if (!ok) corrupt('its header fields are invalid');
  return h as Header;
}

/** Multiply-xor fold over the bytes from `from` (read as 32-bit words, the tail zero-padded). */
function fold32(bytes: Uint8Array, from: number): number {
  let hash = 0x811c9dc5;
  const whole = (bytes.length - from) >>> 2;
  let at = from;
  if ((bytes.byteOffset + from) % 4 === 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + from, whole);
    for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i]!, 0x01000193);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < whole; i++) hash = Math.imul(hash ^ view.getUint32(from + 4 * i, true), 0x01000193);
  }
  at += 4 * whole;
  let tail = 0;
  for (let shift = 0; at < bytes.length; at++, shift += 8) tail |= bytes[at]! << shift;
  return Math.imul(hash ^ tail, 0x01000193) >>> 0;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function corrupt(reason: string, cause?: unknown): never {
  throw new NoctemError('EMBEDDER_CACHE_CORRUPT', `Cannot load the word-vector cache: ${reason}`, cause === undefined ? {} : { cause });
}
