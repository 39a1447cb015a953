/**
 * Test-only builders for archives, benign and hostile, made in memory so no hostile file
 * is ever committed: zips (with Unix modes), tars (with links and devices), gzip, an
 * overlapping-entry zip bomb and nested zip bombs.
 */
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import tarStream from 'tar-stream';
import type { Header } from 'tar-stream';

/** A zip member: its content, and optionally Unix mode bits (e.g. 0o120777 for a symlink). */
export interface ZipMemberSpec {
  readonly data: Uint8Array | string;
  readonly unixMode?: number;
}

/**
 * Builds a zip. Names are stored as given, hostile ones included.
 * @param members - name to content (and mode)
 */
export function zipOf(members: Record<string, ZipMemberSpec | Uint8Array | string>): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, spec] of Object.entries(members)) {
    const full: ZipMemberSpec = typeof spec === 'string' || spec instanceof Uint8Array ? { data: spec } : spec;
    const data = typeof full.data === 'string' ? new TextEncoder().encode(full.data) : full.data;
    zippable[name] = full.unixMode === undefined ? [data, { level: 9 }] : [data, { level: 9, os: 3, attrs: (full.unixMode << 16) >>> 0 }];
  }
  return zipSync(zippable);
}

/**
 * Builds a tar.
 * @param entries - headers (name, type, linkname…) with optional content
 */
export async function tarOf(entries: readonly (Partial<Header> & { name: string; content?: string | Uint8Array })[]): Promise<Uint8Array> {
  const pack = tarStream.pack();
  const chunks: Uint8Array[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Uint8Array);
  })();
  for (const { content, ...header } of entries) {
    const body = typeof content === 'string' ? Buffer.from(content) : content === undefined ? undefined : Buffer.from(content);
    await new Promise<void>((resolve, reject) => {
      const callback = (error?: Error | null): void => (error ? reject(error) : resolve());
      if (body === undefined) pack.entry(header, callback);
      else pack.entry(header, body, callback);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Gzips bytes or text. */
export function gzipOf(data: Uint8Array | string): Uint8Array {
  return gzipSync(typeof data === 'string' ? Buffer.from(data) : data, { level: 9 });
}

/**
 * A non-recursive zip bomb (after David Fifield): one deflated member of zeros, and
 * `copies` central-directory entries that all point at it, so every entry inflates the
 * same bytes again. Sizes in the headers are honest; only the repetition is hostile.
 * @param zerosBytes - size of the zero-filled member
 * @param copies - directory entries pointing at it
 */
export function overlappingZipBomb(zerosBytes: number, copies: number): Uint8Array {
  const base = zipSync({ 'f0000.txt': [new Uint8Array(zerosBytes), { level: 9 }] });
  const view = Buffer.from(base);
  const eocd = view.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const directoryOffset = view.readUInt32LE(eocd + 16);
  const directory = view.subarray(directoryOffset, eocd);
  const entries: Buffer[] = [];
  for (let copy = 0; copy < copies; copy += 1) {
    const entry = Buffer.from(directory);
    entry.write(`f${String(copy).padStart(4, '0')}.txt`, 46, 'latin1');
    entries.push(entry);
  }
  const newDirectory = Buffer.concat(entries);
  const end = Buffer.from(view.subarray(eocd, eocd + 22));
  end.writeUInt16LE(copies, 8);
  end.writeUInt16LE(copies, 10);
  end.writeUInt32LE(newDirectory.length, 12);
  return Buffer.concat([view.subarray(0, directoryOffset), newDirectory, end]);
}

/**
 * Zips nested `levels` deep, each level holding `fanout` copies of the level below, the
 * innermost holding `fanout` copies of `leafBytes` zeros (a 42.zip in miniature).
 */
export function nestedZipBomb(levels: number, fanout: number, leafBytes: number): Uint8Array {
  let current = new Uint8Array(leafBytes);
  let name = 'zeros.bin';
  for (let level = 0; level < levels; level += 1) {
    const members: Zippable = {};
    for (let copy = 0; copy < fanout; copy += 1) members[`${copy}-${name}`] = [current, { level: 9 }];
    current = zipSync(members);
    name = `level${level}.zip`;
  }
  return current;
}

/**
 * Zips nested `depth` deep: depth 1 is a zip holding `leaf.txt`, depth 2 a zip holding
 * that zip, and so on.
 */
export function nestedZips(depth: number, text: string): Uint8Array {
  let current = zipOf({ 'leaf.txt': text });
  for (let level = 2; level <= depth; level += 1) current = zipOf({ [`level${level - 1}.zip`]: current });
  return current;
}
