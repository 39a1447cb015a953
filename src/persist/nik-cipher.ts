/**
 * The cryptography of encrypted `.nik` files (cipher type 0x01): page payloads under
 * ChaCha20-Poly1305 (RFC 8439) with a synthetic nonce, so the writer stays pure and
 * deterministic yet never reuses a nonce for two different plaintexts under one key, and a
 * file MAC over header and footer, so nothing of the file (times, counts, parent, the
 * Merkle root and through it every page and their order) can change without the key.
 *
 * From the caller's 32-byte key K, HKDF-SHA256 (RFC 5869, salt "noctem/nik/0.4") derives
 * four values by their `info` strings: "chacha20-poly1305" → the 32-byte cipher key,
 * "nonce" → a 32-byte nonce key, "file-mac" → a 32-byte MAC key, "key-check" → the 16-byte
 * key check stored in the header. The file MAC is the first 16 bytes of
 * HMAC-SHA256(MAC key, header (64 bytes) ‖ footer bytes 0..103).
 * A page's nonce is the first 12 bytes of HMAC-SHA256(nonce key, AAD ‖ plaintext), as in
 * SIV constructions: equal (position, plaintext) pairs give equal ciphertexts, and nothing
 * else repeats a nonce. The stored payload is nonce (12) ‖ ciphertext ‖ tag (16).
 *
 * The AAD binds the page to its place: version, creation time and file kind of the file,
 * and id, kind, flags and raw length of the page. A page moved to another position or file
 * fails its tag. The key check tells a wrong key from a damaged page.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assert } from '../core/index.ts';
import { nikFileMacBytes, nikKeyCheckBytes, nikVersion } from './nik-layout.ts';

/** Bytes of the caller's key. */
export const nikKeyBytes = 32;
/** Bytes the cipher adds to a payload: the 12-byte nonce and the 16-byte tag. */
export const nikSealOverheadBytes = 12 + 16;
/** Bytes of the additional authenticated data of a page. */
export const nikAadBytes = 27;

const nonceBytes = 12;
const encoder = new TextEncoder();
const salt = encoder.encode(`noctem/nik/${nikVersion.major}.${nikVersion.minor}`);

/** The fields of a page and its file that its AAD binds. */
export interface NikPagePlace {
  /** Creation time of the file, ms since the Unix epoch. */
  readonly creationTimeMs: number;
  /** File kind byte (0 full, 1 differential). */
  readonly fileKindByte: number;
  /** Page id (u64). */
  readonly id: bigint;
  /** Page kind byte. */
  readonly kind: number;
  /** Page flags as stored (ENCRYPTED set). */
  readonly flags: number;
  /** Raw (uncompressed, unencrypted) length in bytes. */
  readonly rawBytes: number;
}

/** Seals and opens `.nik` page payloads, and computes the file MAC, under one key. */
export class NikCipher {
  /** The 16-byte key check value written to the header. */
  readonly keyCheck: Uint8Array;
  readonly #cipherKey: Uint8Array;
  readonly #nonceKey: Uint8Array;
  readonly #macKey: Uint8Array;

  /**
   * Derives the cipher key, nonce key and key check from the caller's key.
   * @param key - 32 bytes (for Noctem, derived from the identity's passphrase)
   */
  constructor(key: Uint8Array) {
    assert(key.length === nikKeyBytes, 'a .nik key is 32 bytes');
    this.#cipherKey = hkdf(sha256, key, salt, encoder.encode('chacha20-poly1305'), 32);
    this.#nonceKey = hkdf(sha256, key, salt, encoder.encode('nonce'), 32);
    this.#macKey = hkdf(sha256, key, salt, encoder.encode('file-mac'), 32);
    this.keyCheck = hkdf(sha256, key, salt, encoder.encode('key-check'), nikKeyCheckBytes);
  }

  /**
   * The file MAC: HMAC-SHA256 under the MAC key, truncated to 16 bytes.
   * @param header - the 64 header bytes as stored
   * @param footerPrefix - footer bytes 0..103 (everything before the MAC)
   * @returns 16 bytes
   */
  fileMac(header: Uint8Array, footerPrefix: Uint8Array): Uint8Array {
    return hmac.create(sha256, this.#macKey).update(header).update(footerPrefix).digest().slice(0, nikFileMacBytes);
  }

  /**
   * Encrypts one payload.
   * @param place - the page's place, bound as AAD
   * @param plaintext - the payload after compression
   * @returns nonce ‖ ciphertext ‖ tag, `plaintext.length + 28` bytes
   */
  seal(place: NikPagePlace, plaintext: Uint8Array): Uint8Array {
    const aad = nikPageAad(place);
    const mac = hmac.create(sha256, this.#nonceKey).update(aad).update(plaintext).digest();
    const nonce = mac.subarray(0, nonceBytes);
    const sealed = chacha20poly1305(this.#cipherKey, nonce, aad).encrypt(plaintext);
    const out = new Uint8Array(nonceBytes + sealed.length);
    out.set(nonce, 0);
    out.set(sealed, nonceBytes);
    return out;
  }

  /**
   * Decrypts one payload.
   * @param place - the page's place, bound as AAD
   * @param stored - nonce ‖ ciphertext ‖ tag
   * @returns the plaintext, or undefined when the tag does not verify
   */
  open(place: NikPagePlace, stored: Uint8Array): Uint8Array | undefined {
    if (stored.length < nikSealOverheadBytes) return undefined;
    const nonce = stored.subarray(0, nonceBytes);
    try {
      return chacha20poly1305(this.#cipherKey, nonce, nikPageAad(place)).decrypt(stored.subarray(nonceBytes));
    } catch {
      // noble throws a plain Error when the tag is wrong; the caller turns that into a code.
      return undefined;
    }
  }
}

/**
 * The AAD of a page: version major u16, minor u16, creation time u64, file kind u8, page
 * kind u8, flags u8, page id u64, raw length u32 (27 bytes, little-endian).
 * @param place - the page's place
 */
export function nikPageAad(place: NikPagePlace): Uint8Array {
  const out = new Uint8Array(nikAadBytes);
  const view = new DataView(out.buffer);
  view.setUint16(0, nikVersion.major, true);
  view.setUint16(2, nikVersion.minor, true);
  view.setBigUint64(4, BigInt(place.creationTimeMs), true);
  out[12] = place.fileKindByte;
  out[13] = place.kind;
  out[14] = place.flags;
  view.setBigUint64(15, place.id, true);
  view.setUint32(23, place.rawBytes, true);
  return out;
}
