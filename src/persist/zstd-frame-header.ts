/**
 * Reads the header of a Zstandard frame (RFC 8878 §3.1.1) without decompressing anything,
 * so a reader can refuse a decompression bomb before allocating its output: a `.nik` page
 * is accepted only when its frame declares its content size, and that size is the page's.
 * Pure: it reads bytes and imports no zstd binding (the file name says which format it reads).
 */

/** What a frame header says, or why it is not acceptable. */
export type ZstdFrameHeaderResult =
  | { readonly ok: true; readonly contentSizeBytes: bigint; readonly headerBytes: number }
  | { readonly ok: false; readonly problem: string };

/** The zstd frame magic number, u32 little-endian (bytes 28 B5 2F FD). */
export const zstdFrameMagic = 0xfd2fb528;

const dictionaryIdBytes = [0, 1, 2, 4] as const;
const contentSizeFieldBytes = [0, 2, 4, 8] as const;

/**
 * Parses the frame header at the start of `frame`.
 *
 * Accepted frames start with the zstd magic, have no dictionary id and declare their content
 * size (Frame_Content_Size present). Anything else is a problem: skippable frames, legacy
 * frames, the reserved bit set, or a header longer than the bytes given.
 * @param frame - the start of a compressed payload, untrusted
 * @returns the declared content size in bytes and the header's length, or the problem
 */
export function readZstdFrameHeader(frame: Uint8Array): ZstdFrameHeaderResult {
  if (frame.length < 6) return { ok: false, problem: `a zstd frame needs at least 6 bytes, got ${frame.length}` };
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.getUint32(0, true) !== zstdFrameMagic) return { ok: false, problem: 'the payload does not start with the zstd frame magic' };
  const descriptor = frame[4]!;
  if ((descriptor & 0x08) !== 0) return { ok: false, problem: 'the zstd frame header has its reserved bit set' };
  const dictionaryFlag = descriptor & 0x03;
  if (dictionaryFlag !== 0) return { ok: false, problem: 'the zstd frame names a dictionary; .nik payloads use none' };
  const singleSegment = (descriptor & 0x20) !== 0;
  const contentSizeFlag = descriptor >> 6;
  const sizeBytes = contentSizeFlag === 0 ? (singleSegment ? 1 : 0) : contentSizeFieldBytes[contentSizeFlag]!;
  if (sizeBytes === 0) return { ok: false, problem: 'the zstd frame does not declare its content size' };
  const sizeOffset = 5 + (singleSegment ? 0 : 1) + dictionaryIdBytes[dictionaryFlag]!;
  const headerBytes = sizeOffset + sizeBytes;
  if (frame.length < headerBytes) return { ok: false, problem: 'the zstd frame header is truncated' };
  return { ok: true, contentSizeBytes: readContentSize(view, sizeOffset, sizeBytes), headerBytes };
}

function readContentSize(view: DataView, offset: number, sizeBytes: number): bigint {
  switch (sizeBytes) {
    case 1: return BigInt(view.getUint8(offset));
    // RFC 8878: a 2-byte field stores the size minus 256.
    case 2: return BigInt(view.getUint16(offset, true) + 256);
    case 4: return BigInt(view.getUint32(offset, true));
    default: return view.getBigUint64(offset, true);
  }
}
