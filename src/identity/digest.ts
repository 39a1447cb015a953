/**
 * Self-describing SHA-256 digests: a multihash (code 0x12 sha2-256, length 0x20) written as
 * multibase base58btc, so a digest reads `zQm…`. Key ids, next-key commitments and key-event
 * links all use this form, which names its hash function and can be upgraded later.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { NoctemError } from '../core/index.ts';
import { multibaseDecode, multibaseEncode } from '../core/index.ts';

const sha256MultihashCode = 0x12;
const sha256DigestBytes = 32;

/**
 * The SHA-256 multihash of `bytes`, as multibase base58btc text (`zQm…`, 49 characters).
 * @param bytes - the data to hash
 */
export function sha256Multihash(bytes: Uint8Array): string {
  const multihash = new Uint8Array(2 + sha256DigestBytes);
  multihash[0] = sha256MultihashCode;
  multihash[1] = sha256DigestBytes;
  multihash.set(sha256(bytes), 2);
  return multibaseEncode(multihash, 'base58btc');
}

/**
 * True when `text` is a well-formed SHA-256 multihash in multibase base58btc.
 * @param text - the candidate
 */
export function isSha256Multihash(text: string): boolean {
  if (!text.startsWith('zQm') || text.length > 64) return false;
  try {
    const { bytes } = multibaseDecode(text, 'base58btc');
    return bytes.length === 2 + sha256DigestBytes && bytes[0] === sha256MultihashCode && bytes[1] === sha256DigestBytes;
  } catch (error) {
    // A decoding failure is exactly the "not well-formed" answer this predicate gives.
    if (error instanceof NoctemError) return false;
    throw error;
  }
}
