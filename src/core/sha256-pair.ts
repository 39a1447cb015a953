/**
 * SHA-256 of `prefix ‖ left ‖ right` for two 32-byte hashes and a one-byte prefix: the
 * RFC 6962 interior node hash (prefix 0x01), specialised because a Merkle root over a
 * million leaves computes a million of them. A general hasher (`@noble/hashes`) spends
 * ~4 µs per call here on allocation and bookkeeping; this one works on 32-bit words held in
 * an `Int32Array` and needs no allocation. The 65-byte message always fills two blocks. It
 * is checked against `@noble/hashes` in `merkle.test.ts`.
 */

const roundConstants = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const initialState = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
/** The message length in bits, 65 bytes, written at the end of the second block. */
const messageBits = 65 * 8;

const schedule = new Int32Array(64);
const state = new Int32Array(8);

/**
 * Hashes `prefix ‖ words[left..left+8) ‖ words[right..right+8)` into `out[at..at+8)`.
 * Each hash is 8 big-endian 32-bit words (word k = bytes 4k..4k+3). `out` may be `words`
 * and `at` may equal `left` or `right`: both inputs are read before anything is written.
 * @param words - hashes as big-endian words
 * @param left - word offset of the left hash
 * @param right - word offset of the right hash
 * @param out - where the digest goes, as big-endian words
 * @param at - word offset in `out`
 * @param prefix - the first message byte, 0..255
 */
export function sha256PairWords(
  words: Int32Array, left: number, right: number, out: Int32Array, at: number, prefix: number,
): void {
  const w = schedule;
  // The message is shifted by the prefix byte, so each word straddles two input words.
  let previous = prefix;
  for (let k = 0; k < 16; k++) {
    const current = words[k < 8 ? left + k : right + k - 8]!;
    w[k] = (previous << 24) | (current >>> 8);
    previous = current;
  }
  state.set(initialState);
  compress();
  w[0] = (previous << 24) | 0x800000;
  w.fill(0, 1, 15);
  w[15] = messageBits;
  compress();
  out.set(state, at);
}

/**
 * Converts a 32-byte hash to 8 big-endian words.
 * @param bytes - the hash
 * @param out - destination
 * @param at - word offset in `out`
 */
export function hashBytesToWords(bytes: Uint8Array, out: Int32Array, at: number): void {
  for (let k = 0; k < 8; k++) {
    const i = 4 * k;
    out[at + k] = (bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!;
  }
}

/**
 * Converts 8 big-endian words back to a 32-byte hash.
 * @param words - the words
 * @param at - word offset in `words`
 */
export function hashWordsToBytes(words: Int32Array, at: number): Uint8Array {
  const out = new Uint8Array(32);
  for (let k = 0; k < 8; k++) {
    const word = words[at + k]!;
    out[4 * k] = word >>> 24;
    out[4 * k + 1] = word >>> 16;
    out[4 * k + 2] = word >>> 8;
    out[4 * k + 3] = word;
  }
  return out;
}

/** One SHA-256 compression of `schedule[0..16)` into `state` (FIPS 180-4 §6.2.2). */
function compress(): void {
  const w = schedule;
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + roundConstants[t]! + w[t]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0;
    d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0; state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0; state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0; state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0; state[7] = (state[7]! + h) | 0;
}
