/**
 * Goal: the Merkle functions are RFC 6962 trees over SHA-256 (DESIGN D8). Method: the
 * Certificate Transparency reference vectors (eight leaves, roots of the first 1..8), a
 * recursive implementation written straight from RFC 6962 §2.1 over random trees, and the
 * specialised pair hash checked against @noble/hashes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from './hex.ts';
import { merkleLeafHash, merkleNodeHash, merkleRoot, merkleRootOfLeaves } from './merkle.ts';

const ctLeaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ctRoots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** RFC 6962 §2.1 MTH, recursive, over raw leaves. */
function referenceRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return sha256(new Uint8Array([0, ...leaves[0]!]));
  let k = 1;
  while (2 * k < leaves.length) k *= 2;
  const left = referenceRoot(leaves.slice(0, k));
  const right = referenceRoot(leaves.slice(k));
  return sha256(new Uint8Array([1, ...left, ...right]));
}

describe('merkle', () => {
  it('merkleRoot() matches the Certificate Transparency roots for 1..8 leaves', () => {
    const hashes = ctLeaves.map((hex) => merkleLeafHash(hexToBytes(hex)));
    const roots = ctRoots.map((_, i) => bytesToHex(merkleRoot(hashes.slice(0, i + 1))));
    expect(roots).toEqual(ctRoots);
  });

  it('merkleRoot() of no leaves is SHA-256 of the empty string', () => {
    expect(bytesToHex(merkleRoot([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('merkleLeafHash() of the empty leaf is the CT vector', () => {
    expect(bytesToHex(merkleLeafHash(new Uint8Array(0)))).toBe(ctRoots[0]);
  });

  it('merkleNodeHash() equals SHA-256(0x01 ‖ left ‖ right)', () => {
    const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(fc.property(hash32, hash32, (left, right) =>
      bytesToHex(merkleNodeHash(left, right)) === bytesToHex(sha256(new Uint8Array([1, ...left, ...right])))));
  });

  it('merkleRootOfLeaves() agrees with the recursive RFC 6962 definition', () => {
    const leaves = fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 70 });
    fc.assert(fc.property(leaves, (list) =>
      bytesToHex(merkleRootOfLeaves(list)) === bytesToHex(referenceRoot(list))));
  });

  it('merkleRoot() does not change its input hashes', () => {
    const hashes = ctLeaves.map((hex) => merkleLeafHash(hexToBytes(hex)));
    const before = hashes.map(bytesToHex);
    merkleRoot(hashes);
    expect(hashes.map(bytesToHex)).toEqual(before);
  });

  it('merkleRoot() changes when any leaf hash changes', () => {
    const hashes = ctLeaves.map((hex) => merkleLeafHash(hexToBytes(hex)));
    const root = bytesToHex(merkleRoot(hashes));
    for (let i = 0; i < hashes.length; i++) {
      const changed = hashes.map((hash, j) => (j === i ? Uint8Array.from(hash, (b, k) => (k === 31 ? b ^ 1 : b)) : hash));
      expect(bytesToHex(merkleRoot(changed))).not.toBe(root);
    }
  });
});
