/**
 * Test helper: builds ustar archives in memory, hostile ones included (links, devices,
 * `..` and absolute names, PAX and GNU long-name records, bad checksums), which GNU tar
 * will not write on request. Pure; used only by tests.
 */

/** One entry to write. */
export interface TarEntrySpec {
  readonly name: string;
  /** The typeflag. @default '0' (regular file) */
  readonly type?: string;
  /** @default empty */
  readonly data?: string | Uint8Array;
  /** Link target for types '1' and '2'. @default '' */
  readonly linkname?: string;
  /** POSIX ustar name prefix. @default '' */
  readonly prefix?: string;
  /** Corrupts the checksum. @default false */
  readonly badChecksum?: boolean;
}

const blockBytes = 512;
const encoder = new TextEncoder();

/**
 * Builds a tar.
 * @param entries - the entries, in order
 * @param options - `end: false` leaves out the end-of-archive blocks
 */
export function tarOf(entries: readonly TarEntrySpec[], options: { end?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? encoder.encode(entry.data) : (entry.data ?? new Uint8Array());
    parts.push(tarHeader(entry, data.length), data, new Uint8Array((blockBytes - (data.length % blockBytes)) % blockBytes));
  }
  if (options.end !== false) parts.push(new Uint8Array(2 * blockBytes));
  return concat(parts);
}

/**
 * A PAX extended header entry (type 'x') setting `records` for the next entry.
 * @param records - keys and values such as `{ path: 'x' }`
 */
export function paxEntry(records: Readonly<Record<string, string>>): TarEntrySpec {
  let text = '';
  for (const [key, value] of Object.entries(records)) {
    const body = ` ${key}=${value}\n`;
    let length = body.length + 1;
    while (String(length).length + encoder.encode(body).length !== length) length = String(length).length + encoder.encode(body).length;
    text += `${length}${body}`;
  }
  return { name: 'PaxHeader', type: 'x', data: text };
}

function tarHeader(entry: TarEntrySpec, size: number): Uint8Array {
  const header = new Uint8Array(blockBytes);
  put(header, 0, 100, entry.name);
  put(header, 100, 8, '0000644\0');
  put(header, 108, 8, '0000000\0');
  put(header, 116, 8, '0000000\0');
  put(header, 124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  put(header, 136, 12, '00000000000\0');
  put(header, 156, 1, entry.type ?? '0');
  put(header, 157, 100, entry.linkname ?? '');
  put(header, 257, 6, 'ustar\0');
  put(header, 263, 2, '00');
  put(header, 345, 155, entry.prefix ?? '');
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0) + (entry.badChecksum === true ? 1 : 0);
  put(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

function put(header: Uint8Array, offset: number, length: number, value: string): void {
  header.set(encoder.encode(value).subarray(0, length), offset);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
