/**
 * Goal: page encryption is standard ChaCha20-Poly1305 (RFC 8439) under HKDF-SHA256 keys with
 * an HMAC-SHA256 synthetic nonce, and the file MAC is HMAC-SHA256, exactly as
 * docs/formats/nik.md describes; each page is bound to its place. Method: an independent
 * implementation (Node's OpenSSL: hkdfSync, createHmac, createDecipheriv) recomputes the key
 * check, nonce and MAC and opens our ciphertext; then every AAD field is changed in turn
 * and must fail the tag.
 */
import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { NikCipher, nikPageAad, nikSealOverheadBytes, type NikPagePlace } from './nik-cipher.ts';

const key = Uint8Array.from({ length: 32 }, (_, i) => i);
const place: NikPagePlace = { creationTimeMs: 1_700_000_000_000, fileKindByte: 1, id: 0x0123456789abcdefn, kind: 2, flags: 0x06, rawBytes: 4096 };
const plaintext = new TextEncoder().encode('a compressed page payload');

function derive(info: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', key, 'noctem/nik/0.4', info, length));
}

describe('NikCipher', () => {
  test('NikCipher.keyCheck is HKDF-SHA256(key, salt "noctem/nik/0.4", info "key-check", 16)', () => {
    expect(Buffer.from(new NikCipher(key).keyCheck)).toEqual(derive('key-check', 16));
  });

  test('NikCipher.seal() writes HMAC nonce ‖ ChaCha20-Poly1305 ciphertext ‖ tag that OpenSSL opens', () => {
    const sealed = new NikCipher(key).seal(place, plaintext);
    expect(sealed.length).toBe(plaintext.length + nikSealOverheadBytes);
    const aad = nikPageAad(place);
    const nonce = createHmac('sha256', derive('nonce', 32)).update(aad).update(plaintext).digest().subarray(0, 12);
    expect(Buffer.from(sealed.subarray(0, 12))).toEqual(nonce);
    const decipher = createDecipheriv('chacha20-poly1305', derive('chacha20-poly1305', 32), nonce, { authTagLength: 16 });
    decipher.setAAD(aad, { plaintextLength: plaintext.length });
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const opened = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
    expect(new Uint8Array(opened)).toEqual(plaintext);
  });

  test('NikCipher.fileMac() is HMAC-SHA256(HKDF "file-mac" key, header ‖ footer prefix) cut to 16 bytes', () => {
    const header = Uint8Array.from({ length: 64 }, (_, i) => i);
    const footerPrefix = Uint8Array.from({ length: 104 }, (_, i) => 255 - i);
    const expected = createHmac('sha256', derive('file-mac', 32)).update(header).update(footerPrefix).digest().subarray(0, 16);
    expect(Buffer.from(new NikCipher(key).fileMac(header, footerPrefix))).toEqual(expected);
  });

  test('nikPageAad() lays out version, time, file kind, page kind, flags, id and raw length', () => {
    expect(Buffer.from(nikPageAad(place)).toString('hex')).toBe(
      '0000' + '0400' + '0068e5cf8b010000' + '01' + '02' + '06' + 'efcdab8967452301' + '00100000',
    );
  });

  test('NikCipher.seal() is deterministic and open() inverts it', () => {
    const cipher = new NikCipher(key);
    const sealed = cipher.seal(place, plaintext);
    expect(cipher.seal(place, plaintext)).toEqual(sealed);
    expect(cipher.open(place, sealed)).toEqual(plaintext);
  });

  test('NikCipher.open() fails when any bound field of the place changes', () => {
    const cipher = new NikCipher(key);
    const sealed = cipher.seal(place, plaintext);
    const moved: NikPagePlace[] = [
      { ...place, creationTimeMs: place.creationTimeMs + 1 }, { ...place, fileKindByte: 0 }, { ...place, id: place.id + 1n },
      { ...place, kind: 3 }, { ...place, flags: 0x07 }, { ...place, rawBytes: 4095 },
    ];
    for (const other of moved) expect(cipher.open(other, sealed)).toBeUndefined();
  });

  test('NikCipher.open() fails under another key and on a damaged or short payload', () => {
    const sealed = new NikCipher(key).seal(place, plaintext);
    expect(new NikCipher(new Uint8Array(32)).open(place, sealed)).toBeUndefined();
    const damaged = sealed.slice();
    damaged[15]! ^= 1;
    expect(new NikCipher(key).open(place, damaged)).toBeUndefined();
    expect(new NikCipher(key).open(place, sealed.subarray(0, 20))).toBeUndefined();
  });

  test('NikCipher.seal() uses a new nonce for a new plaintext', () => {
    const cipher = new NikCipher(key);
    const a = cipher.seal(place, plaintext);
    const b = cipher.seal(place, new TextEncoder().encode('a compressed page payloae'));
    expect(Buffer.from(a.subarray(0, 12))).not.toEqual(Buffer.from(b.subarray(0, 12)));
  });
});
