/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of iSCSI (RFC 3720),
 * ext4 and LevelDB, used per `.nik` page (spec §6.1.1). Table-driven, slicing-by-8: eight
 * 256-entry tables let the loop fold eight bytes per step.
 */

const tables = buildTables();

/**
 * The CRC-32C of `bytes`, optionally continuing an earlier checksum.
 * `crc32c(b, crc32c(a)) === crc32c(a ‖ b)`.
 * @param bytes - the data
 * @param seed - the CRC-32C of the data before `bytes` (0 for none)
 * @returns an unsigned 32-bit checksum; crc32c("123456789") = 0xe3069283
 */
export function crc32c(bytes: Uint8Array, seed = 0): number {
  const t = tables;
  let crc = ~seed;
  let i = 0;
  const end8 = bytes.length - (bytes.length % 8);
  for (; i < end8; i += 8) {
    const lo = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    crc = t[7 * 256 + (lo & 0xff)]! ^ t[6 * 256 + ((lo >>> 8) & 0xff)]!
      ^ t[5 * 256 + ((lo >>> 16) & 0xff)]! ^ t[4 * 256 + (lo >>> 24)]!
      ^ t[3 * 256 + bytes[i + 4]!]! ^ t[2 * 256 + bytes[i + 5]!]!
      ^ t[256 + bytes[i + 6]!]! ^ t[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** Table k (at offset 256·k) advances a byte's CRC through k further zero bytes. */
function buildTables(): Int32Array {
  const out = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    out[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const previous = out[(k - 1) * 256 + n]!;
      out[k * 256 + n] = out[previous & 0xff]! ^ (previous >>> 8);
    }
  }
  return out;
}
