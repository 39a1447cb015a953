/**
 * Merkle trees over SHA-256 with RFC 6962 domain separation (DESIGN D8): a leaf hashes as
 * SHA-256(0x00 ‖ leaf), an interior node as SHA-256(0x01 ‖ left ‖ right), and the tree over
 * n leaves splits at the largest power of two below n (RFC 6962 §2.1). The empty tree's root
 * is SHA-256(""). A `.nik` leaf is a page header plus its payload (D8).
 *
 * The root is built bottom-up, level by level: pairing neighbours and carrying an odd last
 * node up unchanged gives exactly RFC 6962's split (the left subtree of every split is a
 * complete tree of 2^k leaves), with no recursion and one word buffer reused for all levels.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { assert } from './assert.ts';
import { hashBytesToWords, hashWordsToBytes, sha256PairWords } from './sha256-pair.ts';

/** Bytes of a SHA-256 hash, and so of every Merkle leaf hash, node hash and root. */
export const merkleHashBytes = 32;

const leafPrefix = 0x00;
const nodePrefix = 0x01;

/**
 * The RFC 6962 leaf hash SHA-256(0x00 ‖ leaf).
 * @param leaf - the leaf's bytes (any length)
 * @returns 32 bytes
 */
export function merkleLeafHash(leaf: Uint8Array): Uint8Array {
  return sha256.create().update(Uint8Array.of(leafPrefix)).update(leaf).digest();
}

/**
 * The RFC 6962 interior node hash SHA-256(0x01 ‖ left ‖ right).
 * @param left - 32-byte hash of the left subtree
 * @param right - 32-byte hash of the right subtree
 * @returns 32 bytes
 */
export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  assert(left.length === merkleHashBytes && right.length === merkleHashBytes, 'Merkle hashes are 32 bytes');
  const words = new Int32Array(16);
  hashBytesToWords(left, words, 0);
  hashBytesToWords(right, words, 8);
  sha256PairWords(words, 0, 8, words, 0, nodePrefix);
  return hashWordsToBytes(words, 0);
}

/**
 * The RFC 6962 Merkle tree hash over leaves that are already hashed with
 * {@link merkleLeafHash}. Time O(n), memory 32·n bytes, no recursion.
 * @param leafHashes - the leaf hashes in order, each 32 bytes
 * @returns the 32-byte root; SHA-256("") for no leaves, the leaf hash itself for one
 */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  const n = leafHashes.length;
  if (n === 0) return sha256(new Uint8Array(0));
  const words = new Int32Array(8 * n);
  for (let i = 0; i < n; i++) {
    const hash = leafHashes[i]!;
    assert(hash.length === merkleHashBytes, 'Merkle leaf hashes are 32 bytes');
    hashBytesToWords(hash, words, 8 * i);
  }
  // Each pass halves the level in place: node i of the next level overwrites slot i, which
  // the pass has already read (slots 2i and 2i + 1 are never behind it).
  for (let count = n; count > 1; count = (count + 1) >>> 1) {
    const pairs = count >>> 1;
    for (let i = 0; i < pairs; i++) sha256PairWords(words, 16 * i, 16 * i + 8, words, 8 * i, nodePrefix);
    if (count % 2 === 1) words.copyWithin(8 * pairs, 8 * (count - 1), 8 * count);
  }
  return hashWordsToBytes(words, 0);
}

/**
 * The RFC 6962 Merkle tree hash over raw leaves: {@link merkleRoot} of their
 * {@link merkleLeafHash}es.
 * @param leaves - the leaves in order
 * @returns the 32-byte root
 */
export function merkleRootOfLeaves(leaves: readonly Uint8Array[]): Uint8Array {
  return merkleRoot(leaves.map(merkleLeafHash));
}
