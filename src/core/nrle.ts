/**
 * Nonary Run-Length Encoding (spec §6.1.2): a stream of balanced nonary digits −4..4 as a
 * sequence of tokens, each a control byte and a count, an unsigned LEB128 varint ≥ 1:
 *
 * - `0x00 count`: `count` zero digits (the vacuum; most of a sparse page);
 * - `0x01 count nibbles`: `count` digits, two per byte, the first in the high nibble, each
 *   stored as digit + 4 (0..8); an odd count leaves the last low nibble 0.
 *
 * Deviations from the spec's sketch, which leaves the varint unnamed and loses data: its
 * encoder skips zero runs of 1..3 digits (the `else i++` branch), so here a raw run carries
 * such short runs as nibble 4 and stops only before a run of 4 or more zeros (the spec's
 * threshold) or at 255 digits (its raw-run cap). The decoder is strict, so each stream has
 * one reading: unknown control bytes, zero counts, overlong varints, nibbles above 8, a
 * non-zero pad nibble, a run past `expectedLength`, a short stream and trailing bytes are
 * all `FORMAT_CORRUPT`. It allocates exactly `expectedLength` digits, whatever the input
 * claims, so a hostile stream cannot inflate memory (limits.nrleDigitsMax bounds that).
 */
import { assert } from './assert.ts';
import { NoctemError } from './errors.ts';
import { limits } from './limits.ts';

const zeroRunControl = 0x00;
const rawRunControl = 0x01;
/** Shortest zero run written as a zero token; shorter runs ride in raw tokens. */
const zeroRunDigitsMin = 4;
/** Longest raw run written by the encoder (the spec's cap; the decoder takes longer ones). */
const rawRunDigitsMax = 255;
/** A varint of 8 bytes holds 56 bits, past any count the decoder can accept. */
const varintBytesMax = 8;

/**
 * Encodes balanced nonary digits.
 * @param digits - integers in −4..4, at most limits.nrleDigitsMax of them
 * @returns the NRLE stream; {@link nrleDecode} with `digits.length` gives `digits` back
 */
export function nrleEncode(digits: Int8Array): Uint8Array {
  assert(digits.length <= limits.nrleDigitsMax, 'an NRLE stream holds at most nrleDigitsMax digits');
  const out = new ByteSink(16 + (digits.length >>> 1));
  let i = 0;
  while (i < digits.length) {
    const zeros = zeroRunLength(digits, i, digits.length);
    if (zeros >= zeroRunDigitsMin) {
      out.push(zeroRunControl);
      out.varint(zeros);
      i += zeros;
      continue;
    }
    let end = i;
    while (end < digits.length && end - i < rawRunDigitsMax
      && !(digits[end] === 0 && zeroRunLength(digits, end, end + zeroRunDigitsMin) >= zeroRunDigitsMin)) end++;
    out.push(rawRunControl);
    out.varint(end - i);
    for (let j = i; j < end; j += 2) {
      const high = nibbleOf(digits[j]!);
      out.push(j + 1 < end ? (high << 4) | nibbleOf(digits[j + 1]!) : high << 4);
    }
    i = end;
  }
  return out.bytes();
}

/**
 * Decodes an NRLE stream that must hold exactly `expectedLength` digits.
 * @param bytes - the stream
 * @param expectedLength - the digit count the container records
 * @returns `expectedLength` digits in −4..4
 * @throws {NoctemError} FORMAT_CORRUPT when the stream is malformed, truncated, longer or
 *   shorter than `expectedLength`, or `expectedLength` exceeds limits.nrleDigitsMax
 */
export function nrleDecode(bytes: Uint8Array, expectedLength: number): Int8Array {
  if (!Number.isSafeInteger(expectedLength) || expectedLength < 0 || expectedLength > limits.nrleDigitsMax) {
    corrupt(`its length ${expectedLength} is not an integer in 0..${limits.nrleDigitsMax}`, 0);
  }
  const out = new Int8Array(expectedLength);
  const reader = { at: 0 };
  let filled = 0;
  while (reader.at < bytes.length) {
    const tokenAt = reader.at;
    const control = bytes[reader.at++]!;
    if (control !== zeroRunControl && control !== rawRunControl) corrupt(`control byte ${control} is neither 0 nor 1`, tokenAt);
    const count = readCount(bytes, reader, expectedLength - filled);
    if (control === zeroRunControl) {
      filled += count;
      continue;
    }
    const packedBytes = (count + 1) >>> 1;
    if (bytes.length - reader.at < packedBytes) corrupt('a raw run is truncated', tokenAt);
    for (let k = 0; k < count; k++) {
      const byte = bytes[reader.at + (k >>> 1)]!;
      const nibble = k % 2 === 0 ? byte >>> 4 : byte & 0x0f;
      if (nibble > 8) corrupt(`digit nibble ${nibble} is above 8`, reader.at + (k >>> 1));
      out[filled + k] = nibble - 4;
    }
    if (count % 2 === 1 && (bytes[reader.at + packedBytes - 1]! & 0x0f) !== 0) corrupt('a pad nibble is not 0', tokenAt);
    reader.at += packedBytes;
    filled += count;
  }
  if (filled !== expectedLength) corrupt(`it holds ${filled} digits, ${expectedLength} expected`, bytes.length);
  return out;
}

/** Zeros at `digits[from..]`, counting no further than `end`. */
function zeroRunLength(digits: Int8Array, from: number, end: number): number {
  const stop = Math.min(end, digits.length);
  let at = from;
  while (at < stop && digits[at] === 0) at++;
  return at - from;
}

function nibbleOf(digit: number): number {
  assert(Number.isInteger(digit) && digit >= -4 && digit <= 4, 'a nonary digit is an integer in -4..4');
  return digit + 4;
}

/** Reads a minimal LEB128 count in 1..`room`. */
function readCount(bytes: Uint8Array, reader: { at: number }, room: number): number {
  const start = reader.at;
  let value = 0;
  let scale = 1;
  for (let k = 0; k < varintBytesMax; k++) {
    if (reader.at >= bytes.length) corrupt('a count is truncated', start);
    const byte = bytes[reader.at++]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (value > room) corrupt(`a run passes the expected length (${room} digits left)`, start);
    if ((byte & 0x80) === 0) {
      if (byte === 0 && k > 0) corrupt('a count has an overlong encoding', start);
      if (value === 0) corrupt('a run has count 0', start);
      return value;
    }
  }
  return corrupt('a count is longer than 8 bytes', start);
}

function corrupt(reason: string, offsetBytes: number): never {
  throw new NoctemError('FORMAT_CORRUPT', `Cannot decode the NRLE stream: ${reason}`, { details: { offsetBytes } });
}

/** A growable byte buffer (doubling), so encoding is linear. */
class ByteSink {
  #buffer: Uint8Array;
  #length = 0;

  constructor(capacity: number) {
    this.#buffer = new Uint8Array(capacity);
  }

  push(byte: number): void {
    if (this.#length === this.#buffer.length) {
      const grown = new Uint8Array(2 * this.#buffer.length);
      grown.set(this.#buffer);
      this.#buffer = grown;
    }
    this.#buffer[this.#length++] = byte;
  }

  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.push(rest);
  }

  bytes(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }
}
